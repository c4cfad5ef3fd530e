export const ShopApiErrors = {
  /** A query parameter that does not parse (limit, cursor, status, since). */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /** No order with that number in the key's shop (another shop's order reads as missing). */
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
} as const;
