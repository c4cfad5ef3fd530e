import { withSupplier, type Database } from '@cardshop/db';
import { DomainError, isDomainError } from '../errors.js';
import { checkLowStock } from './check-low-stock.js';
import type { CodeVault } from './code-crypto.js';
import { requireImportTarget } from './import-target.js';
import { InventoryErrors } from './inventory.errors.js';
import {
  addAvailableStock,
  addToBatchCounts,
  finishCodeBatch,
  findStock,
  insertCardCodes,
  insertCodeBatch,
  type NewCardCode,
} from './inventory.queries.js';
import { importCodesOptionsSchema, parseInventoryInput } from './inventory.schemas.js';
import { parseCodeLine, todayInChina } from './parse-code-lines.js';
import { DEFAULT_MAX_REPORTED_MALFORMED, type MalformedLine } from './preview-code-import.js';
import { isOneShot, scanCodeLines, type ScanState } from './scan-code-lines.js';

export interface CodeImportProgress {
  /** Raw lines read so far, blank ones included (compare with countFileLines). */
  linesRead: number;
  imported: number;
  duplicatesInFile: number;
  duplicatesInStock: number;
  malformed: number;
  /** Transactions committed so far. */
  batches: number;
}

export interface ImportCodesInput {
  supplier: { id: string; ownerTenantId: string | null };
  skuId: string;
  source: 'paste' | 'file' | 'cli';
  filename?: string;
  /**
   * The lines to import. When skipMalformed is false it is read twice (a validation pass that
   * writes nothing, then the import), so pass a re-iterable source: fileLines() or textLines().
   */
  lines: AsyncIterable<string>;
  /** Skip malformed lines; only after the supplier confirmed it. Otherwise any refuses it all. */
  skipMalformed: boolean;
  /** Codes per transaction, 1 to 5,000; default 1,000. */
  batchSize?: number;
  onProgress?: (progress: CodeImportProgress) => void;
  createdBy?: string;
  /** Today as YYYY-MM-DD (codes that expired before it are malformed); defaults to China's. */
  today?: string;
}

export interface CodeImportResult {
  batchId: string;
  totalLines: number;
  imported: number;
  duplicatesInFile: number;
  duplicatesInStock: number;
  malformed: number;
  malformedLines: MalformedLine[];
  /** Sellable units added to the SKU's stock. */
  unitsAdded: number;
  /** The SKU's sellable stock after the import. */
  available: number;
}

const MALFORMED_IN_MESSAGE = 5;

function malformedMessage(count: number, lines: MalformedLine[], prefix: string) {
  const shown = lines
    .slice(0, MALFORMED_IN_MESSAGE)
    .map((m) => `第 ${m.line} 行：${m.reason}`)
    .join('；');
  return `${prefix}有 ${count} 行格式不正确（${shown}${count > MALFORMED_IN_MESSAGE ? ' 等' : ''}）`;
}

/**
 * Imports card codes into one SKU, streamed: lines are read one at a time and written in batches,
 * each in its own transaction with the batch counters and the SKU's stock, so memory stays bounded
 * whatever the size of the input. Nothing is written when the import is refused (wrong SKU,
 * suspended supplier, malformed lines not confirmed, nothing to import). If it fails midway, the
 * batches already committed stay (they are real stock), the batch is marked failed, and importing
 * the same input again adds only what is missing: the rest are duplicates in stock.
 */
export async function importCodes(
  db: Database,
  vault: CodeVault,
  input: ImportCodesInput,
): Promise<CodeImportResult> {
  const options = parseInventoryInput(importCodesOptionsSchema, {
    skuId: input.skuId,
    source: input.source,
    filename: input.filename,
    skipMalformed: input.skipMalformed,
    batchSize: input.batchSize,
    createdBy: input.createdBy,
  });
  const { supplier, lines } = input;
  const today = input.today ?? todayInChina();

  const target = await withSupplier(db, supplier, (trx) => requireImportTarget(trx, options.skuId));

  let expectedLines: number | undefined;
  if (!options.skipMalformed) {
    if (isOneShot(lines)) {
      throw new TypeError('importCodes: lines is read twice; pass fileLines() or textLines()');
    }
    const check = await validateLines(lines, today);
    if (check.malformed > 0) {
      throw new DomainError(InventoryErrors.MALFORMED_LINES, {
        userMessage: `${malformedMessage(check.malformed, check.malformedLines, '')}，未导入任何卡密。请修正后重新导入，或确认跳过这些行。`,
        status: 422,
        details: { malformed: check.malformed, malformedLines: check.malformedLines },
      });
    }
    if (check.totalLines === 0) throw nothingToImport();
    expectedLines = check.totalLines;
  }

  // What the lines were (scanned), what of it the batch row already records, and what the
  // database took (stored).
  const scanned = { totalLines: 0, duplicatesInFile: 0, malformed: 0 };
  const recorded = { ...scanned };
  const stored = { imported: 0, duplicatesInStock: 0, unitsAdded: 0, available: 0, batches: 0 };
  const malformedLines: MalformedLine[] = [];
  const state: ScanState = { linesRead: 0 };
  let batchId: string | undefined;
  let pending: NewCardCode[] = [];
  let inFlight: Promise<void> | undefined;

  const write = async (
    codes: NewCardCode[],
    lineCounts: typeof scanned,
    at: { linesRead: number } & typeof scanned,
    final: boolean,
  ) => {
    const outcome = await withSupplier(db, supplier, async (trx) => {
      // The SKU or the supplier may have been delisted or suspended since the last batch.
      const current = await requireImportTarget(trx, options.skuId);
      const id =
        batchId ??
        (await insertCodeBatch(trx, {
          supplierId: current.supplierId,
          skuId: current.skuId,
          source: options.source,
          filename: options.filename ?? null,
          createdBy: options.createdBy ?? null,
        }));
      const inserted = await insertCardCodes(
        trx,
        {
          skuId: current.skuId,
          supplierId: current.supplierId,
          batchId: id,
          sellLimit: current.unitsPerCode,
        },
        codes,
      );
      await addToBatchCounts(trx, id, {
        ...lineCounts,
        imported: inserted,
        duplicatesInStock: codes.length - inserted,
      });
      const units = inserted * current.unitsPerCode;
      if (units > 0) await addAvailableStock(trx, current, units);
      let available: number | undefined;
      if (final) {
        await finishCodeBatch(trx, id, { status: 'done' });
        await checkLowStock(trx, current.skuId);
        available = (await findStock(trx, current.skuId))?.available ?? 0;
      }
      return { id, inserted, units, available };
    });
    // Only a committed transaction moves the counters.
    batchId = outcome.id;
    stored.batches++;
    stored.imported += outcome.inserted;
    stored.duplicatesInStock += codes.length - outcome.inserted;
    stored.unitsAdded += outcome.units;
    if (outcome.available !== undefined) stored.available = outcome.available;
    input.onProgress?.({
      linesRead: at.linesRead,
      imported: stored.imported,
      duplicatesInFile: at.duplicatesInFile,
      duplicatesInStock: stored.duplicatesInStock,
      malformed: at.malformed,
      batches: stored.batches,
    });
  };

  // One batch is written while the next is read and sealed: the database and the encryption
  // work on different cores. At most two batches are in memory.
  const flush = async (final: boolean) => {
    if (inFlight) await inFlight;
    const codes = pending;
    pending = [];
    const lineCounts = {
      totalLines: scanned.totalLines - recorded.totalLines,
      duplicatesInFile: scanned.duplicatesInFile - recorded.duplicatesInFile,
      malformed: scanned.malformed - recorded.malformed,
    };
    Object.assign(recorded, scanned);
    inFlight = write(codes, lineCounts, { linesRead: state.linesRead, ...scanned }, final);
    // Handled here so a failure while the next batch is being read is not an unhandled
    // rejection; it is rethrown at the next await.
    inFlight.catch(() => {});
    if (final) await inFlight;
  };

  try {
    for await (const item of scanCodeLines(vault, target.skuId, lines, { today, state })) {
      scanned.totalLines++;
      if (item.kind === 'malformed') {
        if (!options.skipMalformed) {
          throw new DomainError(InventoryErrors.SOURCE_CHANGED, {
            userMessage: `文件在导入过程中被修改（第 ${item.line} 行：${item.reason}），导入已中止`,
            status: 409,
          });
        }
        scanned.malformed++;
        if (malformedLines.length < DEFAULT_MAX_REPORTED_MALFORMED)
          malformedLines.push({ line: item.line, reason: item.reason });
      } else if (item.kind === 'duplicate_in_file') {
        scanned.duplicatesInFile++;
      } else {
        const { keyId, sealed } = vault.seal(
          item.password === undefined
            ? { code: item.code }
            : { code: item.code, password: item.password },
        );
        pending.push({
          keyId,
          sealed,
          blindIndex: item.blindIndex,
          expiresOn: item.expiresOn ?? null,
        });
        if (pending.length >= options.batchSize) await flush(false);
      }
    }
    if (expectedLines !== undefined && scanned.totalLines === 0) {
      throw new TypeError(
        'importCodes: lines yielded nothing the second time; pass a re-iterable source',
      );
    }
    if (inFlight === undefined && pending.length === 0) {
      if (scanned.malformed > 0) {
        throw new DomainError(InventoryErrors.NOTHING_TO_IMPORT, {
          userMessage: malformedMessage(scanned.malformed, malformedLines, '没有可导入的卡密：'),
          status: 422,
          details: { malformed: scanned.malformed, malformedLines },
        });
      }
      throw nothingToImport();
    }
    await flush(true);
  } catch (error) {
    await inFlight?.catch(() => {});
    if (batchId !== undefined) await markFailed(db, supplier, batchId, error);
    throw error;
  }

  return {
    batchId: batchId!,
    totalLines: scanned.totalLines,
    imported: stored.imported,
    duplicatesInFile: scanned.duplicatesInFile,
    duplicatesInStock: stored.duplicatesInStock,
    malformed: scanned.malformed,
    malformedLines,
    unitsAdded: stored.unitsAdded,
    available: stored.available,
  };
}

function nothingToImport() {
  return new DomainError(InventoryErrors.NOTHING_TO_IMPORT, {
    userMessage: '没有可导入的卡密：内容为空',
    status: 422,
  });
}

async function validateLines(lines: AsyncIterable<string>, today: string) {
  let totalLines = 0;
  let malformed = 0;
  let lineNo = 0;
  const malformedLines: MalformedLine[] = [];
  for await (const raw of lines) {
    lineNo++;
    const parsed = parseCodeLine(raw, { today });
    if (!parsed) continue;
    totalLines++;
    if (!parsed.ok) {
      malformed++;
      if (malformedLines.length < DEFAULT_MAX_REPORTED_MALFORMED)
        malformedLines.push({ line: lineNo, reason: parsed.reason });
    }
  }
  return { totalLines, malformed, malformedLines };
}

async function markFailed(
  db: Database,
  supplier: ImportCodesInput['supplier'],
  batchId: string,
  error: unknown,
) {
  const message = isDomainError(error)
    ? error.userMessage
    : '导入因内部错误中断；已写入的卡密保留，重新导入同一文件只会补上缺少的部分';
  try {
    await withSupplier(db, supplier, (trx) =>
      finishCodeBatch(trx, batchId, { status: 'failed', error: message.slice(0, 500) }),
    );
  } catch {
    // The original error is the one worth reporting; the batch stays 'importing'.
  }
}
