export const ListingErrors = {
  /** Any listing or shop-category input that fails its schema; userMessage names the problem. */
  INVALID_INPUT: 'LISTING_INVALID_INPUT',
  /** addListing: the SKU does not exist or this shop may not see it (another shop's private goods). */
  SKU_NOT_FOUND: 'LISTING_SKU_NOT_FOUND',
  /** addListing: the SKU, its product or its supplier is not on sale. */
  SKU_UNAVAILABLE: 'LISTING_SKU_UNAVAILABLE',
  /** addListing: the shop already lists this SKU. */
  ALREADY_LISTED: 'LISTING_ALREADY_LISTED',
  /** addListing / updateListing: a fixed retail price below the wholesale price. */
  BELOW_WHOLESALE: 'LISTING_BELOW_WHOLESALE',
  /** updateListing / removeListing: no such listing in this shop. */
  NOT_FOUND: 'LISTING_NOT_FOUND',
  /** A shop category id that is not this shop's. */
  SHOP_CATEGORY_NOT_FOUND: 'SHOP_CATEGORY_NOT_FOUND',
  /** createShopCategory / updateShopCategory: the shop already has a category with the slug. */
  SHOP_CATEGORY_SLUG_TAKEN: 'SHOP_CATEGORY_SLUG_TAKEN',
} as const;
