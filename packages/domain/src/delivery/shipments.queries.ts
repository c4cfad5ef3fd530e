import {
  sql,
  type ShipmentStatus,
  type ShippingAddress,
  type SupplierTx,
  type TenantTx,
} from '@cardshop/db';

export interface ShipmentRow {
  id: string;
  tenantId: string;
  orderId: string;
  orderLineId: string;
  skuId: string;
  productName: string;
  skuName: string;
  quantity: number;
  address: ShippingAddress;
  status: ShipmentStatus;
  carrier: string | null;
  trackingNumber: string | null;
  createdAt: Date;
  shippedAt: Date | null;
}

const shipmentColumns = [
  'id',
  'tenant_id as tenantId',
  'order_id as orderId',
  'order_line_id as orderLineId',
  'sku_id as skuId',
  'product_name as productName',
  'sku_name as skuName',
  'quantity',
  'address',
  'status',
  'carrier',
  'tracking_number as trackingNumber',
  'created_at as createdAt',
  'shipped_at as shippedAt',
] as const;

/**
 * A page of the acting supplier's shipments (RLS: its own only) in the given states: those still
 * to send oldest first (first paid, first sent), the rest newest first (sent, or cancelled).
 */
export async function selectSupplierShipments(
  trx: SupplierTx,
  statuses: ShipmentStatus[],
  page: { offset: number; limit: number },
): Promise<ShipmentRow[]> {
  let query = trx
    .selectFrom('shipments')
    .select(shipmentColumns)
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('status', 'in', statuses);
  query = statuses.includes('pending')
    ? query.orderBy('created_at').orderBy('id')
    : statuses.includes('cancelled')
      ? query.orderBy('updated_at', 'desc').orderBy('id', 'desc')
      : query.orderBy('shipped_at', 'desc').orderBy('id', 'desc');
  return query.offset(page.offset).limit(page.limit).execute();
}

/** How many of the acting supplier's shipments are in each state. */
export async function countSupplierShipments(
  trx: SupplierTx,
): Promise<Partial<Record<ShipmentStatus, number>>> {
  const rows = await trx
    .selectFrom('shipments')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export async function selectSupplierShipment(
  trx: SupplierTx,
  shipmentId: string,
): Promise<ShipmentRow | undefined> {
  return trx
    .selectFrom('shipments')
    .select(shipmentColumns)
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('id', '=', shipmentId)
    .executeTakeFirst();
}

/**
 * Records the carrier and tracking number of the supplier's shipment in one of `from`; the first
 * time it is sent, also when. Returns the shipment if this call changed it.
 */
export async function setShipmentTracking(
  trx: SupplierTx,
  shipmentId: string,
  from: ShipmentStatus[],
  tracking: { carrier: string; trackingNumber: string },
) {
  return trx
    .updateTable('shipments')
    .set({
      status: 'shipped',
      carrier: tracking.carrier,
      tracking_number: tracking.trackingNumber,
      shipped_at: sql`coalesce(shipped_at, now())`,
      updated_at: sql`now()`,
    })
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('id', '=', shipmentId)
    .where('status', 'in', from)
    .returning([
      'id',
      'tenant_id as tenantId',
      'order_id as orderId',
      'order_line_id as orderLineId',
    ])
    .executeTakeFirst();
}

/** The shipment as the shop sees it. */
export async function selectShopShipment(
  trx: TenantTx,
  tenantId: string,
  shipmentId: string,
): Promise<ShipmentRow | undefined> {
  return trx
    .selectFrom('shipments')
    .select(shipmentColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', shipmentId)
    .executeTakeFirst();
}

/**
 * Cancels the shipment of a line that was refunded before the card went out; returns whether it
 * did (of a refund and the supplier marking it shipped at the same moment, one wins the row).
 */
export async function cancelPendingShipment(
  trx: TenantTx,
  tenantId: string,
  lineId: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('shipments')
    .set({ status: 'cancelled', updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('order_line_id', '=', lineId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
