import { withTenant } from '@cardshop/db';
import type { CustomerAuth } from './customer-auth.js';
import type { CustomerContext } from './customer-context.js';
import {
  countUnreadCustomerNotices,
  customerHasTwoFactor,
  selectCustomerNotices,
  type CustomerNotice,
} from './customer-security.queries.js';
import {
  countLiveCustomerSessions,
  findCustomerById,
  listCustomerSecurityEvents,
  toCustomer,
  type Customer,
  type CustomerSecurityEvent,
} from './customers.queries.js';
import { maskEmail, maskPhone } from './mask.js';

export interface CustomerAccount {
  customer: Customer;
  contacts: { phone: string | null; email: string | null };
  liveSessions: number;
  recentEvents: CustomerSecurityEvent[];
  twoFactorEnabled: boolean;
  /** Security notices (站内信) to the account holder, newest first. */
  notices: CustomerNotice[];
  unreadNotices: number;
}

/** The account overview: who the customer is, their contacts (masked) and recent security events. */
export function getCustomerAccount(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
): Promise<CustomerAccount> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    return {
      customer: toCustomer(row),
      contacts: {
        phone: row.phone ? maskPhone(row.phone) : null,
        email: row.email ? maskEmail(row.email) : null,
      },
      liveSessions: await countLiveCustomerSessions(trx, ctx.tenant.id, row.id),
      recentEvents: await listCustomerSecurityEvents(trx, ctx.tenant.id, row.id, 10),
      twoFactorEnabled: await customerHasTwoFactor(trx, ctx.tenant.id, row.id),
      notices: await selectCustomerNotices(trx, ctx.tenant.id, row.id, 5),
      unreadNotices: await countUnreadCustomerNotices(trx, ctx.tenant.id, row.id),
    };
  });
}
