import { withTenant, type TenantTx } from '@cardshop/db';
import {
  composeSecurityNotice,
  sendSecurityNotice,
  type SecurityNotice,
  type SecurityNoticeKind,
} from '../security/security-notices.js';
import type { CustomerAuth } from './customer-auth.js';
import { nowOf, type CustomerContext } from './customer-context.js';
import {
  countUnreadCustomerNotices,
  insertCustomerNotice,
  markCustomerNoticesRead,
  selectCustomerNotices,
  type CustomerNotice,
} from './customer-security.queries.js';

export type { CustomerNotice };

/**
 * Writes the in-site security notice (站内信) in the transaction of the change; returns it for
 * sendCustomerNotice to mail or text once that transaction has committed.
 */
export async function recordCustomerNotice(
  trx: TenantTx,
  ctx: Pick<CustomerContext, 'tenant' | 'ip' | 'now'>,
  customerId: string,
  kind: SecurityNoticeKind,
  detail?: string,
): Promise<SecurityNotice> {
  const notice = composeSecurityNotice(kind, {
    at: new Date(nowOf(ctx)),
    ip: ctx.ip,
    contact: '联系店铺客服',
    ...(detail ? { detail } : {}),
  });
  await insertCustomerNotice(trx, {
    tenantId: ctx.tenant.id,
    customerId,
    ...notice,
  });
  return notice;
}

/** Mails and/or texts the notice to the account holder (after commit; best effort per channel). */
export function sendCustomerNotice(
  ctx: Pick<CustomerContext, 'email' | 'sms' | 'logger' | 'tenant'>,
  to: { email?: string | null; phone?: string | null },
  notice: SecurityNotice,
): Promise<void> {
  return sendSecurityNotice(
    { email: ctx.email, sms: ctx.sms, logger: ctx.logger },
    to,
    notice,
    ctx.tenant.name,
  );
}

/** The customer's own security notices, newest first, with how many are unread. */
export function getCustomerNotices(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
  limit = 20,
): Promise<{ items: CustomerNotice[]; unread: number }> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => ({
    items: await selectCustomerNotices(
      trx,
      ctx.tenant.id,
      auth.customerId,
      Math.min(Math.max(limit, 1), 100),
    ),
    unread: await countUnreadCustomerNotices(trx, ctx.tenant.id, auth.customerId),
  }));
}

export function markCustomerNoticesAllRead(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
): Promise<number> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) =>
    markCustomerNoticesRead(trx, ctx.tenant.id, auth.customerId),
  );
}
