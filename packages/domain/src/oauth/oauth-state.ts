import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OAuthProviderId } from './provider.js';

// The `state` goes to the provider and comes back untouched. WeChat accepts at most 128 bytes of
// [A-Za-z0-9], so it is 64 hex characters: the flow id and an HMAC over the shop, the flow and
// the secret of the browser that started it (a cookie). A state without that browser's cookie,
// from another shop, or forged, does not verify; a verified one is still used only once (the
// flow row records its return).

const STATE = /^([0-9a-f]{32})([0-9a-f]{32})$/;

function derivedKey(appSecret: string, purpose: string): Buffer {
  return createHmac('sha256', appSecret).update(`cardshop oauth ${purpose} v1`).digest();
}

function hex(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

function uuid(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A fresh secret for the browser's cookie (32 URL-safe characters). */
export function newBrowserSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function isBrowserSecret(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{32}$/.test(value);
}

/** What the flow row keeps of the browser secret. */
export function browserHash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function signState(
  appSecret: string,
  tenantId: string,
  flowId: string,
  browserSecret: string,
): string {
  const id = hex(flowId);
  const mac = createHmac('sha256', derivedKey(appSecret, 'state'))
    .update(`${tenantId}.${id}.${browserSecret}`)
    .digest('hex')
    .slice(0, 32);
  return `${id}${mac}`;
}

/** The flow id of a state signed for this shop and this browser, else null. */
export function openState(
  appSecret: string,
  tenantId: string,
  state: string | null | undefined,
  browserSecret: string | null | undefined,
): string | null {
  const match = STATE.exec(state ?? '');
  if (!match || !isBrowserSecret(browserSecret)) return null;
  const flowId = uuid(match[1]!);
  const expected = Buffer.from(signState(appSecret, tenantId, flowId, browserSecret));
  return timingSafeEqual(expected, Buffer.from(state!)) ? flowId : null;
}

// With OAUTH_CALLBACK_ORIGIN, every shop's callback goes through that one registered host, which
// must know where to send the person next. The shop's origin rides in the callback path, signed,
// so the relay never forwards a code to a host the platform did not name itself (a code sent to
// an attacker's host could be replayed there into the attacker's own flow).

const ORIGIN = /^https?:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?$/;

export function relayToken(appSecret: string, origin: string): string {
  const mac = createHmac('sha256', derivedKey(appSecret, 'relay'))
    .update(origin)
    .digest('base64url')
    .slice(0, 27);
  return `${Buffer.from(origin).toString('base64url')}.${mac}`;
}

/** The shop origin a relay token names, or null when it was not signed here. */
export function openRelayToken(appSecret: string, token: string | null | undefined): string | null {
  const [encoded, mac] = (token ?? '').split('.');
  if (!encoded || !mac || encoded.length > 400) return null;
  const origin = Buffer.from(encoded, 'base64url').toString();
  if (!ORIGIN.test(origin)) return null;
  const expected = Buffer.from(relayToken(appSecret, origin));
  const given = Buffer.from(token!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? origin : null;
}

/**
 * The redirect_uri for a shop: its own /auth/<provider>/callback, or the relay host's with the
 * shop named in the path. The same string must be sent again when the code is exchanged.
 */
export function callbackUrl(input: {
  appSecret: string;
  provider: OAuthProviderId;
  shopOrigin: string;
  callbackOrigin: string | null | undefined;
}): string {
  if (!input.callbackOrigin) return `${input.shopOrigin}/auth/${input.provider}/callback`;
  const base = input.callbackOrigin.replace(/\/$/, '');
  return `${base}/auth/${input.provider}/callback/${relayToken(input.appSecret, input.shopOrigin)}`;
}
