import { withTenant } from '@cardshop/db';
import type { CustomerAuth } from '../customers/customer-auth.js';
import type { CustomerContext } from '../customers/customer-context.js';
import {
  listCustomerSessions,
  type CustomerSessionSummary,
} from '../customers/customer-sessions.js';
import { countLiveCustomerSessions, findCustomerById } from '../customers/customers.queries.js';
import { maskEmail, maskPhone } from '../customers/mask.js';
import { locateIps, type GeoIp, type LocationLang } from '../security/geoip.js';
import {
  selectCustomerEvents,
  selectCustomerIdentities,
  selectCustomerTwoFactorSince,
} from './security-centre.queries.js';
import {
  localDeviceName,
  CUSTOMER_ACCOUNT_ACTIONS,
  CUSTOMER_SIGN_IN_ACTIONS,
  toSecurityEvents,
  type SecurityEvent,
} from './security-events.js';

export interface CustomerSecurityCentre {
  /** Sign-in attempts on this account, good and bad, newest first. */
  signIns: SecurityEvent[];
  /** Password, two-step verification, linked accounts, sessions ended... newest first. */
  changes: SecurityEvent[];
  liveSessions: number;
  twoFactor: { enabled: boolean; since: Date | null };
  hasPassword: boolean;
  /** Masked. */
  contacts: { phone: string | null; email: string | null };
  linkedAccounts: Array<{
    provider: string;
    nickname: string | null;
    linkedAt: Date;
    lastSignInAt: Date | null;
  }>;
  /** Whether places can be shown at all (GEOIP_DATABASE). */
  locations: boolean;
}

export interface SecurityCentreOptions {
  geo: GeoIp;
  lang?: LocationLang;
  /** How many sign-ins and changes to show. */
  limit?: number;
}

/**
 * The customer's security centre (安全中心): their own recent sign-ins and account changes from the
 * shop's audit log, how many devices are signed in, two-step verification and linked accounts.
 * Only the signed-in customer's own events: another customer's, or another shop's, never appear.
 */
export async function getCustomerSecurityCentre(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
  options: SecurityCentreOptions,
): Promise<CustomerSecurityCentre> {
  const lang = options.lang ?? 'zh-CN';
  const limit = options.limit ?? 10;
  const tenantId = ctx.tenant.id;
  const found = await withTenant(ctx.db, tenantId, async (trx) => {
    const row = await findCustomerById(trx, tenantId, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    return {
      row,
      signIns: await selectCustomerEvents(trx, tenantId, row.id, CUSTOMER_SIGN_IN_ACTIONS, limit),
      changes: await selectCustomerEvents(trx, tenantId, row.id, CUSTOMER_ACCOUNT_ACTIONS, limit),
      liveSessions: await countLiveCustomerSessions(trx, tenantId, row.id),
      twoFactorSince: await selectCustomerTwoFactorSince(trx, tenantId, row.id),
      identities: await selectCustomerIdentities(trx, tenantId, row.id),
    };
  });
  return {
    signIns: await toSecurityEvents(found.signIns, options.geo, lang),
    changes: await toSecurityEvents(found.changes, options.geo, lang),
    liveSessions: found.liveSessions,
    twoFactor: { enabled: found.twoFactorSince !== null, since: found.twoFactorSince },
    hasPassword: found.row.password_hash !== null,
    contacts: {
      phone: found.row.phone ? maskPhone(found.row.phone) : null,
      email: found.row.email ? maskEmail(found.row.email) : null,
    },
    linkedAccounts: found.identities.map((i) => ({
      provider: i.provider,
      nickname: i.nickname,
      linkedAt: i.linked_at,
      lastSignInAt: i.last_sign_in_at,
    })),
    locations: options.geo.enabled,
  };
}

export interface CustomerDevice extends CustomerSessionSummary {
  /** Approximate place of the session's address; null without GEOIP_DATABASE. */
  location: string | null;
}

/** The customer's signed-in devices (登录设备) with their approximate places. */
export async function getCustomerDevices(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
  options: { geo: GeoIp; lang?: LocationLang },
): Promise<{ devices: CustomerDevice[]; locations: boolean }> {
  const sessions = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    listCustomerSessions(trx, ctx.tenant.id, auth.customerId, auth.sessionId),
  );
  const lang = options.lang ?? 'zh-CN';
  const places = await locateIps(
    options.geo,
    sessions.map((s) => s.ip),
    lang,
  );
  return {
    devices: sessions.map((s) => ({
      ...s,
      device: localDeviceName(s.device, lang),
      location: s.ip ? (places.get(s.ip) ?? null) : null,
    })),
    locations: options.geo.enabled,
  };
}
