import { describeDevice } from '../customers/device.js';
import { locateIps, type GeoIp, type LocationLang } from '../security/geoip.js';
import type { AuditEventRow } from './security-centre.queries.js';

/** Sign-in attempts of a shop customer: the account's holder sees each, good or bad. */
export const CUSTOMER_SIGN_IN_ACTIONS = [
  'customer.sign_in',
  'customer.sign_in_failed',
  'customer.locked_out',
  'customer.two_factor_failed',
] as const;

/** Changes to a shop customer's account and its ways in. */
export const CUSTOMER_ACCOUNT_ACTIONS = [
  'customer.registered',
  'customer.sign_out',
  'customer.session_revoked',
  'customer.sessions_revoked',
  'customer.password_changed',
  'customer.password_reset',
  'customer.contact_changed',
  'customer.two_factor_enabled',
  'customer.two_factor_disabled',
  'customer.recovery_codes_regenerated',
  'customer.identity_linked',
  'customer.identity_unlinked',
] as const;

/** A console user's security record: sign-ins, sign-outs, sessions, password, 2FA, confirmations. */
export const STAFF_SECURITY_ACTIONS = [
  'staff.sign_in',
  'staff.sign_in_failed',
  'staff.locked_out',
  'staff.two_factor_failed',
  'staff.sign_out',
  'staff.session_revoked',
  'staff.sessions_revoked',
  'staff.password_changed',
  'staff.two_factor_enabled',
  'staff.two_factor_disabled',
  'staff.recovery_codes_regenerated',
  'staff.confirmed',
  'staff.confirm_failed',
] as const;

/** Every action the security centres show; operators filter the audit log by them. */
export const SECURITY_ACTIONS: readonly string[] = [
  ...CUSTOMER_SIGN_IN_ACTIONS,
  ...CUSTOMER_ACCOUNT_ACTIONS,
  ...STAFF_SECURITY_ACTIONS,
];

const ENGLISH_DEVICE_WORDS: Array<[string, string]> = [
  ['QQ 浏览器', 'QQ Browser'],
  ['UC 浏览器', 'UC Browser'],
  ['微信', 'WeChat'],
  ['支付宝', 'Alipay'],
  ['鸿蒙', 'HarmonyOS'],
  ['未知设备', 'Unknown device'],
];

/** A device name of describeDevice in the page's language: "微信 · iPhone" / "WeChat · iPhone". */
export function localDeviceName(name: string, lang: LocationLang): string {
  if (lang !== 'en') return name;
  return ENGLISH_DEVICE_WORDS.reduce((out, [zh, en]) => out.replace(zh, en), name);
}

export function deviceName(userAgent: string | null | undefined, lang: LocationLang): string {
  return localDeviceName(describeDevice(userAgent), lang);
}

const FAILURES = new Set([
  'customer.sign_in_failed',
  'customer.locked_out',
  'customer.two_factor_failed',
  'staff.sign_in_failed',
  'staff.locked_out',
  'staff.two_factor_failed',
  'staff.confirm_failed',
]);

export interface SecurityEvent {
  id: string;
  at: Date;
  /** The audit action, e.g. customer.sign_in; pages name it in their language. */
  action: string;
  outcome: 'success' | 'failure';
  /** How: password, code, wechat, qq, totp, recovery_code... when the event says. */
  method: string | null;
  /** "微信 · iPhone", or null when the event did not record the device. */
  device: string | null;
  ip: string | null;
  /** Approximate place of the address; null without GEOIP_DATABASE. */
  location: string | null;
  /** The session count of a "sign out all others", the provider of a link... */
  detail: Record<string, string | number | boolean>;
}

function record(data: unknown): Record<string, unknown> {
  return data && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** Details safe to show the account's holder: short scalars, never addresses or hashes. */
const DETAIL_KEYS = [
  'remember',
  'revokedSessions',
  'provider',
  'nickname',
  'kind',
  'via',
  'secondFactor',
  'with',
  'lockedForMs',
];

export async function toSecurityEvents(
  rows: AuditEventRow[],
  geo: GeoIp,
  lang: LocationLang,
): Promise<SecurityEvent[]> {
  const ipOf = (row: AuditEventRow) => row.ip ?? str(record(row.data).ip);
  const places = await locateIps(geo, rows.map(ipOf), lang);
  return rows.map((row) => {
    const data = record(row.data);
    const ip = ipOf(row);
    const userAgent = str(data.userAgent) ?? row.session_user_agent;
    const detail: SecurityEvent['detail'] = {};
    for (const key of DETAIL_KEYS) {
      const value = data[key];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        detail[key] = typeof value === 'string' ? value.slice(0, 80) : value;
      }
    }
    return {
      id: row.id,
      at: row.occurred_at,
      action: row.action,
      outcome: FAILURES.has(row.action) ? 'failure' : 'success',
      method: str(data.method) ?? str(data.with),
      device: userAgent ? deviceName(userAgent, lang) : null,
      ip,
      location: ip ? (places.get(ip) ?? null) : null,
      detail,
    };
  });
}
