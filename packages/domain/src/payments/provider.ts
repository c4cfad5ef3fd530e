/** A gateway's notification after its signature was checked. */
export interface VerifiedNotification {
  /** Unique per notification event at the provider (a replay carries the same one). */
  eventId: string;
  providerTransactionId: string;
  /** Our merchant reference (encodePaymentReference). */
  reference: string;
  amountFen: number;
  currency: string;
  status: 'succeeded' | 'failed';
}

export interface RefundRequest {
  reference: string;
  providerTransactionId: string;
  amountFen: number;
  currency: string;
  /** Our refund id: the provider's idempotency key, so asking twice refunds once. */
  refundId: string;
}

export type RefundPayout = (request: RefundRequest) => Promise<{ providerRefundId: string }>;

/**
 * One payment gateway. Real gateways (Alipay, WeChat Pay) implement the same interface in a later
 * issue; the built-in test gateway is createTestGateway.
 */
export interface PaymentProvider {
  /** Stored on payments and in account ids: lower-case letters, digits and underscores. */
  readonly id: string;
  /** Shown to buyers, e.g. 测试支付. */
  readonly displayName: string;
  /** What to answer a notification once it is handled, so the gateway stops retrying. */
  readonly acknowledgement: string;
  /** Where the buyer goes to pay. */
  checkoutUrl(payment: {
    reference: string;
    amountFen: number;
    currency: string;
    subject: string;
  }): string;
  /**
   * Checks the signature on the raw body (before anything is parsed) and reads the notification.
   * Throws PAYMENT_SIGNATURE_INVALID or PAYMENT_NOTIFICATION_MALFORMED.
   */
  verifyNotification(
    rawBody: string | Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): VerifiedNotification;
  /** Gives money back to the payer through the gateway. */
  refund: RefundPayout;
}

export type PaymentProviders = ReadonlyMap<string, PaymentProvider>;

export function paymentProviders(...providers: PaymentProvider[]): PaymentProviders {
  return new Map(providers.map((p) => [p.id, p]));
}
