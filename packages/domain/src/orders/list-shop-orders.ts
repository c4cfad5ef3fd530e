import type { OrderStatus, TenantTx } from '@cardshop/db';
import {
  countShopOrders,
  selectShopOrders,
  type ShopOrderFilter,
  type ShopOrderListRow,
} from './shop-orders.queries.js';

export const SHOP_ORDER_STATUSES: readonly OrderStatus[] = [
  'pending_payment',
  'paid',
  'partially_delivered',
  'delivered',
  'partially_refunded',
  'refunded',
  'expired',
  'cancelled',
];

const PAGE_SIZE = 20;

export interface ShopOrderList {
  orders: ShopOrderListRow[];
  /** The filter as applied: an unknown status or an over-long search is dropped, not an error. */
  filter: ShopOrderFilter;
  total: number;
  page: number;
  pageCount: number;
}

/**
 * The shop's orders for its staff, newest first, a page at a time: all of them, or those in one
 * status, or those matching an order number, a phone number, an email address or a buyer's name.
 */
export async function listShopOrders(
  trx: TenantTx,
  input: { tenantId: string; q?: string | null; status?: string | null; page?: number },
): Promise<ShopOrderList> {
  const q = (input.q ?? '').trim().replace(/\s+/g, ' ').slice(0, 100) || null;
  const status = (SHOP_ORDER_STATUSES as readonly string[]).includes(input.status ?? '')
    ? (input.status as OrderStatus)
    : null;
  const filter: ShopOrderFilter = { q, status };
  const total = await countShopOrders(trx, input.tenantId, filter);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(Math.trunc(input.page ?? 1) || 1, 1), pageCount);
  const orders = await selectShopOrders(trx, input.tenantId, filter, {
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return { orders, filter, total, page, pageCount };
}
