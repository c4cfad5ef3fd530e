import { withTenant, type Database, type OrderStatus } from '@cardshop/db';
import type { ApiPrincipal } from '../api-keys/authenticate-api-key.js';
import { requireApiScope } from '../api-keys/authenticate-api-key.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import { toApiOrder, type ApiOrder } from './api-order.js';
import { ShopApiErrors } from './shop-api.errors.js';
import { selectApiOrderLines, selectApiOrders } from './shop-api.queries.js';
import { ordersQuerySchema } from './shop-api.schemas.js';
import { decodeCursor, encodeCursor, toPage, type ApiPage } from './shop-api-page.js';

/**
 * GET /api/v1/orders: the key's shop's orders, newest first, a page at a time; optionally only
 * one status, and only those created at or after `since`. Pages by cursor, so orders arriving
 * while a caller pages through never shift or repeat a page. Needs orders:read.
 */
export async function listApiOrders(
  db: Database,
  principal: ApiPrincipal,
  query: unknown,
): Promise<ApiPage<ApiOrder>> {
  requireApiScope(principal, 'orders:read');
  const input = parseInput(ordersQuerySchema, query, ShopApiErrors.INVALID_REQUEST);
  let since: Date | null = null;
  if (input.since) {
    // A bare date is midnight Beijing time, the day the shop sees in its console.
    since = new Date(/T/.test(input.since) ? input.since : `${input.since}T00:00:00+08:00`);
    if (Number.isNaN(since.getTime())) {
      throw new DomainError(ShopApiErrors.INVALID_REQUEST, {
        userMessage: `since 不是有效的时间：${input.since}`,
        status: 422,
        details: { fieldErrors: { since: 'since 不是有效的时间' } },
      });
    }
  }
  const before = input.cursor
    ? (([micros, id]) => ({ micros: micros!, id: id! }))(
        decodeCursor(
          input.cursor,
          /^t:(\d{1,20})\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
        ),
      )
    : null;
  const { tenantId } = principal;
  return withTenant(db, tenantId, async (trx) => {
    const rows = await selectApiOrders(trx, {
      tenantId,
      status: (input.status as OrderStatus | undefined) ?? null,
      since,
      before,
      limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    const lines = await selectApiOrderLines(
      trx,
      tenantId,
      page.map((o) => o.id),
    );
    return toPage(
      rows,
      input.limit,
      (order) => toApiOrder(order, lines),
      (order) => encodeCursor([`t:${order.createdMicros}`, order.id]),
    );
  });
}
