import type { ScopedTx, SupplierTx } from '@cardshop/db';
import { findStock } from './inventory.queries.js';
import { importCodesOptionsSchema, parseInventoryInput } from './inventory.schemas.js';

export interface SkuStock {
  skuId: string;
  /** Sellable units now (a shared-account code counts its remaining uses). */
  available: number;
  reserved: number;
  sold: number;
  lowStockThreshold: number;
  /** At or under the low-stock threshold. */
  low: boolean;
}

/**
 * A SKU's stock from its counter row (one row read, cheap on every page view); zeros before the
 * first import. Undefined when the SKU does not exist or this scope cannot see it.
 */
export async function getSkuStock(
  trx: SupplierTx | ScopedTx,
  skuId: string,
): Promise<SkuStock | undefined> {
  const input = parseInventoryInput(importCodesOptionsSchema.pick({ skuId: true }), { skuId });
  const row = await findStock(trx, input.skuId);
  if (!row) return undefined;
  const available = row.available ?? 0;
  return {
    skuId: row.skuId,
    available,
    reserved: row.reserved ?? 0,
    sold: row.sold ?? 0,
    lowStockThreshold: row.lowStockThreshold,
    low: available <= row.lowStockThreshold,
  };
}
