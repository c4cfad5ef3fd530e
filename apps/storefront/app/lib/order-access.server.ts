import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';

/**
 * Which orders this browser may open without an account: the ones it placed, and the ones it found
 * through /orders/lookup. Kept in a host-only, HttpOnly cookie signed with a key derived from
 * APP_SECRET, so it cannot be forged or carried to another shop's host (the shop id is signed in).
 * `browserId` is a random id of this browser, recorded with each code reveal of a guest as the
 * session that revealed it.
 */
export const ORDER_ACCESS_COOKIE = 'cs_orders';
const MAX_ORDERS = 30;
const THIRTY_DAYS_S = 30 * 24 * 60 * 60;

export interface OrderAccess {
  browserId: string;
  orderIds: string[];
}

function signingKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('cardshop storefront order access v1').digest();
}

function sign(secret: string, tenantId: string, payload: string): string {
  return createHmac('sha256', signingKey(secret))
    .update(`${tenantId}.${payload}`)
    .digest('base64url');
}

/** The orders this browser may open in this shop (none when the cookie is missing or forged). */
export function readOrderAccess(
  request: Request,
  context: AppLoadContext,
  tenantId: string,
): OrderAccess | null {
  const cookie = request.headers.get('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${ORDER_ACCESS_COOKIE}=([^;]+)`).exec(cookie);
  if (!match?.[1]) return null;
  const [payload, signature] = decodeURIComponent(match[1]).split('~');
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(context.runtime.env.APP_SECRET, tenantId, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [browserId, ...orderIds] = payload.split('.');
  if (!browserId) return null;
  return { browserId, orderIds: orderIds.filter(Boolean) };
}

/**
 * The Set-Cookie that adds `orderId` to this browser's orders (newest first, the oldest dropped
 * past 30), creating the browser id on first use.
 */
export function grantOrderAccess(
  request: Request,
  context: AppLoadContext,
  tenantId: string,
  orderId: string,
): string {
  const current = readOrderAccess(request, context, tenantId);
  const browserId = current?.browserId ?? randomBytes(12).toString('base64url');
  const orderIds = [orderId, ...(current?.orderIds ?? []).filter((id) => id !== orderId)].slice(
    0,
    MAX_ORDERS,
  );
  const payload = [browserId, ...orderIds].join('.');
  const value = `${payload}~${sign(context.runtime.env.APP_SECRET, tenantId, payload)}`;
  const secure = context.runtime.env.PUBLIC_SCHEME === 'https' ? '; Secure' : '';
  return `${ORDER_ACCESS_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${THIRTY_DAYS_S}${secure}`;
}

/** Whether this browser holds access to the order (a signed-in owner is checked separately). */
export function hasOrderAccess(
  request: Request,
  context: AppLoadContext,
  tenantId: string,
  orderId: string,
): boolean {
  return readOrderAccess(request, context, tenantId)?.orderIds.includes(orderId) ?? false;
}
