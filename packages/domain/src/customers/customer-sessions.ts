import type { TenantTx } from '@cardshop/db';
import {
  generateSecureRandomString,
  hashSecret,
  secretMatches,
  splitToken,
} from '../identity/session-token.js';
import {
  deleteCustomerSession,
  findCustomerSession,
  insertCustomerSession,
  listLiveCustomerSessions,
  toCustomer,
  touchCustomerSession,
  type Customer,
} from './customers.queries.js';
import { describeDevice } from './device.js';

/** "Remember me": a 30-day session, extended on use. */
export const REMEMBERED_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Otherwise a browser-session cookie, and the server forgets it after 12 idle hours. */
export const BROWSER_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Extend the sliding expiry at most this often, so every request is not a write. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface CustomerSession {
  id: string;
  customerId: string;
  remember: boolean;
  expiresAt: Date;
  /** When the person last confirmed it was them again on this session (second confirmation). */
  confirmedAt: Date | null;
}

export interface IssuedCustomerSession extends CustomerSession {
  /** `<id>.<secret>`: goes into the cookie, never stored. */
  token: string;
}

export function sessionTtl(remember: boolean): number {
  return remember ? REMEMBERED_SESSION_TTL_MS : BROWSER_SESSION_TTL_MS;
}

export async function createCustomerSession(
  trx: TenantTx,
  tenantId: string,
  input: { customerId: string; remember: boolean; ip: string | null; userAgent: string | null },
): Promise<IssuedCustomerSession> {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const expiresAt = new Date(Date.now() + sessionTtl(input.remember));
  await insertCustomerSession(trx, {
    tenantId,
    id,
    customerId: input.customerId,
    secretHash: hashSecret(secret),
    remember: input.remember,
    expiresAt,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 400) ?? null,
  });
  return {
    token: `${id}.${secret}`,
    id,
    customerId: input.customerId,
    remember: input.remember,
    expiresAt,
    confirmedAt: null,
  };
}

/**
 * The signed-in customer for a cookie token in this shop, or null. The session row is
 * tenant-owned, so a token minted by another shop is simply not found here. A live session's
 * expiry slides forward; `refreshed` says the cookie should be sent again with the new expiry.
 */
export async function validateCustomerSession(
  trx: TenantTx,
  tenantId: string,
  token: string,
): Promise<{ session: CustomerSession & { refreshed: boolean }; customer: Customer } | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await findCustomerSession(trx, tenantId, parts.id);
  if (!row || !secretMatches(parts.secret, row.secret_hash)) return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now || row.status !== 'active') {
    await deleteCustomerSession(trx, tenantId, row.id);
    return null;
  }
  let expiresAt = row.expires_at;
  let refreshed = false;
  if (now - row.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
    expiresAt = new Date(now + sessionTtl(row.remember));
    refreshed = true;
    await touchCustomerSession(trx, tenantId, row.id, { lastUsedAt: new Date(now), expiresAt });
  }
  return {
    session: {
      id: row.id,
      customerId: row.customer_id,
      remember: row.remember,
      expiresAt,
      confirmedAt: row.confirmed_at,
      refreshed,
    },
    customer: toCustomer({ ...row, id: row.customer_id, tenant_id: tenantId }),
  };
}

export interface CustomerSessionSummary {
  id: string;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  remember: boolean;
  current: boolean;
}

/** The customer's live sessions, most recently used first, the current one marked. */
export async function listCustomerSessions(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  currentSessionId: string | null,
): Promise<CustomerSessionSummary[]> {
  const rows = await listLiveCustomerSessions(trx, tenantId, customerId);
  return rows.map((r) => ({
    id: r.id,
    device: describeDevice(r.user_agent),
    ip: r.ip,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    remember: r.remember,
    current: r.id === currentSessionId,
  }));
}
