import {
  sql,
  type OrderLineStatus,
  type OrderStatus,
  type ProductType,
  type StockDisplay,
  type TenantTx,
} from '@cardshop/db';
import { onSale } from '../storefront/storefront.queries.js';

// The public API's reads, each inside the key's tenant transaction (RLS), each with the tenant
// filter as well.

export async function selectStockDisplay(
  trx: TenantTx,
  tenantId: string,
): Promise<StockDisplay | undefined> {
  const row = await trx
    .selectFrom('tenants')
    .select('stock_display')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return row?.stock_display;
}

export interface CatalogRow {
  listingId: string;
  productId: string;
  productName: string;
  productType: ProductType;
  category: string;
  categoryEn: string;
  skuId: string;
  skuName: string;
  faceValueFen: number | null;
  priceFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  /** Sellable units of counted stock (card codes, physical cards); null: no limit (top-ups). */
  available: number | null;
}

/**
 * One page of the listings a buyer can see, one row per SKU, in the shop's order. "On sale" is
 * the storefront's own rule (storefront.queries.ts onSale()): visible and active listing, active
 * SKU and product, not in a hidden shop category.
 */
export function selectCatalogPage(
  trx: TenantTx,
  input: { tenantId: string; offset: number; limit: number },
): Promise<CatalogRow[]> {
  return onSale(trx, input.tenantId)
    .select([
      'l.id as listingId',
      'p.id as productId',
      'p.name as productName',
      'p.type as productType',
      'pc.name as category',
      'pc.name_en as categoryEn',
      's.id as skuId',
      's.name as skuName',
      's.face_value_fen as faceValueFen',
      'l.price_fen as priceFen',
      's.min_per_order as minPerOrder',
      's.max_per_order as maxPerOrder',
      sql<
        number | null
      >`case when p.type in ('card_code', 'physical_card') then coalesce(st.available, 0) end`.as(
        'available',
      ),
    ])
    .orderBy('l.sort_order')
    .orderBy('p.name')
    .orderBy('s.sort_order')
    .orderBy('l.id')
    .offset(input.offset)
    .limit(input.limit)
    .execute();
}

export interface ApiOrderRow {
  id: string;
  number: string;
  status: OrderStatus;
  currency: string;
  totalFen: number;
  refundedFen: number;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  deliveredAt: Date | null;
  closedAt: Date | null;
  /** created_at in whole microseconds since the epoch: the cursor keeps PostgreSQL's precision. */
  createdMicros: string;
}

const orderColumns = [
  'o.id',
  'o.number',
  'o.status',
  'o.currency',
  'o.total_fen as totalFen',
  'o.refunded_fen as refundedFen',
  'o.created_at as createdAt',
  'o.expires_at as expiresAt',
  'o.paid_at as paidAt',
  'o.delivered_at as deliveredAt',
  'o.closed_at as closedAt',
  sql<string>`(extract(epoch from o.created_at) * 1000000)::bigint::text`.as('createdMicros'),
] as const;

export function selectApiOrderByNumber(
  trx: TenantTx,
  tenantId: string,
  number: string,
): Promise<ApiOrderRow | undefined> {
  return trx
    .selectFrom('orders as o')
    .select(orderColumns)
    .where('o.tenant_id', '=', tenantId)
    .where('o.number', '=', number)
    .executeTakeFirst();
}

/** Newest first by (created_at, id), older than the cursor when there is one. */
export function selectApiOrders(
  trx: TenantTx,
  input: {
    tenantId: string;
    status: OrderStatus | null;
    since: Date | null;
    before: { micros: string; id: string } | null;
    limit: number;
  },
): Promise<ApiOrderRow[]> {
  let query = trx
    .selectFrom('orders as o')
    .select(orderColumns)
    .where('o.tenant_id', '=', input.tenantId);
  if (input.status) query = query.where('o.status', '=', input.status);
  if (input.since) query = query.where('o.created_at', '>=', input.since);
  if (input.before) {
    const { micros, id } = input.before;
    query = query.where(
      sql<boolean>`(o.created_at, o.id) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::uuid)`,
    );
  }
  return query.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(input.limit).execute();
}

export interface ApiOrderLineRow {
  orderId: string;
  lineNo: number;
  productId: string;
  skuId: string;
  productType: ProductType;
  productName: string;
  skuName: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
  status: OrderLineStatus;
  deliveredAt: Date | null;
  refundedAt: Date | null;
}

/** The lines of these orders: what was bought and its state; no codes, accounts or addresses. */
export async function selectApiOrderLines(
  trx: TenantTx,
  tenantId: string,
  orderIds: string[],
): Promise<ApiOrderLineRow[]> {
  if (orderIds.length === 0) return [];
  return trx
    .selectFrom('order_lines')
    .select([
      'order_id as orderId',
      'line_no as lineNo',
      'product_id as productId',
      'sku_id as skuId',
      'product_type as productType',
      'product_name as productName',
      'sku_name as skuName',
      'quantity',
      'unit_price_fen as unitPriceFen',
      'total_fen as totalFen',
      'status',
      'delivered_at as deliveredAt',
      'refunded_at as refundedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
}
