import type { TenantTx } from '@cardshop/db';
import { pageInfo } from '../storefront/storefront-input.js';
import type { PageInfo } from '../storefront/storefront.types.js';
import { toOrderListItem, type OrderListItem } from './order-list.js';
import { customerOrdersPageSchema } from './order-view.schemas.js';
import { countCustomerOrders, selectCustomerOrders } from './order-view.queries.js';

export const CUSTOMER_ORDERS_PAGE_SIZE = 10;

/** The signed-in customer's orders in this shop, newest first, a page at a time. */
export async function listCustomerOrders(
  trx: TenantTx,
  input: { tenantId: string; customerId: string; page?: unknown },
): Promise<{ orders: OrderListItem[] } & PageInfo> {
  const page = customerOrdersPageSchema.parse(input.page ?? 1);
  const size = CUSTOMER_ORDERS_PAGE_SIZE;
  const total = await countCustomerOrders(trx, input.tenantId, input.customerId);
  const rows = await selectCustomerOrders(trx, input.tenantId, input.customerId, {
    limit: size,
    offset: (page - 1) * size,
  });
  return { orders: rows.map((r) => toOrderListItem(r)), ...pageInfo(page, size, total) };
}
