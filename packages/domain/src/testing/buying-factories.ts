import { randomUUID } from 'node:crypto';
import {
  withSupplier,
  withTenant,
  type Database,
  type ProductType,
  type TopupField,
} from '@cardshop/db';
import { adjustPhysicalStock } from '../inventory/adjust-physical-stock.js';
import { importCodes } from '../inventory/import-codes.js';
import { textLines } from '../inventory/line-sources.js';
import { addListing } from '../listings/add-listing.js';
import { createOrder, type CreateOrderOptions } from '../orders/create-order.js';
import type { CreateOrderInput } from '../orders/orders.schemas.js';
import { buildCatalogItem, type SupplierRef } from './catalog-factories.js';
import { buildTenant } from './factories.js';
import { buildCodeVault } from './inventory-factories.js';

export interface ShopSku {
  tenantId: string;
  listingId: string;
  skuId: string;
  productId: string;
  supplier: SupplierRef;
  /** The plain codes in stock (card_code products). */
  codes: string[];
  vault: ReturnType<typeof buildCodeVault>['vault'];
  priceFen: number;
  wholesaleFen: number;
}

/**
 * A shop selling one SKU: a supplier's product and SKU (10.00 yuan wholesale unless told), `codes`
 * card codes imported through the real import (a physical card: `stock` cards on hand, 10 unless
 * told, set as its supplier does), and the shop's listing at `priceFen` (12.00 yuan). Pass
 * `tenantId` or `supplier` to reuse them.
 */
export async function buildShopSku(
  db: Database,
  options: {
    tenantId?: string;
    supplier?: SupplierRef;
    vault?: ShopSku['vault'];
    codes?: number;
    /** physical_card: the quantity on hand. */
    stock?: number;
    productType?: ProductType;
    topupFields?: TopupField[];
    codeKind?: 'single' | 'reusable';
    reuseLimit?: number;
    priceFen?: number;
    wholesaleFen?: number;
    minPerOrder?: number;
    maxPerOrder?: number;
    lowStockThreshold?: number;
  } = {},
): Promise<ShopSku> {
  const tenantId = options.tenantId ?? (await buildTenant(db)).id;
  const productType = options.productType ?? 'card_code';
  const wholesaleFen = options.wholesaleFen ?? 1000;
  const priceFen = options.priceFen ?? 1200;
  const { supplier, product, sku } = await buildCatalogItem(db, {
    ...(options.supplier ? { supplier: options.supplier } : {}),
    product: {
      type: productType,
      name:
        productType === 'card_code'
          ? '王者荣耀点券'
          : productType === 'direct_topup'
            ? '话费直充'
            : '实体游戏卡',
      ...(productType === 'direct_topup'
        ? {
            topupFields: options.topupFields ?? [
              { key: 'phone', label: '充值手机号', kind: 'mobile_cn', required: true },
            ],
          }
        : {}),
    },
    sku: {
      name: '面值 10 元',
      wholesalePriceFen: wholesaleFen,
      minPerOrder: options.minPerOrder ?? 1,
      maxPerOrder: options.maxPerOrder ?? 10,
      lowStockThreshold: options.lowStockThreshold ?? 0,
      ...(options.codeKind === 'reusable'
        ? { codeKind: 'reusable' as const, reuseLimit: options.reuseLimit ?? 3 }
        : {}),
    },
  });
  const vault = options.vault ?? buildCodeVault().vault;
  const codes = Array.from(
    { length: productType === 'card_code' ? (options.codes ?? 10) : 0 },
    () => `CODE-${randomUUID().slice(0, 13).toUpperCase()}`,
  );
  if (codes.length > 0) {
    await importCodes(db, vault, {
      supplier: { id: supplier.id, ownerTenantId: supplier.ownerTenantId ?? null },
      skuId: sku.id,
      source: 'paste',
      lines: textLines(codes.join('\n')),
      skipMalformed: false,
      batchSize: 5_000,
    });
  }
  if (productType === 'physical_card' && (options.stock ?? 10) > 0) {
    await withSupplier(db, supplier, (trx) =>
      adjustPhysicalStock(
        trx,
        { skuId: sku.id, mode: 'set', quantity: options.stock ?? 10, reason: '初始库存' },
        { type: 'system', id: 'test' },
      ),
    );
  }
  const listing = await withTenant(db, tenantId, (trx) =>
    addListing(trx, { skuId: sku.id, pricing: { mode: 'fixed', retailPriceFen: priceFen } }),
  );
  return {
    tenantId,
    listingId: listing.id,
    skuId: sku.id,
    productId: product.id,
    supplier,
    codes,
    vault,
    priceFen,
    wholesaleFen,
  };
}

/** A signed-in buyer's order of `quantity` of the SKU (a fresh customer id unless given). */
export function buildOrder(
  db: Database,
  shop: Pick<ShopSku, 'tenantId' | 'listingId'>,
  overrides: Partial<CreateOrderInput> & { quantity?: number } = {},
  options: CreateOrderOptions = {},
) {
  const { quantity, ...rest } = overrides;
  return createOrder(
    db,
    {
      tenantId: shop.tenantId,
      idempotencyKey: `test-${randomUUID()}`,
      customerId: randomUUID(),
      lines: [{ listingId: shop.listingId, quantity: quantity ?? 1 }],
      ip: null,
      ...rest,
    },
    options,
  );
}
