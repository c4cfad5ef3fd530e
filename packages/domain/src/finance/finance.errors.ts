export const FinanceErrors = {
  /** The payout account form does not parse (kind, account, name, bank, card number, Luhn). */
  INVALID_INPUT: 'FINANCE_INVALID_INPUT',
  /** The signed-in person is no longer on the shop's or supplier's team. */
  NOT_A_MEMBER: 'FINANCE_NOT_A_MEMBER',
} as const;
