import { withTenant, type Database } from '@cardshop/db';
import type { ApiPrincipal } from '../api-keys/authenticate-api-key.js';
import { requireApiScope } from '../api-keys/authenticate-api-key.js';
import { DomainError } from '../errors.js';
import { toApiOrder, type ApiOrder } from './api-order.js';
import { ShopApiErrors } from './shop-api.errors.js';
import { selectApiOrderByNumber, selectApiOrderLines } from './shop-api.queries.js';
import { orderNumberSchema } from './shop-api.schemas.js';

/**
 * GET /api/v1/orders/:number: one of the key's shop's orders by its number: status, lines,
 * totals and times, never card codes. An order of another shop is simply not found (404).
 * Needs orders:read.
 */
export async function getApiOrder(
  db: Database,
  principal: ApiPrincipal,
  number: unknown,
): Promise<ApiOrder> {
  requireApiScope(principal, 'orders:read');
  const notFound = new DomainError(ShopApiErrors.ORDER_NOT_FOUND, {
    userMessage: `这个店铺没有订单号为 ${String(number).slice(0, 32)} 的订单。`,
    status: 404,
  });
  const parsed = orderNumberSchema.safeParse(number);
  if (!parsed.success) throw notFound;
  const { tenantId } = principal;
  return withTenant(db, tenantId, async (trx) => {
    const order = await selectApiOrderByNumber(trx, tenantId, parsed.data);
    if (!order) throw notFound;
    return toApiOrder(order, await selectApiOrderLines(trx, tenantId, [order.id]));
  });
}
