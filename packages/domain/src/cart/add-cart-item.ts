import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { selectListingsForCheckout, type CheckoutListing } from '../orders/orders.queries.js';
import { parseInput } from '../parse-input.js';
import type { CartOwner } from './cart-owner.js';
import { checkQuantity } from './cart-rules.js';
import { CartErrors } from './cart.errors.js';
import { selectCartItems, touchCart, upsertCartItem } from './cart.queries.js';
import { cartItemSchema, MAX_CART_LINES, type CartItemInput } from './cart.schemas.js';
import { openCart } from './open-cart.js';

export interface AddCartItemResult {
  /** Set when a guest cart was created: put it in the guest's cart cookie. */
  guestToken: string | null;
  /** The line's quantity now. */
  quantity: number;
}

/**
 * Puts `quantity` more of a listing in the owner's cart (creating the cart on first use). The
 * line's new quantity must be within the SKU's limits and the stock; a refusal changes nothing.
 */
export async function addCartItem(
  trx: TenantTx,
  input: { tenantId: string; owner: CartOwner } & CartItemInput,
): Promise<AddCartItemResult> {
  const { listingId, quantity } = parseInput(cartItemSchema, input, CartErrors.INVALID_INPUT);
  const listing = await requireListing(trx, input.tenantId, listingId);
  const { cartId, newGuestToken } = await openCart(trx, input.tenantId, input.owner);
  const items = await selectCartItems(trx, input.tenantId, cartId);
  const existing = items.find((i) => i.listingId === listingId);
  if (!existing && items.length >= MAX_CART_LINES) {
    throw new DomainError(CartErrors.CART_FULL, {
      userMessage: `购物车最多放 ${MAX_CART_LINES} 种商品，请先结算或删除一些再添加`,
      status: 409,
    });
  }
  const total = (existing?.quantity ?? 0) + quantity;
  checkQuantity(listing, total, { inCart: existing?.quantity ?? 0 });
  await upsertCartItem(trx, input.tenantId, cartId, listingId, total);
  await touchCart(trx, input.tenantId, cartId);
  return { guestToken: newGuestToken, quantity: total };
}

export async function requireListing(
  trx: TenantTx,
  tenantId: string,
  listingId: string,
): Promise<CheckoutListing> {
  const [listing] = await selectListingsForCheckout(trx, tenantId, [listingId]);
  if (!listing) {
    throw new DomainError(CartErrors.LISTING_NOT_FOUND, {
      userMessage: '商品不存在或已下架，请刷新页面后重新选择',
      status: 404,
    });
  }
  return listing;
}
