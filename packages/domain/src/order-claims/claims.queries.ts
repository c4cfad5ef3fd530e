import { sql } from 'kysely';
import type { TenantTx } from '@cardshop/db';
import type { Identifier } from '../customers/customers.schemas.js';
import type { OrderListRow } from '../order-view/order-view.queries.js';

/** Guest orders (no account) placed with one of these contacts. */
function placedWith(contacts: Identifier[]) {
  const phones = contacts.filter((c) => c.kind === 'phone').map((c) => c.value);
  const emails = contacts.filter((c) => c.kind === 'email').map((c) => c.value);
  return sql<boolean>`(o.customer_id is null and (
    ${phones.length ? sql`o.contact_phone in (${sql.join(phones)})` : sql`false`}
    or ${emails.length ? sql`o.contact_email in (${sql.join(emails)})` : sql`false`}))`;
}

export async function selectClaimableOrders(
  trx: TenantTx,
  tenantId: string,
  contacts: Identifier[],
  limit: number,
): Promise<OrderListRow[]> {
  if (contacts.length === 0) return [];
  return trx
    .selectFrom('orders as o')
    .where('o.tenant_id', '=', tenantId)
    .where(placedWith(contacts))
    .select((eb) => [
      'o.id',
      'o.number',
      'o.status',
      'o.total_fen as totalFen',
      'o.refunded_fen as refundedFen',
      'o.expires_at as expiresAt',
      'o.created_at as createdAt',
      eb
        .selectFrom('order_lines as l')
        .select('l.product_name')
        .whereRef('l.tenant_id', '=', 'o.tenant_id')
        .whereRef('l.order_id', '=', 'o.id')
        .orderBy('l.line_no')
        .limit(1)
        .as('firstProductName'),
      eb
        .selectFrom('order_lines as l')
        .select('l.sku_name')
        .whereRef('l.tenant_id', '=', 'o.tenant_id')
        .whereRef('l.order_id', '=', 'o.id')
        .orderBy('l.line_no')
        .limit(1)
        .as('firstSkuName'),
      sql<number>`(select count(*)::int from order_lines l
        where l.tenant_id = o.tenant_id and l.order_id = o.id)`.as('lineCount'),
      sql<number>`(select coalesce(sum(l.quantity), 0)::int from order_lines l
        where l.tenant_id = o.tenant_id and l.order_id = o.id)`.as('itemCount'),
    ])
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Moves the chosen guest orders into the account: only those still without an account and placed
 * with one of the proved contacts. The `customer_id is null` condition makes a second claim (or a
 * racing one by someone else with the same contact) change nothing.
 */
export function assignOrdersToCustomer(
  trx: TenantTx,
  tenantId: string,
  input: { customerId: string; orderIds: string[]; contacts: Identifier[] },
) {
  return trx
    .updateTable('orders as o')
    .set({ customer_id: input.customerId, updated_at: sql`now()` })
    .where('o.tenant_id', '=', tenantId)
    .where('o.id', 'in', input.orderIds)
    .where(placedWith(input.contacts))
    .returning(['o.id', 'o.number', 'o.contact_phone', 'o.contact_email'])
    .execute();
}
