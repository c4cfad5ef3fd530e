import type { TenantTx } from '@cardshop/db';
import { hashGuestCartToken, newGuestCartToken, type CartOwner } from './cart-owner.js';
import {
  ensureCustomerCart,
  findCustomerCart,
  findGuestCart,
  insertGuestCart,
  lockCart,
  pruneGuestCarts,
} from './cart.queries.js';

/** Guest carts untouched this long are removed; the guest cookie lasts as long. */
export const GUEST_CART_TTL_MS = 30 * 24 * 60 * 60_000;

/** The owner's cart, if they have one. */
export async function findCart(
  trx: TenantTx,
  tenantId: string,
  owner: CartOwner,
): Promise<string | undefined> {
  if (owner.customerId) return findCustomerCart(trx, tenantId, owner.customerId);
  const hash = hashGuestCartToken(owner.guestToken);
  return hash ? findGuestCart(trx, tenantId, hash) : undefined;
}

/**
 * The owner's cart, created when missing, with its row locked for the rest of the transaction. A
 * guest without a (live) cart gets a new one and its token, for the cookie.
 */
export async function openCart(
  trx: TenantTx,
  tenantId: string,
  owner: CartOwner,
): Promise<{ cartId: string; newGuestToken: string | null }> {
  let cartId: string;
  let newGuestToken: string | null = null;
  if (owner.customerId) {
    cartId = await ensureCustomerCart(trx, tenantId, owner.customerId);
  } else {
    const existing = await findCart(trx, tenantId, owner);
    if (existing) {
      cartId = existing;
    } else {
      // Each new guest cart clears out a few abandoned ones, so they never pile up.
      await pruneGuestCarts(trx, tenantId, new Date(Date.now() - GUEST_CART_TTL_MS));
      newGuestToken = newGuestCartToken();
      cartId = await insertGuestCart(trx, tenantId, hashGuestCartToken(newGuestToken)!);
    }
  }
  await lockCart(trx, tenantId, cartId);
  return { cartId, newGuestToken };
}
