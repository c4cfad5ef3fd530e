import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import { requireListing } from './add-cart-item.js';
import type { CartOwner } from './cart-owner.js';
import { checkQuantity } from './cart-rules.js';
import { CartErrors } from './cart.errors.js';
import { lockCart, selectCartItems, touchCart, upsertCartItem } from './cart.queries.js';
import { cartItemSchema, type CartItemInput } from './cart.schemas.js';
import { findCart } from './open-cart.js';

/** Changes how many of a listing the cart holds, within the SKU's limits and the stock. */
export async function setCartItemQuantity(
  trx: TenantTx,
  input: { tenantId: string; owner: CartOwner } & CartItemInput,
): Promise<{ quantity: number }> {
  const { listingId, quantity } = parseInput(cartItemSchema, input, CartErrors.INVALID_INPUT);
  const cartId = await findCart(trx, input.tenantId, input.owner);
  if (cartId) await lockCart(trx, input.tenantId, cartId);
  const items = cartId ? await selectCartItems(trx, input.tenantId, cartId) : [];
  if (!cartId || !items.some((i) => i.listingId === listingId)) {
    throw new DomainError(CartErrors.ITEM_NOT_FOUND, {
      userMessage: '购物车里没有这件商品，请刷新页面',
      status: 404,
    });
  }
  const listing = await requireListing(trx, input.tenantId, listingId);
  checkQuantity(listing, quantity);
  await upsertCartItem(trx, input.tenantId, cartId, listingId, quantity);
  await touchCart(trx, input.tenantId, cartId);
  return { quantity };
}
