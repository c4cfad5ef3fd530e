import {
  sql,
  type FulfilmentTaskStatus,
  type OrderStatus,
  type ShipmentStatus,
  type TenantTx,
  type TopupField,
} from '@cardshop/db';
import type { Identifier } from '../customers/customers.schemas.js';

// ---- the order page ----

export interface LineTaskRow {
  orderLineId: string;
  status: FulfilmentTaskStatus;
  supplierNote: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  finishedAt: Date | null;
}

export interface LineShipmentRow {
  orderLineId: string;
  status: ShipmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: Date | null;
  updatedAt: Date;
}

/** The top-up tasks and shipments of the order's lines, as the shop sees them. */
export async function selectLineFulfilment(trx: TenantTx, tenantId: string, orderId: string) {
  const tasks: LineTaskRow[] = await trx
    .selectFrom('fulfilment_tasks')
    .select([
      'order_line_id as orderLineId',
      'status',
      'supplier_note as supplierNote',
      'created_at as createdAt',
      'accepted_at as acceptedAt',
      'finished_at as finishedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .execute();
  const shipments: LineShipmentRow[] = await trx
    .selectFrom('shipments')
    .select([
      'order_line_id as orderLineId',
      'status',
      'carrier',
      'tracking_number as trackingNumber',
      'shipped_at as shippedAt',
      'updated_at as updatedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .execute();
  return { tasks, shipments };
}

/** The top-up field definitions of the products, for labelling the accounts buyers typed. */
export async function selectTopupFields(
  trx: TenantTx,
  productIds: string[],
): Promise<Map<string, TopupField[]>> {
  if (productIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('products')
    .select(['id', 'topup_fields as topupFields'])
    .where('id', 'in', productIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.topupFields]));
}

// ---- code reveals ----

export interface NewCodeReveal {
  tenantId: string;
  orderId: string;
  codeId: string | null;
  via: 'page' | 'txt';
  ip: string | null;
  userAgent: string | null;
  customerId: string | null;
  customerSessionId: string | null;
  browserId: string | null;
}

export async function insertCodeReveal(trx: TenantTx, reveal: NewCodeReveal) {
  return trx
    .insertInto('code_reveals')
    .values({
      tenant_id: reveal.tenantId,
      order_id: reveal.orderId,
      code_id: reveal.codeId,
      scope: reveal.codeId === null ? 'all' : 'code',
      via: reveal.via,
      ip: reveal.ip,
      user_agent: reveal.userAgent,
      customer_id: reveal.customerId,
      customer_session_id: reveal.customerSessionId,
      browser_id: reveal.browserId,
    })
    .returning(['id', 'revealed_at as revealedAt'])
    .executeTakeFirstOrThrow();
}

export interface CodeRevealRow {
  id: string;
  orderId: string;
  codeId: string | null;
  scope: 'code' | 'all';
  via: 'page' | 'txt';
  revealedAt: Date;
  ip: string | null;
  userAgent: string | null;
  customerId: string | null;
  customerSessionId: string | null;
  browserId: string | null;
}

export async function selectCodeReveals(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
  limit: number,
): Promise<CodeRevealRow[]> {
  return trx
    .selectFrom('code_reveals')
    .select([
      'id',
      'order_id as orderId',
      'code_id as codeId',
      'scope',
      'via',
      'revealed_at as revealedAt',
      'ip',
      'user_agent as userAgent',
      'customer_id as customerId',
      'customer_session_id as customerSessionId',
      'browser_id as browserId',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('revealed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

// ---- 查单 and order lists ----

export async function selectOrderForLookup(trx: TenantTx, tenantId: string, number: string) {
  return trx
    .selectFrom('orders')
    .select(['id', 'number', 'lookup_password_hash as lookupPasswordHash'])
    .where('tenant_id', '=', tenantId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export interface OrderListRow {
  id: string;
  number: string;
  status: OrderStatus;
  totalFen: number;
  refundedFen: number;
  expiresAt: Date;
  createdAt: Date;
  firstProductName: string | null;
  firstSkuName: string | null;
  lineCount: number;
  itemCount: number;
}

/** The orders of this contact in the shop: placed with it, or by the account that has it. */
function byContact(tenantId: string, identifier: Identifier) {
  const column = identifier.kind === 'email' ? 'contact_email' : 'contact_phone';
  const customerColumn = identifier.kind === 'email' ? 'email' : 'phone';
  return sql<boolean>`(o.${sql.ref(column)} = ${identifier.value} or o.customer_id in (
    select c.id from customers c
    where c.tenant_id = ${tenantId} and c.${sql.ref(customerColumn)} = ${identifier.value}))`;
}

function orderList(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('orders as o')
    .where('o.tenant_id', '=', tenantId)
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
    .orderBy('o.id', 'desc');
}

export async function selectOrdersByContact(
  trx: TenantTx,
  tenantId: string,
  identifier: Identifier,
  limit: number,
): Promise<OrderListRow[]> {
  return orderList(trx, tenantId).where(byContact(tenantId, identifier)).limit(limit).execute();
}

export async function contactHasOrders(
  trx: TenantTx,
  tenantId: string,
  identifier: Identifier,
): Promise<boolean> {
  const row = await trx
    .selectFrom('orders as o')
    .select('o.id')
    .where('o.tenant_id', '=', tenantId)
    .where(byContact(tenantId, identifier))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function selectCustomerOrders(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  page: { limit: number; offset: number },
): Promise<OrderListRow[]> {
  return orderList(trx, tenantId)
    .where('o.customer_id', '=', customerId)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countCustomerOrders(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('orders')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return row.n;
}
