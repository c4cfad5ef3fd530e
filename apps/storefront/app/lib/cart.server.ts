import type { AppLoadContext } from '@remix-run/node';
import {
  GUEST_CART_TTL_MS,
  mergeGuestCart,
  withTenant,
  type CartOwner,
  type TenantTx,
} from '@cardshop/domain';
import { getCustomer, type SignedInCustomer } from '../customer.server';
import { requireShop } from './shop.server';

/**
 * A guest's cart token. Host-only and HttpOnly like the session cookie, so one shop's cart never
 * travels to another's host and page scripts cannot read it; the cart row is tenant-owned too.
 */
export const CART_COOKIE = 'cs_cart';

export function readCartToken(request: Request): string | null {
  const cookie = request.headers.get('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${CART_COOKIE}=([^;]+)`).exec(cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

function secure(context: AppLoadContext) {
  return context.runtime.env.PUBLIC_SCHEME === 'https' ? '; Secure' : '';
}

export function cartCookie(context: AppLoadContext, token: string): string {
  const maxAge = Math.floor(GUEST_CART_TTL_MS / 1000);
  return `${CART_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure(context)}`;
}

export function clearCartCookie(context: AppLoadContext): string {
  return `${CART_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure(context)}`;
}

/** Whose cart this request is about: the signed-in customer's, else the guest cookie's. */
export async function cartOwner(
  request: Request,
  context: AppLoadContext,
): Promise<{ owner: CartOwner; signedIn: SignedInCustomer | null }> {
  const signedIn = await getCustomer(request, context);
  return {
    owner: signedIn
      ? { customerId: signedIn.customer.id, guestToken: null }
      : { customerId: null, guestToken: readCartToken(request) },
    signedIn,
  };
}

/** One cart call in the shop's transaction. */
export function inShopCart<T>(
  context: AppLoadContext,
  fn: (trx: TenantTx, tenantId: string) => Promise<T>,
): Promise<T> {
  const tenant = requireShop(context);
  return withTenant(context.runtime.db, tenant.id, (trx) => fn(trx, tenant.id));
}

/**
 * After signing in or registering: the guest cart moves into the account's cart. Returns the
 * Set-Cookie that drops the guest cookie (null when there was none, or the merge failed).
 */
export async function adoptGuestCart(
  request: Request,
  context: AppLoadContext,
  customerId: string,
): Promise<string | null> {
  const guestToken = readCartToken(request);
  if (!guestToken) return null;
  try {
    await inShopCart(context, (trx, tenantId) =>
      mergeGuestCart(trx, { tenantId, guestToken, customerId }),
    );
  } catch (error) {
    // Signing in must not fail over the cart; the guest cookie stays, so nothing is lost.
    context.runtime.logger.warn(
      { err: error, requestId: context.requestId },
      'cart: merging the guest cart failed',
    );
    return null;
  }
  return clearCartCookie(context);
}
