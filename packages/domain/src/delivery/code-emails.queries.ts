import { sql, type TenantTx } from '@cardshop/db';

/** Where the codes of an order go by mail: the order's contact email, else its buyer's. */
export async function selectCodesEmailRecipient(
  trx: TenantTx,
  tenantId: string,
  order: { contactEmail: string | null; customerId: string | null },
): Promise<string | null> {
  if (order.contactEmail) return order.contactEmail;
  if (!order.customerId) return null;
  const customer = await trx
    .selectFrom('customers')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', order.customerId)
    .executeTakeFirst();
  return customer?.email ?? null;
}

/** The order's codes mail; false when it was queued before (one mail per order). */
export async function insertCodesEmail(
  trx: TenantTx,
  row: { tenantId: string; orderId: string; recipient: string },
): Promise<boolean> {
  const result = await trx
    .insertInto('order_code_emails')
    .values({ tenant_id: row.tenantId, order_id: row.orderId, recipient: row.recipient })
    .onConflict((oc) => oc.columns(['tenant_id', 'order_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The mail's row, locked, so two runs of its job take turns and the second finds it sent. */
export async function selectCodesEmailForUpdate(trx: TenantTx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('order_code_emails')
    .select(['recipient', 'sent_at as sentAt'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
}

export async function markCodesEmailSent(trx: TenantTx, tenantId: string, orderId: string) {
  await trx
    .updateTable('order_code_emails')
    .set({ sent_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('sent_at', 'is', null)
    .execute();
}

/** The shop's name and address slug (shop names are public). */
export async function selectShopIdentity(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('tenants')
    .select(['name', 'slug'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
}
