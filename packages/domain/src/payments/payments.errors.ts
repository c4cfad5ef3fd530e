export const PaymentErrors = {
  /** No payment provider by this id is configured. */
  UNKNOWN_PROVIDER: 'PAYMENT_UNKNOWN_PROVIDER',
  /** A notification whose signature does not match its body: forged or damaged; nothing is done. */
  SIGNATURE_INVALID: 'PAYMENT_SIGNATURE_INVALID',
  /** A signed notification whose body cannot be read (missing fields, bad reference). */
  NOTIFICATION_MALFORMED: 'PAYMENT_NOTIFICATION_MALFORMED',
  /** The notification names a payment this platform never started. */
  PAYMENT_NOT_FOUND: 'PAYMENT_NOT_FOUND',
  /** startPayment: the order is not waiting for payment (paid, expired or cancelled). */
  ORDER_NOT_PAYABLE: 'PAYMENT_ORDER_NOT_PAYABLE',
  /** startPayment / payWithBalance: no such order in this shop (or not this buyer's). */
  ORDER_NOT_FOUND: 'PAYMENT_ORDER_NOT_FOUND',
  /** payWithBalance: the buyer's balance (余额) is less than the order's total. */
  INSUFFICIENT_BALANCE: 'PAYMENT_INSUFFICIENT_BALANCE',
} as const;
