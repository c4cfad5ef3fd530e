import type { SupplierTx } from '@cardshop/db';
import { listBatchesOfSku, listRecentBatches } from './inventory.queries.js';
import { importCodesOptionsSchema, parseInventoryInput } from './inventory.schemas.js';

export interface CodeBatchSummary {
  id: string;
  source: 'paste' | 'file' | 'cli';
  filename: string | null;
  status: 'importing' | 'done' | 'failed';
  totalLines: number;
  imported: number;
  duplicatesInFile: number;
  duplicatesInStock: number;
  malformed: number;
  voided: number;
  /** Codes of this batch still available for sale now. */
  available: number;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

/** A SKU's import batches, newest first, as its supplier sees them. */
export async function listCodeBatches(
  trx: SupplierTx,
  skuId: string,
  options: { limit?: number } = {},
): Promise<CodeBatchSummary[]> {
  const input = parseInventoryInput(importCodesOptionsSchema.pick({ skuId: true }), { skuId });
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 500);
  const rows = await listBatchesOfSku(trx, input.skuId, limit);
  return rows.map((r) => ({ ...r, available: Number(r.available ?? 0) }));
}

export interface SupplierBatch extends CodeBatchSummary {
  sku: { id: string; name: string; productId: string; productName: string };
}

/** The supplier's latest import batches across all its SKUs, newest first, in one query. */
export async function listSupplierBatches(
  trx: SupplierTx,
  options: { limit?: number } = {},
): Promise<SupplierBatch[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 500);
  const rows = await listRecentBatches(trx, limit);
  return rows.map(({ skuId, skuName, productId, productName, ...batch }) => ({
    ...batch,
    available: Number(batch.available ?? 0),
    sku: { id: skuId, name: skuName, productId, productName },
  }));
}
