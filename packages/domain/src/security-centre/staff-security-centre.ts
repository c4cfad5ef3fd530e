import { asStaffUser, type Database } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { IdentityErrors } from '../identity/identity.errors.js';
import type { StaffAuth, StaffAuthContext } from '../identity/staff-auth-context.js';
import { locateIps, type GeoIp, type LocationLang } from '../security/geoip.js';
import {
  deleteOtherStaffSessions,
  deleteStaffSession,
  selectLiveStaffSessions,
  selectStaffOwnEvents,
} from './security-centre.queries.js';
import {
  deviceName,
  STAFF_SECURITY_ACTIONS,
  toSecurityEvents,
  type SecurityEvent,
} from './security-events.js';

export interface StaffDevice {
  id: string;
  device: string;
  ip: string | null;
  /** Approximate place of the address; null without GEOIP_DATABASE. */
  location: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  current: boolean;
}

export interface StaffAccountSecurity {
  /** The console sessions of this person, most recently used first, the current one marked. */
  devices: StaffDevice[];
  /** 我的安全记录: this person's own sign-ins, sign-outs and account changes, newest first. */
  events: SecurityEvent[];
  locations: boolean;
}

/**
 * A console user's own devices and security record. The record comes from the platform audit
 * log through staff_own_audit, which holds only this person's rows: an owner of a shop sees their
 * own sign-ins, never a colleague's, and operators read everyone's in the platform audit log.
 */
export async function getStaffAccountSecurity(
  db: Database,
  auth: StaffAuth,
  options: { geo: GeoIp; lang?: LocationLang; limit?: number },
): Promise<StaffAccountSecurity> {
  const lang = options.lang ?? 'zh-CN';
  const [sessions, rows] = await Promise.all([
    selectLiveStaffSessions(db, auth.userId),
    asStaffUser(db, auth.userId, (trx) =>
      selectStaffOwnEvents(trx, STAFF_SECURITY_ACTIONS, options.limit ?? 20),
    ),
  ]);
  const places = await locateIps(
    options.geo,
    sessions.map((s) => s.ip),
    lang,
  );
  return {
    devices: sessions.map((s) => ({
      id: s.id,
      device: deviceName(s.user_agent, lang),
      ip: s.ip,
      location: s.ip ? (places.get(s.ip) ?? null) : null,
      createdAt: s.created_at,
      lastUsedAt: s.last_used_at,
      expiresAt: s.expires_at,
      current: s.id === auth.sessionId,
    })),
    events: await toSecurityEvents(rows, options.geo, lang),
    locations: options.geo.enabled,
  };
}

function audit(
  ctx: StaffAuthContext,
  auth: StaffAuth,
  action: string,
  extra: { target?: { type: string; id: string }; data?: Record<string, unknown> } = {},
) {
  return recordPlatformAudit(ctx.db, {
    actor: { type: 'staff', id: auth.userId, ip: ctx.ip },
    action,
    ...(extra.target ? { target: extra.target } : {}),
    data: { ...extra.data, ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}) },
  });
}

/** Signs one of the person's own console sessions out, at once. */
export async function revokeStaffSession(
  ctx: StaffAuthContext,
  auth: StaffAuth,
  sessionId: string,
): Promise<void> {
  const deleted = await deleteStaffSession(ctx.db, auth.userId, sessionId);
  if (!deleted) {
    throw new DomainError(IdentityErrors.SESSION_NOT_FOUND, {
      userMessage: '找不到这个登录设备，它可能已经退出登录',
      status: 404,
    });
  }
  await audit(ctx, auth, 'staff.session_revoked', {
    target: { type: 'staff_session', id: sessionId },
    data: { current: sessionId === auth.sessionId },
  });
}

/** Signs out every console session of the person except the one making the request. */
export async function revokeOtherStaffSessions(
  ctx: StaffAuthContext,
  auth: StaffAuth,
): Promise<number> {
  const n = await deleteOtherStaffSessions(ctx.db, auth.userId, auth.sessionId);
  await audit(ctx, auth, 'staff.sessions_revoked', { data: { revokedSessions: n } });
  return n;
}

/** Ends the console session of this request (sign out), and records it. */
export async function signOutStaff(ctx: StaffAuthContext, auth: StaffAuth): Promise<void> {
  const n = await deleteStaffSession(ctx.db, auth.userId, auth.sessionId);
  if (n > 0) {
    await audit(ctx, auth, 'staff.sign_out', {
      target: { type: 'staff_session', id: auth.sessionId },
    });
  }
}
