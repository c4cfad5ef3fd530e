export const BalanceErrors = {
  /** A top-up amount that is not a whole number of fen between TOPUP_MIN_FEN and TOPUP_MAX_FEN. */
  TOPUP_AMOUNT_INVALID: 'BALANCE_TOPUP_AMOUNT_INVALID',
  /** The customer already has TOPUP_MAX_OPEN top-ups waiting for payment. */
  TOO_MANY_OPEN_TOPUPS: 'BALANCE_TOO_MANY_OPEN_TOPUPS',
  /** No such customer in this shop (or the account is disabled). */
  CUSTOMER_NOT_FOUND: 'BALANCE_CUSTOMER_NOT_FOUND',
  /** A history page or top-up id in the address that cannot be read. */
  INVALID_QUERY: 'BALANCE_INVALID_QUERY',
} as const;
