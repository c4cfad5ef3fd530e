export {
  DEFAULT_PLATFORM_FEE_BPS,
  handlePaymentNotification,
} from './handle-payment-notification.js';
export type {
  NotificationOutcome,
  NotificationResult,
  PaymentNotificationDeps,
} from './handle-payment-notification.js';
export { PaymentErrors } from './payments.errors.js';
export { paymentProviders } from './provider.js';
export type {
  PaymentProvider,
  PaymentProviders,
  RefundPayout,
  RefundRequest,
  VerifiedNotification,
} from './provider.js';
export { decodePaymentReference, encodePaymentReference } from './reference.js';
export { refundOrderLine } from './refund-order-line.js';
export type { RefundLineResult } from './refund-order-line.js';
export { refundPayoutJob } from './refund-payout.job.js';
export { startPayment } from './start-payment.js';
export type { StartedPayment } from './start-payment.js';
export {
  createTestGateway,
  signTestGatewayBody,
  TEST_GATEWAY_ID,
  TEST_GATEWAY_SIGNATURE_HEADER,
} from './test-gateway.js';
export type { TestGateway } from './test-gateway.js';
export { BALANCE_PROVIDER_ID, payWithBalance } from './pay-with-balance.js';
export { chooseTestGatewayOutcome, getTestGatewayCheckout } from './test-gateway-checkout.js';
export type { TestGatewayCheckout, TestGatewayCheckoutState } from './test-gateway-checkout.js';
export { testGatewayNotifyJob } from './test-gateway-notify.job.js';
