import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, test } from 'vitest';
import { buildCodeVault, buildInventorySku, useTestDatabase } from '../testing/index.js';
import { importCodes } from './import-codes.js';
import { countFileLines, fileLines } from './line-sources.js';
import { parseCodeLine } from './parse-code-lines.js';

const t = useTestDatabase();
const { vault } = buildCodeVault();
const dir = mkdtempSync(path.join(tmpdir(), 'codes-100k-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = 100_000;

// Live heap, not garbage waiting for the collector: a full collection before each sample.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const liveHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const MB = 2 ** 20;
// Measured here: ~11 MB live while importing, ~52 MB with the codes held at once.
const BOUND = 32 * MB;

/** A realistic card file: 16-digit card numbers with 12-character passwords, CRLF, a few repeats. */
async function writeCodeFile(file: string) {
  const out = createWriteStream(file);
  for (let i = 0; i < LINES; i++) {
    const n = i % 1000 === 999 ? i - 1 : i; // every thousandth line repeats the one before
    const password = createHash('sha1').update(String(n)).digest('hex').slice(0, 12);
    const line = `${String(8_800_000_000_000_000 + n)}----${password}\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('importCodes at scale', () => {
  test('imports 100,000 lines from a file in bounded memory and reasonable time', async () => {
    const file = path.join(dir, 'codes.txt');
    await writeCodeFile(file);
    expect(await countFileLines(file)).toBe(LINES);
    const sku = await buildInventorySku(t.db);

    const baseline = liveHeap();
    let peak = 0;
    let calls = 0;
    const started = performance.now();
    const result = await importCodes(t.db, vault, {
      supplier: sku.supplier,
      skuId: sku.skuId,
      source: 'file',
      filename: 'codes.txt',
      lines: fileLines(file),
      skipMalformed: false,
      batchSize: 5000,
      onProgress: () => {
        calls++;
        peak = Math.max(peak, liveHeap() - baseline);
      },
    });
    const seconds = (performance.now() - started) / 1000;

    // The same codes held at once, as a naive import would before writing them.
    const naiveBaseline = liveHeap();
    const held = [];
    for await (const line of fileLines(file)) {
      const parsed = parseCodeLine(line);
      if (parsed?.ok)
        held.push({ ...vault.seal(parsed), index: vault.blindIndex(sku.skuId, parsed.code) });
    }
    const naive = liveHeap() - naiveBaseline;
    held.length = 0;
    console.warn(
      `100k import: ${seconds.toFixed(1)} s; live heap growth ${(peak / MB).toFixed(1)} MB ` +
        `(holding the codes at once: ${(naive / MB).toFixed(1)} MB)`,
    );

    expect(result).toMatchObject({
      totalLines: LINES,
      imported: LINES - 100,
      duplicatesInFile: 100,
      duplicatesInStock: 0,
      malformed: 0,
      available: LINES - 100,
    });
    expect(calls).toBe(20);
    const count = await t.owner
      .selectFrom('card_codes')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('sku_id', '=', sku.skuId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(LINES - 100);
    // Bounded: the duplicate filter's ~7 MB of digests, two batches and the driver's buffers.
    expect(peak).toBeLessThan(BOUND);
    expect(naive).toBeGreaterThan(BOUND);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
