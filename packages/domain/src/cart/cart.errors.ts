export const CartErrors = {
  /** Input that fails its schema (quantity not a whole number, bad id); userMessage names it. */
  INVALID_INPUT: 'CART_INVALID_INPUT',
  /** A listing id that is not in this shop (removed, or never there). */
  LISTING_NOT_FOUND: 'CART_LISTING_NOT_FOUND',
  /** The listing, its SKU, product or supplier is not on sale right now. */
  NOT_ON_SALE: 'CART_NOT_ON_SALE',
  /** The quantity is outside the SKU's min/max per order. */
  QUANTITY_OUT_OF_RANGE: 'CART_QUANTITY_OUT_OF_RANGE',
  /** Fewer codes in stock than the quantity asked for (or none at all). */
  OUT_OF_STOCK: 'CART_OUT_OF_STOCK',
  /** The cart already holds as many different goods as one order can take. */
  CART_FULL: 'CART_FULL',
  /** setCartItemQuantity / removeCartItem: the item is not in this cart. */
  ITEM_NOT_FOUND: 'CART_ITEM_NOT_FOUND',
} as const;
