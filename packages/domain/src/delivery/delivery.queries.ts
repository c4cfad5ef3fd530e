import {
  sql,
  type FulfilmentTaskStatus,
  type ShippingAddress,
  type SupplierTx,
  type TenantTx,
  type TopupField,
} from '@cardshop/db';

/** A top-up task for a paid direct_topup line; a second call for the line does nothing. */
export async function insertFulfilmentTask(
  trx: TenantTx,
  task: {
    tenantId: string;
    orderId: string;
    lineId: string;
    supplierId: string;
    skuId: string;
    productName: string;
    skuName: string;
    quantity: number;
    account: Record<string, string>;
  },
): Promise<boolean> {
  const result = await trx
    .insertInto('fulfilment_tasks')
    .values({
      tenant_id: task.tenantId,
      order_id: task.orderId,
      order_line_id: task.lineId,
      supplier_id: task.supplierId,
      sku_id: task.skuId,
      product_name: task.productName,
      sku_name: task.skuName,
      quantity: task.quantity,
      account: JSON.stringify(task.account),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'order_line_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** A shipment for a paid physical_card line; a second call for the line does nothing. */
export async function insertShipment(
  trx: TenantTx,
  shipment: {
    tenantId: string;
    orderId: string;
    lineId: string;
    supplierId: string;
    skuId: string;
    productName: string;
    skuName: string;
    quantity: number;
    address: ShippingAddress;
  },
): Promise<boolean> {
  const result = await trx
    .insertInto('shipments')
    .values({
      tenant_id: shipment.tenantId,
      order_id: shipment.orderId,
      order_line_id: shipment.lineId,
      supplier_id: shipment.supplierId,
      sku_id: shipment.skuId,
      product_name: shipment.productName,
      sku_name: shipment.skuName,
      quantity: shipment.quantity,
      address: JSON.stringify(shipment.address),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'order_line_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export interface FulfilmentTaskRow {
  id: string;
  tenantId: string;
  orderId: string;
  orderLineId: string;
  skuId: string;
  productName: string;
  skuName: string;
  quantity: number;
  account: Record<string, string>;
  status: FulfilmentTaskStatus;
  supplierNote: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  finishedAt: Date | null;
}

const taskColumns = [
  'id',
  'tenant_id as tenantId',
  'order_id as orderId',
  'order_line_id as orderLineId',
  'sku_id as skuId',
  'product_name as productName',
  'sku_name as skuName',
  'quantity',
  'account',
  'status',
  'supplier_note as supplierNote',
  'created_at as createdAt',
  'accepted_at as acceptedAt',
  'finished_at as finishedAt',
] as const;

/** The acting supplier's tasks (RLS: its own only), oldest first. */
export async function selectSupplierTasks(
  trx: SupplierTx,
  statuses: FulfilmentTaskStatus[],
  limit: number,
): Promise<FulfilmentTaskRow[]> {
  return trx
    .selectFrom('fulfilment_tasks')
    .select(taskColumns)
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('status', 'in', statuses)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function selectSupplierTask(
  trx: SupplierTx,
  taskId: string,
): Promise<FulfilmentTaskRow | undefined> {
  return trx
    .selectFrom('fulfilment_tasks')
    .select(taskColumns)
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('id', '=', taskId)
    .executeTakeFirst();
}

/** Moves the supplier's task from one of `from` to `to`, once; returns the task if this call did. */
export async function transitionSupplierTask(
  trx: SupplierTx,
  taskId: string,
  from: FulfilmentTaskStatus[],
  to: FulfilmentTaskStatus,
  note: string | null,
) {
  return trx
    .updateTable('fulfilment_tasks')
    .set({
      status: to,
      ...(to === 'accepted' ? { accepted_at: sql`now()` } : {}),
      ...(to === 'done' || to === 'failed' ? { finished_at: sql`now()` } : {}),
      ...(note !== null ? { supplier_note: note } : {}),
    })
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('id', '=', taskId)
    .where('status', 'in', from)
    .returning(['id', 'tenant_id as tenantId', 'order_id as orderId'])
    .executeTakeFirst();
}

/** The task as the shop sees it. */
export async function selectShopTask(trx: TenantTx, tenantId: string, taskId: string) {
  return trx
    .selectFrom('fulfilment_tasks')
    .select(taskColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', taskId)
    .executeTakeFirst();
}

export async function selectOrderFulfilment(trx: TenantTx, tenantId: string, orderId: string) {
  const tasks = await trx
    .selectFrom('fulfilment_tasks')
    .select(taskColumns)
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .execute();
  const shipments = await trx
    .selectFrom('shipments')
    .select([
      'id',
      'order_line_id as orderLineId',
      'supplier_id as supplierId',
      'quantity',
      'address',
      'status',
      'carrier',
      'tracking_number as trackingNumber',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .execute();
  return { tasks, shipments };
}

/**
 * A page of the acting supplier's tasks in one state: open ones oldest first (first paid, first
 * served), finished ones newest first.
 */
export async function selectSupplierTaskPage(
  trx: SupplierTx,
  status: FulfilmentTaskStatus,
  page: { offset: number; limit: number },
): Promise<FulfilmentTaskRow[]> {
  let query = trx
    .selectFrom('fulfilment_tasks')
    .select(taskColumns)
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('status', '=', status);
  query =
    status === 'pending' || status === 'accepted'
      ? query.orderBy('created_at').orderBy('id')
      : query.orderBy('finished_at', 'desc').orderBy('id', 'desc');
  return query.offset(page.offset).limit(page.limit).execute();
}

/** How many of the acting supplier's tasks are in each state. */
export async function countSupplierTasks(
  trx: SupplierTx,
): Promise<Partial<Record<FulfilmentTaskStatus, number>>> {
  const rows = await trx
    .selectFrom('fulfilment_tasks')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The account fields (key and label) of the products behind these SKUs, by SKU. */
export async function selectTopupFieldsBySku(trx: SupplierTx, skuIds: string[]) {
  if (skuIds.length === 0) return new Map<string, TopupField[]>();
  const rows = await trx
    .selectFrom('skus as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.id', 'p.topup_fields as fields'])
    .where('s.id', 'in', skuIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.fields]));
}
