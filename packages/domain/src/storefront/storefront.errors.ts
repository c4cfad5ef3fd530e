export const StorefrontErrors = {
  /** A category page for a slug the shop does not have, or has hidden. */
  CATEGORY_NOT_FOUND: 'STOREFRONT_CATEGORY_NOT_FOUND',
  /** A product page for a product the shop does not list (or lists nothing of that is on sale). */
  PRODUCT_NOT_FOUND: 'STOREFRONT_PRODUCT_NOT_FOUND',
  /** The shop was removed between host resolution and the page's query. */
  SHOP_NOT_FOUND: 'STOREFRONT_SHOP_NOT_FOUND',
  /** A search, category or product address that does not parse (too long, not an id, bad page). */
  INVALID_INPUT: 'STOREFRONT_INVALID_INPUT',
} as const;
