import type { TenantTx } from '@cardshop/db';
import { hashGuestCartToken } from './cart-owner.js';
import { selectListingsForCheckout } from '../orders/orders.queries.js';
import { maxBuyable } from './cart-rules.js';
import {
  deleteCart,
  findGuestCart,
  lockCart,
  selectCartItems,
  touchCart,
  upsertCartItem,
} from './cart.queries.js';
import { MAX_CART_LINES } from './cart.schemas.js';
import { openCart } from './open-cart.js';

/**
 * When a guest signs in or registers, what they put in the cart as a guest moves into their
 * account's cart: a listing in both is added together, capped at what one order can take (the
 * SKU's maximum, and the stock while there is some); the cart keeps at most MAX_CART_LINES
 * lines, the account's own first. The guest cart is then removed, so the old cookie opens
 * nothing. Returns how many lines moved or grew.
 */
export async function mergeGuestCart(
  trx: TenantTx,
  input: { tenantId: string; guestToken: string | null; customerId: string },
): Promise<number> {
  const hash = hashGuestCartToken(input.guestToken);
  if (!hash) return 0;
  const guestCartId = await findGuestCart(trx, input.tenantId, hash);
  if (!guestCartId) return 0;
  await lockCart(trx, input.tenantId, guestCartId);
  const guestItems = await selectCartItems(trx, input.tenantId, guestCartId);
  if (guestItems.length === 0) {
    await deleteCart(trx, input.tenantId, guestCartId);
    return 0;
  }
  const { cartId } = await openCart(trx, input.tenantId, {
    customerId: input.customerId,
    guestToken: null,
  });
  const own = await selectCartItems(trx, input.tenantId, cartId);
  const listings = new Map(
    (
      await selectListingsForCheckout(
        trx,
        input.tenantId,
        guestItems.map((i) => i.listingId),
      )
    ).map((l) => [l.listingId, l]),
  );
  let lineCount = own.length;
  let changed = 0;
  for (const item of guestItems) {
    const listing = listings.get(item.listingId);
    if (!listing) continue;
    const mine = own.find((o) => o.listingId === item.listingId);
    if (!mine && lineCount >= MAX_CART_LINES) continue;
    const before = mine?.quantity ?? 0;
    // A sold-out line still comes over (flagged in the cart) at the SKU's minimum.
    const cap = Math.max(maxBuyable(listing), listing.minPerOrder, 1);
    // What the account already held is never shrunk; only what the guest cart adds is capped.
    const merged = Math.min(1000, Math.max(before, Math.min(before + item.quantity, cap)));
    if (!mine) lineCount += 1;
    if (merged === before) continue;
    await upsertCartItem(trx, input.tenantId, cartId, item.listingId, merged);
    changed += 1;
  }
  await deleteCart(trx, input.tenantId, guestCartId);
  await touchCart(trx, input.tenantId, cartId);
  return changed;
}
