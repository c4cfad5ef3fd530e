import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { OrderErrors } from './orders.errors.js';
import {
  deleteReservedAllocations,
  moveStock,
  reserveLineCodes,
  restockReservedCodes,
  sellReservedCodes,
} from './orders.queries.js';

export interface LineToReserve {
  lineId: string;
  skuId: string;
  quantity: number;
  productName: string;
  skuName: string;
}

/**
 * Reserves the codes of every card-code line, then moves the SKUs' counters (available to
 * reserved) last, so the hot counter row stays locked only until the commit right after. Lines go
 * in SKU order and counters too: concurrent orders lock in the same order and cannot deadlock.
 * Throws OUT_OF_STOCK when a line cannot get all its codes; the caller's transaction then rolls the
 * partial reservation back.
 */
export async function reserveOrderCodes(
  trx: TenantTx,
  order: { tenantId: string; orderId: string; reservedUntil: Date },
  lines: LineToReserve[],
): Promise<void> {
  const sorted = [...lines].sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
  for (const line of sorted) {
    const got = await reserveLineCodes(trx, {
      tenantId: order.tenantId,
      orderId: order.orderId,
      lineId: line.lineId,
      skuId: line.skuId,
      quantity: line.quantity,
      reservedUntil: order.reservedUntil,
    });
    if (got < line.quantity) throw outOfStock(line, got);
  }
  for (const line of sorted) {
    await moveStock(trx, line.skuId, { available: -line.quantity, reserved: line.quantity });
  }
}

export function outOfStock(line: { productName: string; skuName: string }, left: number) {
  const name = `${line.productName}（${line.skuName}）`;
  return new DomainError(OrderErrors.OUT_OF_STOCK, {
    userMessage:
      left === 0
        ? `很抱歉，“${name}”已售罄，请稍后再来或选择其他商品`
        : `“${name}”库存不足，目前最多还能买 ${left} 件，请减少数量后重试`,
    status: 409,
    details: { left },
  });
}

/**
 * Returns the codes an unpaid order holds to stock and drops its reservations. Returns the SKUs
 * whose stock changed.
 */
export async function releaseOrderCodes(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<string[]> {
  const perSku = await restockReservedCodes(trx, tenantId, orderId);
  for (const sku of perSku) {
    await moveStock(trx, sku.skuId, { available: sku.restocked, reserved: -sku.held });
  }
  await deleteReservedAllocations(trx, tenantId, orderId);
  return perSku.map((s) => s.skuId);
}

/**
 * Marks the reserved codes of these lines sold, exactly once (a line already sold gets none, so
 * running it twice is harmless). Returns how many codes each line and each SKU got now; the caller
 * moves the counters with moveSoldStock as its last statement before committing, so the SKU's hot
 * counter row stays locked as briefly as possible.
 */
export async function sellOrderCodes(
  trx: TenantTx,
  tenantId: string,
  lineIds: string[],
): Promise<{ perLine: Map<string, number>; perSku: Map<string, number> }> {
  const rows = await sellReservedCodes(trx, tenantId, lineIds);
  const perSku = new Map<string, number>();
  const perLine = new Map<string, number>();
  for (const row of rows) {
    perSku.set(row.skuId, (perSku.get(row.skuId) ?? 0) + row.sold);
    perLine.set(row.lineId, (perLine.get(row.lineId) ?? 0) + row.sold);
  }
  return { perLine, perSku };
}

/** Counters for codes just sold: reserved to sold, SKUs in id order (no deadlock). */
export async function moveSoldStock(trx: TenantTx, perSku: Map<string, number>): Promise<void> {
  for (const [skuId, sold] of [...perSku].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await moveStock(trx, skuId, { reserved: -sold, sold });
  }
}
