import { withTenant, type Database } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { secretMatches, splitToken } from '../identity/session-token.js';
import type { CustomerAuth } from './customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import {
  listCustomerSessions,
  validateCustomerSession,
  type CustomerSession,
  type CustomerSessionSummary,
} from './customer-sessions.js';
import { CustomerErrors } from './customers.errors.js';
import {
  deleteCustomerSession,
  deleteOtherCustomerSessions,
  findCustomerSession,
  type Customer,
} from './customers.queries.js';

/** The customer signed in with this cookie token in this shop, or null (see validateCustomerSession). */
export function authenticateCustomer(
  db: Database,
  tenantId: string,
  token: string,
): Promise<{ session: CustomerSession & { refreshed: boolean }; customer: Customer } | null> {
  return withTenant(db, tenantId, (trx) => validateCustomerSession(trx, tenantId, token));
}

/** Ends the session behind this token (sign out). Unknown or foreign tokens change nothing. */
export async function signOutCustomer(ctx: CustomerContext, token: string): Promise<void> {
  const parts = splitToken(token);
  if (!parts) return;
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerSession(trx, ctx.tenant.id, parts.id);
    if (!row || !secretMatches(parts.secret, row.secret_hash)) return;
    await deleteCustomerSession(trx, ctx.tenant.id, row.id);
    await recordCustomerEvent(trx, ctx, 'customer.sign_out', {
      customerId: row.customer_id,
      target: { type: 'customer_session', id: row.id },
    });
  });
}

export function getCustomerSessions(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
): Promise<CustomerSessionSummary[]> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) =>
    listCustomerSessions(trx, ctx.tenant.id, auth.customerId, auth.sessionId),
  );
}

/** Signs one of the customer's own sessions out, at once. */
export async function revokeCustomerSession(
  ctx: CustomerContext,
  auth: CustomerAuth,
  sessionId: string,
): Promise<void> {
  const deleted = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const n = await deleteCustomerSession(trx, ctx.tenant.id, sessionId, auth.customerId);
    if (n > 0) {
      await recordCustomerEvent(trx, ctx, 'customer.session_revoked', {
        customerId: auth.customerId,
        target: { type: 'customer_session', id: sessionId },
        data: { current: sessionId === auth.sessionId },
      });
    }
    return n;
  });
  if (!deleted) {
    throw new DomainError(CustomerErrors.SESSION_NOT_FOUND, {
      userMessage: '找不到这个登录设备，它可能已经退出登录',
      status: 404,
    });
  }
}

/** Signs out every session of the customer except the one making the request. */
export function revokeOtherCustomerSessions(
  ctx: CustomerContext,
  auth: CustomerAuth,
): Promise<number> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const n = await deleteOtherCustomerSessions(
      trx,
      ctx.tenant.id,
      auth.customerId,
      auth.sessionId,
    );
    await recordCustomerEvent(trx, ctx, 'customer.sessions_revoked', {
      customerId: auth.customerId,
      data: { revokedSessions: n },
    });
    return n;
  });
}
