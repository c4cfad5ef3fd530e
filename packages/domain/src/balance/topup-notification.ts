import type { PaymentNotificationOutcome, TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { postEntry } from '../ledger/post-entry.js';
import type { NotificationResult } from '../payments/handle-payment-notification.js';
import { PaymentErrors } from '../payments/payments.errors.js';
import {
  insertNotification,
  markPaymentSucceeded,
  notificationSeen,
  setPaymentStatus,
  transactionTaken,
} from '../payments/payments.queries.js';
import type { PaymentProvider, VerifiedNotification } from '../payments/provider.js';
import {
  selectTopupPaymentForUpdate,
  transitionTopup,
  type TopupPaymentRow,
} from './balance.queries.js';

/**
 * handlePaymentNotification's branch for a balance top-up's payment, in the shop's transaction the
 * signed reference opened; null when the payment is not a top-up's (an order's path handles it).
 * The same rules as an order's payment: recorded once per event, the amount and currency must
 * match (a mismatch is recorded and credits nothing), a provider transaction id is taken once, and
 * only the notification that moves the payment to succeeded credits the customer's balance
 * (gateway clearing -> customer_balance), keyed `topup:<payment id>` in the ledger as well.
 * A top-up that had expired is credited all the same: the money arrived.
 */
export async function handleTopupNotification(
  trx: TenantTx,
  input: {
    tenantId: string;
    paymentId: string;
    provider: PaymentProvider;
    notification: VerifiedNotification;
    bodySha256: Buffer;
  },
): Promise<NotificationResult | null> {
  const { tenantId, provider, notification } = input;
  const payment = await selectTopupPaymentForUpdate(trx, tenantId, input.paymentId);
  if (!payment) return null;
  if (payment.provider !== provider.id) {
    throw new DomainError(PaymentErrors.PAYMENT_NOT_FOUND, {
      message: `notification from ${provider.id} for top-up payment ${payment.id} of ${payment.provider}`,
      userMessage: '找不到这笔支付',
      status: 404,
    });
  }
  const result = (outcome: NotificationResult['outcome']): NotificationResult => ({
    outcome,
    tenantId,
    orderId: null,
    topupId: payment.topupId,
    paymentId: payment.id,
    acknowledgement: provider.acknowledgement,
  });
  if (await notificationSeen(trx, tenantId, provider.id, notification.eventId)) {
    return result('duplicate');
  }
  const outcome = await applyTopupNotification(trx, tenantId, payment, notification);
  await insertNotification(trx, {
    tenantId,
    provider: provider.id,
    eventId: notification.eventId,
    providerTransactionId: notification.providerTransactionId,
    paymentId: payment.id,
    bodySha256: input.bodySha256,
    amountFen: notification.amountFen,
    currency: notification.currency,
    outcome,
  });
  return result(outcome);
}

async function applyTopupNotification(
  trx: TenantTx,
  tenantId: string,
  payment: TopupPaymentRow,
  notification: VerifiedNotification,
): Promise<PaymentNotificationOutcome> {
  if (notification.amountFen !== payment.amountFen || notification.currency !== payment.currency) {
    return 'amount_mismatch';
  }
  if (notification.status === 'failed') {
    await setPaymentStatus(trx, tenantId, payment.id, ['pending'], 'failed');
    await transitionTopup(trx, tenantId, payment.topupId, ['pending'], 'failed');
    return 'payment_failed';
  }
  if (payment.status === 'succeeded' || payment.status === 'refunded') return 'ignored';
  if (await transactionTaken(trx, tenantId, payment.provider, notification.providerTransactionId)) {
    return 'ignored';
  }
  await markPaymentSucceeded(trx, tenantId, payment.id, notification.providerTransactionId);
  await transitionTopup(
    trx,
    tenantId,
    payment.topupId,
    ['pending', 'failed', 'expired'],
    'succeeded',
  );
  await postEntry(trx, {
    kind: 'balance_topup',
    idempotencyKey: `topup:${payment.id}`,
    originTenantId: tenantId,
    paymentId: payment.id,
    currency: payment.currency,
    lines: [
      {
        account: { kind: 'gateway_clearing', provider: payment.provider },
        amountFen: payment.amountFen,
      },
      {
        account: { kind: 'customer_balance', tenantId, customerId: payment.customerId },
        amountFen: -payment.amountFen,
      },
    ],
  });
  return payment.topupStatus === 'expired' ? 'late_paid' : 'paid';
}
