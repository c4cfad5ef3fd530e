import type { PlatformTx, SupplierTx } from '@cardshop/db';
import { hasCountedStock } from './counted-stock.js';
import {
  claimLowStockMark,
  clearLowStockMark,
  findLowStockSubject,
  insertSupplierNotification,
} from './inventory.queries.js';

export interface LowStockCheck {
  available: number;
  threshold: number;
  /** True when this call wrote the low-stock notice. */
  notified: boolean;
}

/**
 * Tells the supplier once when a SKU's sellable stock falls to its low-stock threshold or below,
 * and re-arms when stock rises above it again (sku_stock.low_stock_notified_at). Call it in the
 * transaction that changed the stock. Only SKUs on sale (SKU and product active) of counted stock
 * (card codes, physical cards) notify.
 *
 * It writes supplier rows, so it needs the supplier's own scope or the platform's: a shop's
 * TenantTx cannot (RLS), so the buying flow calls it from its delivery job under asSystem.
 * Returns undefined when the SKU has no stock row yet.
 */
export async function checkLowStock(
  trx: SupplierTx | PlatformTx,
  skuId: string,
): Promise<LowStockCheck | undefined> {
  const subject = await findLowStockSubject(trx, skuId);
  if (!subject) return undefined;
  const { threshold } = subject;
  if (subject.available > threshold) {
    await clearLowStockMark(trx, skuId, threshold);
    return { available: subject.available, threshold, notified: false };
  }
  if (
    subject.skuStatus !== 'active' ||
    subject.productStatus !== 'active' ||
    !hasCountedStock(subject.productType)
  ) {
    return { available: subject.available, threshold, notified: false };
  }
  const claimed = await claimLowStockMark(trx, skuId, threshold);
  if (!claimed) return { available: subject.available, threshold, notified: false };

  const label = `${subject.productName} / ${subject.skuName}`;
  // Codes are imported; a physical card's quantity on hand is set on the SKU's page.
  const physical = subject.productType === 'physical_card';
  await insertSupplierNotification(trx, {
    supplierId: subject.supplierId,
    kind: 'low_stock',
    title:
      claimed.available === 0
        ? `已售罄：${subject.productName}（${subject.skuName}）`
        : `库存不足：${subject.productName}（${subject.skuName}）`,
    body:
      claimed.available === 0
        ? `「${label}」已没有可售库存，买家暂时无法购买，请尽快${physical ? '补充库存' : '导入卡密'}。`
        : `「${label}」仅剩 ${claimed.available} 件可售，已达到库存预警线（${threshold} 件），请及时${physical ? '补充库存' : '补充卡密'}。`,
    data: {
      skuId: subject.skuId,
      productId: subject.productId,
      available: claimed.available,
      threshold,
    },
  });
  return { available: claimed.available, threshold, notified: true };
}
