export const CheckoutErrors = {
  /** The checkout form fails its checks (contact, 查单密码, top-up account, address, payment method). */
  INVALID_INPUT: 'CHECKOUT_INVALID_INPUT',
  /** Nothing to buy: an empty cart, or a buy-now link without a listing. */
  NOTHING_TO_BUY: 'CHECKOUT_NOTHING_TO_BUY',
  /** A buy-now listing id that is not in this shop. */
  LISTING_NOT_FOUND: 'CHECKOUT_LISTING_NOT_FOUND',
  /** updateCheckoutSettings: a value outside its range; details.fieldErrors names it. */
  INVALID_SETTINGS: 'CHECKOUT_INVALID_SETTINGS',
} as const;
