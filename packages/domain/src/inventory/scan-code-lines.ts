import type { CodeVault } from './code-crypto.js';
import { parseCodeLine } from './parse-code-lines.js';

export type ScannedLine =
  | { kind: 'malformed'; line: number; reason: string }
  | { kind: 'duplicate_in_file'; line: number }
  | {
      kind: 'code';
      line: number;
      code: string;
      password?: string;
      expiresOn?: string;
      blindIndex: Buffer;
    };

export interface ScanState {
  /** Raw lines read so far, blank ones included (what a progress bar counts). */
  linesRead: number;
}

/**
 * Parses a stream of lines and tells each code's first occurrence from its repeats in the same
 * input. Only the 32-byte blind indexes are remembered (as 32-character latin1 strings, about
 * 70 bytes each with the Set's overhead: ~7 MB for 100,000 codes), never the codes.
 */
export async function* scanCodeLines(
  vault: CodeVault,
  skuId: string,
  lines: AsyncIterable<string>,
  options: { today: string; state: ScanState },
): AsyncGenerator<ScannedLine> {
  const seen = new Set<string>();
  for await (const raw of lines) {
    const line = ++options.state.linesRead;
    const parsed = parseCodeLine(raw, { today: options.today });
    if (!parsed) continue;
    if (!parsed.ok) {
      yield { kind: 'malformed', line, reason: parsed.reason };
      continue;
    }
    const blindIndex = vault.blindIndex(skuId, parsed.code);
    const key = blindIndex.toString('latin1');
    if (seen.has(key)) {
      yield { kind: 'duplicate_in_file', line };
      continue;
    }
    seen.add(key);
    yield { kind: 'code', line, ...parsed, blindIndex };
  }
}

/** Whether a line source is a one-shot iterator (a generator) that cannot be read twice. */
export function isOneShot(lines: AsyncIterable<string>): boolean {
  return typeof (lines as { next?: unknown }).next === 'function';
}
