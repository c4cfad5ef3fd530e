import type { ProductType, TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { hasCountedStock } from '../inventory/counted-stock.js';
import { OrderErrors } from './orders.errors.js';
import {
  deleteReservedAllocations,
  deleteReservedHolds,
  insertStockHold,
  lockReservedHolds,
  moveStock,
  reserveLineCodes,
  reserveUnits,
  restockReservedCodes,
  selectAvailableUnits,
  sellReservedCodes,
} from './orders.queries.js';

export interface LineToReserve {
  lineId: string;
  skuId: string;
  supplierId: string;
  productType: ProductType;
  quantity: number;
  productName: string;
  skuName: string;
}

const bySku = <T extends { skuId: string }>(a: T, b: T) =>
  a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0;

/**
 * Reserves the stock of every counted line: the codes of card-code lines, and a hold on the
 * units of physical-card lines; then moves the SKUs' counters (available to reserved) last, so
 * the hot counter row stays locked only until the commit right after. Lines go in SKU order and
 * counters too: concurrent orders lock in the same order and cannot deadlock. A physical card's
 * counters move by one conditional update (only while enough are available). Throws OUT_OF_STOCK
 * when a line cannot get all its units; the caller's transaction then rolls the partial
 * reservation back. Top-up lines hold no stock and are skipped.
 */
export async function reserveOrderStock(
  trx: TenantTx,
  order: { tenantId: string; orderId: string; reservedUntil: Date },
  lines: LineToReserve[],
): Promise<void> {
  const sorted = lines.filter((l) => hasCountedStock(l.productType)).sort(bySku);
  for (const line of sorted) {
    if (line.productType === 'card_code') {
      const got = await reserveLineCodes(trx, {
        tenantId: order.tenantId,
        orderId: order.orderId,
        lineId: line.lineId,
        skuId: line.skuId,
        quantity: line.quantity,
        reservedUntil: order.reservedUntil,
      });
      if (got < line.quantity) throw outOfStock(line, got);
    } else {
      await insertStockHold(trx, {
        tenantId: order.tenantId,
        orderId: order.orderId,
        lineId: line.lineId,
        skuId: line.skuId,
        supplierId: line.supplierId,
        quantity: line.quantity,
      });
    }
  }
  for (const line of sorted) {
    if (line.productType === 'card_code') {
      await moveStock(trx, line.skuId, { available: -line.quantity, reserved: line.quantity });
    } else if (!(await reserveUnits(trx, line.skuId, line.quantity))) {
      throw outOfStock(line, await selectAvailableUnits(trx, line.skuId));
    }
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
 * Returns what an unpaid order holds to stock, codes and physical cards alike, and drops its
 * reservations. Returns the SKUs whose stock changed.
 */
export async function releaseOrderStock(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<string[]> {
  const perSku = await restockReservedCodes(trx, tenantId, orderId);
  const held = await lockReservedHolds(trx, tenantId, { orderId });
  const moves = [
    ...perSku.map((s) => ({ skuId: s.skuId, available: s.restocked, reserved: -s.held })),
    ...unitsPerSku(held).map((s) => ({ skuId: s.skuId, available: s.units, reserved: -s.units })),
  ].sort(bySku);
  for (const { skuId, ...delta } of moves) await moveStock(trx, skuId, delta);
  await deleteReservedAllocations(trx, tenantId, orderId);
  if (held.length > 0) await deleteReservedHolds(trx, tenantId, { orderId });
  return moves.map((m) => m.skuId);
}

/**
 * Puts the physical cards one paid line still holds (not shipped) back on sale: a refund before
 * the card went out. Returns the SKU and units, or undefined when the line holds none (shipped,
 * or never held).
 */
export async function releaseLineUnits(
  trx: TenantTx,
  tenantId: string,
  lineId: string,
): Promise<{ skuId: string; units: number } | undefined> {
  const [hold] = await lockReservedHolds(trx, tenantId, { lineId });
  if (!hold) return undefined;
  await moveStock(trx, hold.skuId, { available: hold.quantity, reserved: -hold.quantity });
  await deleteReservedHolds(trx, tenantId, { lineId });
  return { skuId: hold.skuId, units: hold.quantity };
}

function unitsPerSku(holds: Array<{ skuId: string; quantity: number }>) {
  const units = new Map<string, number>();
  for (const h of holds) units.set(h.skuId, (units.get(h.skuId) ?? 0) + h.quantity);
  return [...units].map(([skuId, n]) => ({ skuId, units: n }));
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
