import type { SupplierTx } from '@cardshop/db';
import type { CodeVault } from './code-crypto.js';
import { requireImportTarget } from './import-target.js';
import { importCodesOptionsSchema, parseInventoryInput } from './inventory.schemas.js';
import { existingBlindIndexes } from './inventory.queries.js';
import { todayInChina } from './parse-code-lines.js';
import { scanCodeLines, type ScanState } from './scan-code-lines.js';

export interface MalformedLine {
  /** 1-based line number in the pasted text or file. */
  line: number;
  reason: string;
}

/** How the lines of an import divide up; the four counts add up to totalLines. */
export interface CodeImportCounts {
  /** Non-blank lines. */
  totalLines: number;
  /** Well-formed codes that are new: what an import writes. */
  valid: number;
  malformed: number;
  /** Repeats of a code that appeared earlier in the same input. */
  duplicatesInFile: number;
  /** Codes the SKU already holds (in any state, voided ones too). */
  duplicatesInStock: number;
}

export interface CodeImportPreview extends CodeImportCounts {
  /** The first malformed lines (up to maxReportedMalformed), in line order. */
  malformedLines: MalformedLine[];
  /** Sellable units the valid codes would add (valid × reuse limit for shared accounts). */
  sellableUnits: number;
  sku: { id: string; name: string; productName: string; codeKind: 'single' | 'reusable' };
}

export const DEFAULT_MAX_REPORTED_MALFORMED = 100;
const LOOKUP_CHUNK = 1000;

/**
 * Reads an import once and reports what it would do, writing nothing: valid, malformed (with
 * line numbers and reasons), duplicates inside the input and duplicates already in stock.
 */
export async function previewCodeImport(
  trx: SupplierTx,
  vault: CodeVault,
  input: {
    skuId: string;
    lines: AsyncIterable<string>;
    maxReportedMalformed?: number;
    today?: string;
  },
): Promise<CodeImportPreview> {
  const { skuId } = parseInventoryInput(importCodesOptionsSchema.pick({ skuId: true }), {
    skuId: input.skuId,
  });
  const target = await requireImportTarget(trx, skuId);
  const maxReported = input.maxReportedMalformed ?? DEFAULT_MAX_REPORTED_MALFORMED;
  const counts: CodeImportCounts = {
    totalLines: 0,
    valid: 0,
    malformed: 0,
    duplicatesInFile: 0,
    duplicatesInStock: 0,
  };
  const malformedLines: MalformedLine[] = [];
  let pending: Buffer[] = [];
  const lookUp = async () => {
    const found = (await existingBlindIndexes(trx, target.skuId, pending)).length;
    counts.duplicatesInStock += found;
    counts.valid += pending.length - found;
    pending = [];
  };

  const state: ScanState = { linesRead: 0 };
  const today = input.today ?? todayInChina();
  for await (const item of scanCodeLines(vault, target.skuId, input.lines, { today, state })) {
    counts.totalLines++;
    if (item.kind === 'malformed') {
      counts.malformed++;
      if (malformedLines.length < maxReported)
        malformedLines.push({ line: item.line, reason: item.reason });
    } else if (item.kind === 'duplicate_in_file') {
      counts.duplicatesInFile++;
    } else {
      pending.push(item.blindIndex);
      if (pending.length >= LOOKUP_CHUNK) await lookUp();
    }
  }
  await lookUp();

  return {
    ...counts,
    malformedLines,
    sellableUnits: counts.valid * target.unitsPerCode,
    sku: {
      id: target.skuId,
      name: target.skuName,
      productName: target.productName,
      codeKind: target.codeKind,
    },
  };
}
