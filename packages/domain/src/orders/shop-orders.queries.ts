import {
  sql,
  type FulfilmentTaskStatus,
  type OrderStatus,
  type PaymentStatus,
  type RefundDestination,
  type RefundReason,
  type ShipmentStatus,
  type ShippingAddress,
  type TenantTx,
} from '@cardshop/db';

// The shop's own view of its orders (console): lists, search and everything about one order.

export interface ShopOrderFilter {
  /** An order number (or its start), a phone number, an email address or a customer's name. */
  q: string | null;
  status: OrderStatus | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(trx: TenantTx, tenantId: string, filter: ShopOrderFilter) {
  let query = trx.selectFrom('orders as o').where('o.tenant_id', '=', tenantId);
  if (filter.status) query = query.where('o.status', '=', filter.status);
  const q = filter.q;
  if (q && /^\d+$/.test(q)) {
    // Digits: the start of an order number or of a phone number (the order's, or its buyer's).
    const prefix = `${q}%`;
    query = query.where((eb) =>
      eb.or([
        eb('o.number', 'like', prefix),
        eb('o.contact_phone', 'like', prefix),
        eb(
          'o.customer_id',
          'in',
          eb
            .selectFrom('customers as sc')
            .select('sc.id')
            .where('sc.tenant_id', '=', tenantId)
            .where('sc.phone', 'like', prefix),
        ),
      ]),
    );
  } else if (q) {
    const email = `${escapeLike(q.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([
        eb('o.contact_email', 'like', email),
        eb(
          'o.customer_id',
          'in',
          eb
            .selectFrom('customers as sc')
            .select('sc.id')
            .where('sc.tenant_id', '=', tenantId)
            .where((c) =>
              c.or([
                c('sc.email', 'like', email),
                c('sc.display_name', 'ilike', `%${escapeLike(q)}%`),
              ]),
            ),
        ),
      ]),
    );
  }
  return query;
}

export async function countShopOrders(trx: TenantTx, tenantId: string, filter: ShopOrderFilter) {
  const row = await filtered(trx, tenantId, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface ShopOrderListRow {
  id: string;
  number: string;
  status: OrderStatus;
  totalFen: number;
  refundedFen: number;
  /** What the shop keeps from the lines still sold (paid or delivered), after wholesale and fee. */
  marginFen: number;
  contactEmail: string | null;
  contactPhone: string | null;
  customerId: string | null;
  customerName: string | null;
  createdAt: Date;
  paidAt: Date | null;
  lineCount: number;
  firstLine: string | null;
}

/** A page of the shop's orders, newest first. */
export async function selectShopOrders(
  trx: TenantTx,
  tenantId: string,
  filter: ShopOrderFilter,
  page: { offset: number; limit: number },
): Promise<ShopOrderListRow[]> {
  return filtered(trx, tenantId, filter)
    .leftJoin('customers as c', (join) =>
      join.onRef('c.tenant_id', '=', 'o.tenant_id').onRef('c.id', '=', 'o.customer_id'),
    )
    .select([
      'o.id',
      'o.number',
      'o.status',
      'o.total_fen as totalFen',
      'o.refunded_fen as refundedFen',
      'o.contact_email as contactEmail',
      'o.contact_phone as contactPhone',
      'o.customer_id as customerId',
      'c.display_name as customerName',
      'o.created_at as createdAt',
      'o.paid_at as paidAt',
      sql<number>`(
        select coalesce(sum(l.total_fen - l.unit_wholesale_fen * l.quantity - coalesce(l.platform_fee_fen, 0)), 0)
        from order_lines l
        where l.tenant_id = o.tenant_id and l.order_id = o.id and l.status in ('paid', 'delivered')
      )::bigint`.as('marginFen'),
      sql<number>`(
        select count(*) from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id
      )::int`.as('lineCount'),
      sql<string | null>`(
        select l.product_name || ' · ' || l.sku_name || ' ×' || l.quantity
        from order_lines l
        where l.tenant_id = o.tenant_id and l.order_id = o.id
        order by l.line_no limit 1
      )`.as('firstLine'),
    ])
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** The order's buyer account, when a signed-in customer placed it. */
export async function selectOrderCustomer(trx: TenantTx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customers')
    .select(['id', 'display_name as displayName', 'email', 'phone', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

export interface ShopPaymentRow {
  id: string;
  provider: string;
  providerTransactionId: string | null;
  amountFen: number;
  status: PaymentStatus;
  createdAt: Date;
  succeededAt: Date | null;
}

export async function selectOrderPayments(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<ShopPaymentRow[]> {
  return trx
    .selectFrom('payments')
    .select([
      'id',
      'provider',
      'provider_transaction_id as providerTransactionId',
      'amount_fen as amountFen',
      'status',
      'created_at as createdAt',
      'succeeded_at as succeededAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface ShopRefundRow {
  id: string;
  orderLineId: string | null;
  paymentId: string | null;
  amountFen: number;
  destination: RefundDestination;
  reason: RefundReason;
  status: 'pending' | 'succeeded' | 'failed';
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export async function selectOrderRefunds(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<ShopRefundRow[]> {
  return trx
    .selectFrom('refunds')
    .select([
      'id',
      'order_line_id as orderLineId',
      'payment_id as paymentId',
      'amount_fen as amountFen',
      'destination',
      'reason',
      'status',
      'last_error as lastError',
      'created_at as createdAt',
      'completed_at as completedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The reasons staff gave for their refunds of this order, by refund id (from the audit log). */
export async function selectStaffRefundReasons(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom('tenant_audit_log')
    .select('data')
    .where('tenant_id', '=', tenantId)
    .where('action', '=', 'order.line_refunded')
    .where('target_type', '=', 'order')
    .where('target_id', '=', orderId)
    .execute();
  const reasons = new Map<string, string>();
  for (const row of rows) {
    const data = row.data as { refundId?: unknown; reason?: unknown } | null;
    if (typeof data?.refundId === 'string' && typeof data.reason === 'string') {
      reasons.set(data.refundId, data.reason);
    }
  }
  return reasons;
}

export interface ShopTaskRow {
  id: string;
  orderLineId: string;
  status: FulfilmentTaskStatus;
  account: Record<string, string>;
  supplierNote: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  finishedAt: Date | null;
}

export interface ShopShipmentRow {
  id: string;
  orderLineId: string;
  status: ShipmentStatus;
  address: ShippingAddress;
  carrier: string | null;
  trackingNumber: string | null;
  createdAt: Date;
  shippedAt: Date | null;
}

/** The top-up tasks and shipments of the order's lines. */
export async function selectOrderWork(trx: TenantTx, tenantId: string, orderId: string) {
  const tasks: ShopTaskRow[] = await trx
    .selectFrom('fulfilment_tasks')
    .select([
      'id',
      'order_line_id as orderLineId',
      'status',
      'account',
      'supplier_note as supplierNote',
      'created_at as createdAt',
      'accepted_at as acceptedAt',
      'finished_at as finishedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .execute();
  const shipments: ShopShipmentRow[] = await trx
    .selectFrom('shipments')
    .select([
      'id',
      'order_line_id as orderLineId',
      'status',
      'address',
      'carrier',
      'tracking_number as trackingNumber',
      'created_at as createdAt',
      'shipped_at as shippedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .execute();
  return { tasks, shipments };
}

/** The address the order was placed from (kept for disputes). */
export async function selectOrderIp(trx: TenantTx, tenantId: string, orderId: string) {
  const row = await trx
    .selectFrom('orders')
    .select('ip')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .executeTakeFirst();
  return row?.ip ?? null;
}
