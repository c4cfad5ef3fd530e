import { sql, type TenantTx } from '@cardshop/db';
import type { CheckoutSettings } from './checkout.schemas.js';

export async function selectCheckoutSettings(
  trx: TenantTx,
  tenantId: string,
  options: { lock?: boolean } = {},
): Promise<CheckoutSettings | undefined> {
  let query = trx
    .selectFrom('tenants')
    .select([
      'order_expiry_minutes as orderExpiryMinutes',
      'open_orders_per_ip as openOrdersPerIp',
      'open_orders_per_contact as openOrdersPerContact',
      'open_orders_per_customer as openOrdersPerCustomer',
    ])
    .where('id', '=', tenantId);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateCheckoutSettingsRow(
  trx: TenantTx,
  tenantId: string,
  settings: CheckoutSettings,
): Promise<boolean> {
  const result = await trx
    .updateTable('tenants')
    .set({
      order_expiry_minutes: settings.orderExpiryMinutes,
      open_orders_per_ip: settings.openOrdersPerIp,
      open_orders_per_contact: settings.openOrdersPerContact,
      open_orders_per_customer: settings.openOrdersPerCustomer,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
