import type { TenantTx } from '@cardshop/db';
import { parseId } from '../parse-input.js';
import type { CartOwner } from './cart-owner.js';
import { CartErrors } from './cart.errors.js';
import { deleteCartItems, touchCart } from './cart.queries.js';
import { findCart } from './open-cart.js';

/**
 * Takes listings out of the owner's cart (those not in it are ignored, so removing twice is
 * harmless). Checkout calls it with what an order bought. Returns how many lines went.
 */
export async function removeCartItems(
  trx: TenantTx,
  input: { tenantId: string; owner: CartOwner; listingIds: string[] },
): Promise<number> {
  const ids = input.listingIds.map((id) =>
    parseId(id, CartErrors.ITEM_NOT_FOUND, '购物车里没有这件商品，请刷新页面'),
  );
  const cartId = await findCart(trx, input.tenantId, input.owner);
  if (!cartId || ids.length === 0) return 0;
  const removed = await deleteCartItems(trx, input.tenantId, cartId, ids);
  if (removed > 0) await touchCart(trx, input.tenantId, cartId);
  return removed;
}
