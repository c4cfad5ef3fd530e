import {
  sql,
  type OrderLineStatus,
  type OrderStatus,
  type PlatformTx,
  type ProductType,
  type ShippingAddress,
  type SupplierTx,
  type TenantTx,
  type TopupField,
} from '@cardshop/db';

// ---- Checkout reads ----

export async function findOrderByIdempotencyKey(trx: TenantTx, tenantId: string, key: string) {
  return trx
    .selectFrom('orders')
    .select(['id', 'request_hash'])
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export interface CheckoutListing {
  listingId: string;
  listingStatus: 'active' | 'below_wholesale' | 'supplier_delisted';
  visible: boolean;
  priceFen: number;
  skuId: string;
  skuName: string;
  skuStatus: 'active' | 'inactive' | 'delisted';
  wholesalePriceFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  productId: string;
  productName: string;
  productType: ProductType;
  productStatus: 'draft' | 'active' | 'delisted';
  imagePath: string | null;
  /** The product's category icon. */
  icon: string;
  topupFields: TopupField[];
  supplierId: string;
  supplierStatus: 'pending' | 'approved' | 'suspended' | 'rejected';
  /** Sellable units by the SKU's counter; null before its first import. */
  available: number | null;
}

/**
 * The shop's listings with their SKU, product, supplier and stock, as they are now: what the cart
 * shows and checkout checks and snapshots.
 */
export async function selectListingsForCheckout(
  trx: TenantTx,
  tenantId: string,
  listingIds: string[],
): Promise<CheckoutListing[]> {
  if (listingIds.length === 0) return [];
  return trx
    .selectFrom('listings as l')
    .innerJoin('skus as k', 'k.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .innerJoin('categories as c', 'c.id', 'p.category_id')
    .innerJoin('suppliers as s', 's.id', 'k.supplier_id')
    .leftJoin('sku_stock as st', 'st.sku_id', 'k.id')
    .where('l.tenant_id', '=', tenantId)
    .where('l.id', 'in', listingIds)
    .select([
      'l.id as listingId',
      'l.status as listingStatus',
      'l.visible',
      'l.price_fen as priceFen',
      'k.id as skuId',
      'k.name as skuName',
      'k.status as skuStatus',
      'k.wholesale_price_fen as wholesalePriceFen',
      'k.min_per_order as minPerOrder',
      'k.max_per_order as maxPerOrder',
      'p.id as productId',
      'p.name as productName',
      'p.type as productType',
      'p.status as productStatus',
      'p.image_path as imagePath',
      'c.icon',
      'p.topup_fields as topupFields',
      's.id as supplierId',
      's.status as supplierStatus',
      'st.available',
    ])
    .execute();
}

export interface OpenOrderCounts {
  ip: number;
  email: number;
  phone: number;
  customer: number;
}

/**
 * Serialises checkouts that share an address, contact or account, so two at once cannot both pass
 * the open-order cap. Keys are locked in sorted order (no deadlock between two checkouts).
 */
export async function lockCheckoutKeys(trx: TenantTx, keys: string[]) {
  for (const key of [...new Set(keys)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  }
}

/** Unpaid, unexpired orders per address, contact and account. */
export async function countOpenOrders(
  trx: TenantTx,
  tenantId: string,
  who: { ip: string | null; email: string | null; phone: string | null; customerId: string | null },
): Promise<OpenOrderCounts> {
  const row = await trx
    .selectFrom('orders')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'pending_payment')
    .where('expires_at', '>', sql<Date>`now()`)
    .where((eb) =>
      eb.or([
        ...(who.ip ? [eb('ip', '=', who.ip)] : []),
        ...(who.email ? [eb('contact_email', '=', who.email)] : []),
        ...(who.phone ? [eb('contact_phone', '=', who.phone)] : []),
        ...(who.customerId ? [eb('customer_id', '=', who.customerId)] : []),
        eb.val(false),
      ]),
    )
    .select([
      sql<number>`count(*) filter (where ip = ${who.ip})::int`.as('ip'),
      sql<number>`count(*) filter (where contact_email = ${who.email})::int`.as('email'),
      sql<number>`count(*) filter (where contact_phone = ${who.phone})::int`.as('phone'),
      sql<number>`count(*) filter (where customer_id = ${who.customerId}::uuid)::int`.as(
        'customer',
      ),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

// ---- Orders and lines ----

export interface NewOrder {
  tenantId: string;
  number: string;
  idempotencyKey: string;
  requestHash: Buffer;
  customerId: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  lookupPasswordHash: string | null;
  totalFen: number;
  wholesaleFen: number;
  expiresAt: Date;
  ip: string | null;
}

/** Inserts the order; undefined when a key (idempotency or number) is already taken. */
export async function insertOrder(trx: TenantTx, order: NewOrder): Promise<string | undefined> {
  const row = await trx
    .insertInto('orders')
    .values({
      tenant_id: order.tenantId,
      number: order.number,
      idempotency_key: order.idempotencyKey,
      request_hash: order.requestHash,
      customer_id: order.customerId,
      contact_email: order.contactEmail,
      contact_phone: order.contactPhone,
      lookup_password_hash: order.lookupPasswordHash,
      total_fen: order.totalFen,
      wholesale_fen: order.wholesaleFen,
      expires_at: order.expiresAt,
      ip: order.ip,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export interface NewOrderLine {
  lineNo: number;
  listingId: string;
  productId: string;
  skuId: string;
  supplierId: string;
  productType: ProductType;
  productName: string;
  skuName: string;
  unitPriceFen: number;
  unitWholesaleFen: number;
  quantity: number;
  topupAccount: Record<string, string> | null;
  shippingAddress: ShippingAddress | null;
}

export async function insertOrderLines(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
  lines: NewOrderLine[],
): Promise<Array<{ id: string; lineNo: number }>> {
  const rows = await trx
    .insertInto('order_lines')
    .values(
      lines.map((l) => ({
        tenant_id: tenantId,
        order_id: orderId,
        line_no: l.lineNo,
        listing_id: l.listingId,
        product_id: l.productId,
        sku_id: l.skuId,
        supplier_id: l.supplierId,
        product_type: l.productType,
        product_name: l.productName,
        sku_name: l.skuName,
        unit_price_fen: l.unitPriceFen,
        unit_wholesale_fen: l.unitWholesaleFen,
        quantity: l.quantity,
        topup_account: l.topupAccount === null ? null : JSON.stringify(l.topupAccount),
        shipping_address: l.shippingAddress === null ? null : JSON.stringify(l.shippingAddress),
      })),
    )
    .returning(['id', 'line_no as lineNo'])
    .execute();
  return rows;
}

export interface OrderRow {
  id: string;
  tenantId: string;
  number: string;
  status: OrderStatus;
  customerId: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  currency: string;
  totalFen: number;
  wholesaleFen: number;
  platformFeeFen: number | null;
  refundedFen: number;
  expiresAt: Date;
  createdAt: Date;
  paidAt: Date | null;
  deliveredAt: Date | null;
  closedAt: Date | null;
}

const orderColumns = [
  'id',
  'tenant_id as tenantId',
  'number',
  'status',
  'customer_id as customerId',
  'contact_email as contactEmail',
  'contact_phone as contactPhone',
  'currency',
  'total_fen as totalFen',
  'wholesale_fen as wholesaleFen',
  'platform_fee_fen as platformFeeFen',
  'refunded_fen as refundedFen',
  'expires_at as expiresAt',
  'created_at as createdAt',
  'paid_at as paidAt',
  'delivered_at as deliveredAt',
  'closed_at as closedAt',
] as const;

/** The order; `lock` takes its row lock, which every change of an order's state goes through. */
export async function selectOrder(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
  options: { lock?: boolean } = {},
): Promise<OrderRow | undefined> {
  let query = trx
    .selectFrom('orders')
    .select(orderColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function selectOrderByNumber(trx: TenantTx, tenantId: string, number: string) {
  return trx
    .selectFrom('orders')
    .select(orderColumns)
    .where('tenant_id', '=', tenantId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export interface OrderLineRow {
  id: string;
  lineNo: number;
  listingId: string;
  productId: string;
  skuId: string;
  supplierId: string;
  productType: ProductType;
  productName: string;
  skuName: string;
  unitPriceFen: number;
  unitWholesaleFen: number;
  quantity: number;
  totalFen: number;
  platformFeeFen: number | null;
  topupAccount: Record<string, string> | null;
  shippingAddress: ShippingAddress | null;
  status: OrderLineStatus;
  deliveredAt: Date | null;
  refundedAt: Date | null;
}

export async function selectOrderLines(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<OrderLineRow[]> {
  return trx
    .selectFrom('order_lines')
    .select([
      'id',
      'line_no as lineNo',
      'listing_id as listingId',
      'product_id as productId',
      'sku_id as skuId',
      'supplier_id as supplierId',
      'product_type as productType',
      'product_name as productName',
      'sku_name as skuName',
      'unit_price_fen as unitPriceFen',
      'unit_wholesale_fen as unitWholesaleFen',
      'quantity',
      'total_fen as totalFen',
      'platform_fee_fen as platformFeeFen',
      'topup_account as topupAccount',
      'shipping_address as shippingAddress',
      'status',
      'delivered_at as deliveredAt',
      'refunded_at as refundedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
}

/**
 * Moves the order from one of `from` to `to` in one conditional update; returns whether this call
 * did it (of two concurrent callers, exactly one does).
 */
export async function transitionOrder(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
  from: OrderStatus[],
  to: OrderStatus,
  extra: {
    paidAt?: boolean;
    deliveredAt?: boolean;
    closedAt?: boolean;
    platformFeeFen?: number;
    dueOnly?: boolean;
  } = {},
): Promise<boolean> {
  let query = trx
    .updateTable('orders')
    .set({
      status: to,
      updated_at: sql`now()`,
      ...(extra.paidAt ? { paid_at: sql`now()` } : {}),
      ...(extra.deliveredAt ? { delivered_at: sql`now()` } : {}),
      ...(extra.closedAt ? { closed_at: sql`now()` } : {}),
      ...(extra.platformFeeFen !== undefined ? { platform_fee_fen: extra.platformFeeFen } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .where('status', 'in', from);
  if (extra.dueOnly) query = query.where('expires_at', '<=', sql<Date>`now()`);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets the order's status (the caller holds the order's row lock). */
export async function setOrderStatus(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
  status: OrderStatus,
  extra: { deliveredAt?: boolean; addRefundedFen?: number } = {},
) {
  await trx
    .updateTable('orders')
    .set((eb) => ({
      status,
      updated_at: sql`now()`,
      ...(extra.deliveredAt ? { delivered_at: sql`coalesce(delivered_at, now())` } : {}),
      ...(extra.addRefundedFen
        ? { refunded_fen: eb('refunded_fen', '+', extra.addRefundedFen) }
        : {}),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .execute();
}

/** Moves lines of the order that are in one of `from` to `to`; returns the ids moved. */
export async function transitionLines(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
  from: OrderLineStatus[],
  to: OrderLineStatus,
  options: { lineIds?: string[] } = {},
): Promise<string[]> {
  let query = trx
    .updateTable('order_lines')
    .set({
      status: to,
      ...(to === 'delivered' ? { delivered_at: sql`now()` } : {}),
      ...(to === 'refunded' ? { refunded_at: sql`now()` } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', 'in', from);
  if (options.lineIds) {
    if (options.lineIds.length === 0) return [];
    query = query.where('id', 'in', options.lineIds);
  }
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

/** Records the platform's fee per line when the payment is booked. */
export async function setLineFees(
  trx: TenantTx,
  tenantId: string,
  fees: Array<{ lineId: string; feeFen: number }>,
) {
  for (const fee of fees) {
    await trx
      .updateTable('order_lines')
      .set({ platform_fee_fen: fee.feeFen })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', fee.lineId)
      .execute();
  }
}

// ---- Code holds: the only statements that touch card_codes and sku_stock from a shop ----

/**
 * Reserves up to `quantity` codes of the SKU for one order line, skipping codes other checkouts
 * hold locked, and returns how many it got. The allocation is written first (lock and allocate in
 * one statement), then the codes are marked: RLS lets a shop write a code it has not allocated only
 * while the code stays available. A single-use code becomes reserved; a shared-account code gives
 * one use, its allocation numbered by allocation_seq, and is sold out once every use is taken.
 */
export async function reserveLineCodes(
  trx: TenantTx,
  line: {
    tenantId: string;
    orderId: string;
    lineId: string;
    skuId: string;
    quantity: number;
    reservedUntil: Date;
  },
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with picked as (
      select id, sell_limit, allocation_seq, sku_id, supplier_id from card_codes
      where sku_id = ${line.skuId} and state = 'available'
      order by created_at
      limit ${line.quantity}
      for update skip locked
    ), allocated as (
      insert into code_allocations
        (code_id, unit, sku_id, supplier_id, order_tenant_id, order_id, order_line_id)
      select id, case when sell_limit = 1 then 1 else allocation_seq + 1 end, sku_id, supplier_id,
             ${line.tenantId}, ${line.orderId}, ${line.lineId}
      from picked
      returning code_id
    )
    select count(*)::int as n from allocated`.execute(trx);
  const got = rows[0]?.n ?? 0;
  if (got === 0) return 0;
  await sql`
    update card_codes c set
      state = case when c.sell_limit = 1 then 'reserved'
                   when c.sold_count + 1 >= c.sell_limit then 'sold'
                   else 'available' end,
      reserved_until = case when c.sell_limit = 1 then ${line.reservedUntil}::timestamptz end,
      sold_count = c.sold_count + 1,
      allocation_seq = c.allocation_seq + 1,
      sold_at = case when c.sell_limit > 1 and c.sold_count + 1 >= c.sell_limit then now()
                     else c.sold_at end
    from code_allocations a
    where a.order_tenant_id = ${line.tenantId} and a.order_line_id = ${line.lineId}
      and a.state = 'reserved' and c.id = a.code_id`.execute(trx);
  return got;
}

/**
 * Moves a SKU's counters; a shop must hold allocations or reserved units in the SKU (RLS), a
 * supplier must own it.
 */
export async function moveStock(
  trx: TenantTx | PlatformTx | SupplierTx,
  skuId: string,
  delta: { available?: number; reserved?: number; sold?: number },
) {
  const result = await trx
    .updateTable('sku_stock')
    .set((eb) => ({
      available: eb('available', '+', delta.available ?? 0),
      reserved: eb('reserved', '+', delta.reserved ?? 0),
      sold: eb('sold', '+', delta.sold ?? 0),
      updated_at: sql`now()`,
    }))
    .where('sku_id', '=', skuId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new Error(`sku_stock of ${skuId} could not be updated from this scope`);
  }
}

/**
 * Puts back the codes the order still holds reserved (the allocations stay until
 * deleteReservedAllocations, so RLS still lets the shop touch the codes and counters). Codes a
 * supplier or the platform took out meanwhile (voided, quarantined, held) stay out. Returns per SKU
 * the units held and the units that went back on sale.
 */
export async function restockReservedCodes(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<Array<{ skuId: string; held: number; restocked: number }>> {
  const { rows } = await sql<{ sku_id: string; held: number; restocked: number }>`
    with mine as (
      select code_id, sku_id from code_allocations
      where order_tenant_id = ${tenantId} and order_id = ${orderId} and state = 'reserved'
      for update
    ), back as (
      update card_codes c set
        state = 'available',
        reserved_until = null,
        sold_count = c.sold_count - 1,
        sold_at = case when c.sell_limit > 1 then null else c.sold_at end
      from mine
      where c.id = mine.code_id and c.state in ('available', 'reserved', 'sold')
      returning c.id
    )
    select mine.sku_id, count(*)::int as held, count(back.id)::int as restocked
    from mine left join back on back.id = mine.code_id
    group by mine.sku_id
    order by mine.sku_id`.execute(trx);
  return rows.map((r) => ({ skuId: r.sku_id, held: r.held, restocked: r.restocked }));
}

export async function deleteReservedAllocations(trx: TenantTx, tenantId: string, orderId: string) {
  await trx
    .deleteFrom('code_allocations')
    .where('order_tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('state', '=', 'reserved')
    .execute();
}

/**
 * Marks the codes reserved for these lines sold, exactly once: only allocations still 'reserved'
 * move, and a sold allocation can never move again (trigger). Returns per line and SKU how many.
 */
export async function sellReservedCodes(
  trx: TenantTx,
  tenantId: string,
  lineIds: string[],
): Promise<Array<{ lineId: string; skuId: string; sold: number }>> {
  if (lineIds.length === 0) return [];
  const { rows } = await sql<{ order_line_id: string; sku_id: string; sold: number }>`
    with mine as (
      select code_id, unit from code_allocations
      where order_tenant_id = ${tenantId} and order_line_id in (${sql.join(lineIds)})
        and state = 'reserved'
      for update
    ), sold as (
      update code_allocations a set state = 'sold', sold_at = now()
      from mine where a.code_id = mine.code_id and a.unit = mine.unit
      returning a.code_id, a.order_line_id, a.sku_id
    ), codes as (
      update card_codes c set state = 'sold', reserved_until = null, sold_at = now()
      from sold where c.id = sold.code_id and c.sell_limit = 1 and c.state = 'reserved'
      returning c.id
    )
    select sold.order_line_id, sold.sku_id, count(*)::int as sold
    from sold group by sold.order_line_id, sold.sku_id
    order by sold.sku_id`.execute(trx);
  return rows.map((r) => ({ lineId: r.order_line_id, skuId: r.sku_id, sold: r.sold }));
}

/** The sealed codes sold to the order's lines (RLS: only the shop's own allocations). */
export async function selectSoldCodes(trx: TenantTx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('code_allocations as a')
    .innerJoin('card_codes as c', 'c.id', 'a.code_id')
    .where('a.order_tenant_id', '=', tenantId)
    .where('a.order_id', '=', orderId)
    .where('a.state', '=', 'sold')
    .select([
      'a.order_line_id as lineId',
      'a.code_id as codeId',
      'a.unit',
      'c.key_id as keyId',
      'c.sealed',
      'c.expires_on as expiresOn',
    ])
    .orderBy('a.order_line_id')
    .orderBy('a.reserved_at')
    .orderBy('a.code_id')
    .execute();
}

export async function countAllocations(trx: TenantTx, tenantId: string, orderId: string) {
  const row = await trx
    .selectFrom('code_allocations')
    .where('order_tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .select([
      sql<number>`count(*) filter (where state = 'reserved')::int`.as('reserved'),
      sql<number>`count(*) filter (where state = 'sold')::int`.as('sold'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

// ---- Unit holds: physical cards, counted stock without codes (stock_holds) ----

/**
 * Records that the line holds `quantity` units of a physical card. Written before the SKU's
 * counters move: RLS lets a shop write a SKU's counters only while it holds reserved units in it.
 */
export async function insertStockHold(
  trx: TenantTx,
  hold: {
    tenantId: string;
    orderId: string;
    lineId: string;
    skuId: string;
    supplierId: string;
    quantity: number;
  },
) {
  await trx
    .insertInto('stock_holds')
    .values({
      tenant_id: hold.tenantId,
      order_id: hold.orderId,
      order_line_id: hold.lineId,
      sku_id: hold.skuId,
      supplier_id: hold.supplierId,
      quantity: hold.quantity,
    })
    .execute();
}

/**
 * Moves `quantity` units of the SKU from available to reserved when that many are available, in
 * one conditional update (a concurrent buyer waits for the row and re-checks it); returns whether
 * it did. A SKU with no stock row has none.
 */
export async function reserveUnits(
  trx: TenantTx,
  skuId: string,
  quantity: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('sku_stock')
    .set((eb) => ({
      available: eb('available', '-', quantity),
      reserved: eb('reserved', '+', quantity),
      updated_at: sql`now()`,
    }))
    .where('sku_id', '=', skuId)
    .where('available', '>=', quantity)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The SKU's sellable units now (0 without a stock row). */
export async function selectAvailableUnits(trx: TenantTx, skuId: string): Promise<number> {
  const row = await trx
    .selectFrom('sku_stock')
    .select('available')
    .where('sku_id', '=', skuId)
    .executeTakeFirst();
  return Number(row?.available ?? 0);
}

type HoldFilter = { orderId: string } | { lineId: string };

/** The units the order (or one of its lines) still holds reserved, locked, in SKU order. */
export async function lockReservedHolds(
  trx: TenantTx,
  tenantId: string,
  filter: HoldFilter,
): Promise<Array<{ lineId: string; skuId: string; quantity: number }>> {
  return trx
    .selectFrom('stock_holds')
    .select(['order_line_id as lineId', 'sku_id as skuId', 'quantity'])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      'orderId' in filter
        ? eb('order_id', '=', filter.orderId)
        : eb('order_line_id', '=', filter.lineId),
    )
    .where('state', '=', 'reserved')
    .orderBy('sku_id')
    .forUpdate()
    .execute();
}

/** Drops reserved holds once their units are back on sale (after the counters moved: RLS). */
export async function deleteReservedHolds(trx: TenantTx, tenantId: string, filter: HoldFilter) {
  await trx
    .deleteFrom('stock_holds')
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      'orderId' in filter
        ? eb('order_id', '=', filter.orderId)
        : eb('order_line_id', '=', filter.lineId),
    )
    .where('state', '=', 'reserved')
    .execute();
}

/**
 * The supplier shipped the card of this line: its hold becomes sold, once (a sold hold never
 * moves again). Returns the units it held, or undefined when it held none (an order placed before
 * physical cards were counted, or a hold already sold).
 */
export async function sellStockHold(
  trx: SupplierTx,
  tenantId: string,
  lineId: string,
): Promise<{ skuId: string; quantity: number } | undefined> {
  return trx
    .updateTable('stock_holds')
    .set({ state: 'sold', sold_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('order_line_id', '=', lineId)
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('state', '=', 'reserved')
    .returning(['sku_id as skuId', 'quantity'])
    .executeTakeFirst();
}
