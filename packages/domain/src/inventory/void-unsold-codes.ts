import type { SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { checkLowStock } from './check-low-stock.js';
import { InventoryErrors } from './inventory.errors.js';
import {
  addToBatchVoided,
  batchExists,
  removeAvailableStock,
  voidAvailableCodes,
} from './inventory.queries.js';
import { parseInventoryInput, voidCodesSchema, type VoidCodesInput } from './inventory.schemas.js';

/**
 * Voids a supplier's unsold codes: a whole batch, or chosen codes. Only codes still available are
 * touched (reserved, sold, quarantined and held ones are left alone); the batch's voided count and
 * the SKU's stock change in the same transaction. Returns how many codes were voided.
 */
export async function voidUnsoldCodes(trx: SupplierTx, input: VoidCodesInput): Promise<number> {
  const which = parseInventoryInput(voidCodesSchema, input);
  if ('batchId' in which && !(await batchExists(trx, which.batchId))) {
    throw new DomainError(InventoryErrors.BATCH_NOT_FOUND, {
      userMessage: '找不到这个导入批次',
      status: 404,
    });
  }
  const groups = await voidAvailableCodes(trx, which);
  const unitsBySku = new Map<string, number>();
  let voided = 0;
  for (const group of groups) {
    voided += group.codes;
    await addToBatchVoided(trx, group.batchId, group.codes);
    unitsBySku.set(group.skuId, (unitsBySku.get(group.skuId) ?? 0) + group.units);
  }
  for (const [skuId, units] of unitsBySku) {
    if (units > 0) await removeAvailableStock(trx, skuId, units);
    await checkLowStock(trx, skuId);
  }
  return voided;
}
