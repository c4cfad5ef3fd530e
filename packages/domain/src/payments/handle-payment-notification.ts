import { createHash } from 'node:crypto';
import {
  sql,
  withTenant,
  type Database,
  type PaymentNotificationOutcome,
  type TenantTx,
} from '@cardshop/db';
import { handleTopupNotification } from '../balance/topup-notification.js';
import { DomainError, isDomainError } from '../errors.js';
import { reserveOrderStock } from '../orders/code-holds.js';
import { OrderErrors } from '../orders/orders.errors.js';
import { selectOrder, selectOrderLines, setOrderStatus } from '../orders/orders.queries.js';
import { acceptPayment } from './accept-payment.js';
import { PaymentErrors } from './payments.errors.js';
import {
  insertNotification,
  markPaymentSucceeded,
  notificationSeen,
  selectPaymentForUpdate,
  setPaymentStatus,
  transactionTaken,
  type PaymentRow,
} from './payments.queries.js';
import type { PaymentProviders, VerifiedNotification } from './provider.js';
import { decodePaymentReference } from './reference.js';
import { refundPayment } from './refund-payment.js';
import { readPlatformFeeBps } from '../settings/platform-settings.queries.js';

/** The platform fee before an operator sets one (platform_settings starts at 0). */
export const DEFAULT_PLATFORM_FEE_BPS = 0;

export interface PaymentNotificationDeps {
  providers: PaymentProviders;
  /** Fixes the fee (tests); without it the fee operators set in platform_settings applies. */
  platformFeeBps?: number;
}

export type NotificationOutcome = PaymentNotificationOutcome | 'duplicate';

export interface NotificationResult {
  /**
   * paid: the order is paid and delivery is queued. late_paid: it had expired, stock allowed, so
   * the same. late_refunded: it had expired and the codes were gone, so the money went back.
   * duplicate_refunded: another payment had paid the order; this one went back. duplicate: this
   * event was handled before. ignored: nothing to do (the payment was confirmed already).
   * amount_mismatch: recorded, nothing else done. payment_failed: the buyer's payment failed.
   * For a balance top-up: paid (late_paid when it had expired) means the balance was credited.
   */
  outcome: NotificationOutcome;
  tenantId: string;
  /** The order paid for; null for a balance top-up. */
  orderId: string | null;
  /** The balance top-up paid for (余额充值); null for an order. */
  topupId: string | null;
  paymentId: string;
  /** The body to answer the gateway with, so it stops retrying. */
  acknowledgement: string;
}

/**
 * A gateway's asynchronous payment notification. The signature is checked on the raw body before
 * anything else; a bad one changes nothing and throws. Then, in one transaction of the shop the
 * signed reference names: the notification is recorded once per event, the amount and currency
 * must match the payment, the payment is marked succeeded, and the order leaves pending_payment by
 * one conditional update; only that winner books the sale in the ledger and queues delivery.
 * A payment for an order that has expired is delivered if its codes and cards can still be had,
 * otherwise refunded. Call runtime.kickOutbox() after it returns, then answer `acknowledgement`.
 */
export async function handlePaymentNotification(
  db: Database,
  deps: PaymentNotificationDeps,
  input: {
    provider: string;
    rawBody: string | Buffer;
    headers: Record<string, string | string[] | undefined>;
  },
): Promise<NotificationResult> {
  const provider = deps.providers.get(input.provider);
  if (!provider) {
    throw new DomainError(PaymentErrors.UNKNOWN_PROVIDER, {
      message: `no payment provider "${input.provider}"`,
      userMessage: '未知的支付渠道',
      status: 404,
    });
  }
  const notification = provider.verifyNotification(input.rawBody, input.headers);
  const ref = decodePaymentReference(notification.reference);
  if (!ref) {
    throw new DomainError(PaymentErrors.NOTIFICATION_MALFORMED, {
      message: `payment reference "${notification.reference}" cannot be decoded`,
      userMessage: '支付通知中的订单号无效',
      status: 400,
    });
  }
  const bodySha256 = createHash('sha256').update(input.rawBody).digest();
  const feeOverride = deps.platformFeeBps;
  if (
    feeOverride !== undefined &&
    (!Number.isInteger(feeOverride) || feeOverride < 0 || feeOverride > 10_000)
  ) {
    throw new TypeError(`platformFeeBps must be 0 to 10000, not ${feeOverride}`);
  }

  return withTenant(db, ref.tenantId, async (trx) => {
    const topup = await handleTopupNotification(trx, {
      ...ref,
      provider,
      notification,
      bodySha256,
    });
    if (topup) return topup;
    const payment = await selectPaymentForUpdate(trx, ref.tenantId, ref.paymentId);
    if (!payment || payment.provider !== provider.id) {
      throw new DomainError(PaymentErrors.PAYMENT_NOT_FOUND, {
        message: `notification for unknown payment ${ref.paymentId} of shop ${ref.tenantId}`,
        userMessage: '找不到这笔支付',
        status: 404,
      });
    }
    const result = (outcome: NotificationOutcome): NotificationResult => ({
      outcome,
      tenantId: ref.tenantId,
      orderId: payment.orderId,
      topupId: null,
      paymentId: payment.id,
      acknowledgement: provider.acknowledgement,
    });
    // The payment's row lock makes replays of one event take turns; the one after finds it here.
    if (await notificationSeen(trx, ref.tenantId, provider.id, notification.eventId)) {
      return result('duplicate');
    }
    // The operators' current fee (platform_settings) unless the caller fixed one.
    const feeBps = feeOverride ?? (await readPlatformFeeBps(trx));
    const outcome = await applyNotification(trx, ref.tenantId, payment, notification, feeBps);
    await insertNotification(trx, {
      tenantId: ref.tenantId,
      provider: provider.id,
      eventId: notification.eventId,
      providerTransactionId: notification.providerTransactionId,
      paymentId: payment.id,
      bodySha256,
      amountFen: notification.amountFen,
      currency: notification.currency,
      outcome,
    });
    return result(outcome);
  });
}

async function applyNotification(
  trx: TenantTx,
  tenantId: string,
  payment: PaymentRow,
  notification: VerifiedNotification,
  feeBps: number,
): Promise<PaymentNotificationOutcome> {
  if (notification.amountFen !== payment.amountFen || notification.currency !== payment.currency) {
    return 'amount_mismatch';
  }
  if (notification.status === 'failed') {
    await setPaymentStatus(trx, tenantId, payment.id, ['pending'], 'failed');
    return 'payment_failed';
  }
  if (payment.status === 'succeeded' || payment.status === 'refunded') return 'ignored';
  if (await transactionTaken(trx, tenantId, payment.provider, notification.providerTransactionId)) {
    return 'ignored';
  }
  await markPaymentSucceeded(trx, tenantId, payment.id, notification.providerTransactionId);
  const paid: PaymentRow = {
    ...payment,
    status: 'succeeded',
    providerTransactionId: notification.providerTransactionId,
  };

  const order = await selectOrder(trx, tenantId, payment.orderId, { lock: true });
  if (!order) throw new Error(`payment ${payment.id} names a missing order`);
  const lines = await selectOrderLines(trx, tenantId, order.id);

  if (order.status === 'pending_payment') {
    await acceptPayment(trx, {
      tenantId,
      order,
      lines,
      payment: paid,
      from: ['pending_payment'],
      feeBps,
    });
    return 'paid';
  }
  if (order.status === 'expired' || order.status === 'cancelled') {
    // Late: the codes and cards went back to stock. Take them again if they are there, else
    // refund.
    await sql`savepoint late_payment`.execute(trx);
    try {
      await reserveOrderStock(
        trx,
        { tenantId, orderId: order.id, reservedUntil: new Date(Date.now() + 60 * 60_000) },
        lines.map((l) => ({
          lineId: l.id,
          skuId: l.skuId,
          supplierId: l.supplierId,
          productType: l.productType,
          quantity: l.quantity,
          productName: l.productName,
          skuName: l.skuName,
        })),
      );
    } catch (error) {
      if (!isDomainError(error, OrderErrors.OUT_OF_STOCK)) throw error;
      await sql`rollback to savepoint late_payment`.execute(trx);
      await refundPayment(trx, {
        tenantId,
        order,
        payment: paid,
        reason: 'late_payment_no_stock',
      });
      // Held under the order's row lock since it was read as expired or cancelled.
      await setOrderStatus(trx, tenantId, order.id, 'refunded', { addRefundedFen: order.totalFen });
      return 'late_refunded';
    }
    await sql`release savepoint late_payment`.execute(trx);
    await acceptPayment(trx, {
      tenantId,
      order,
      lines,
      payment: paid,
      from: [order.status],
      feeBps,
    });
    return 'late_paid';
  }
  // The order was paid by another payment: this one bought nothing and goes back.
  await refundPayment(trx, { tenantId, order, payment: paid, reason: 'duplicate_payment' });
  return 'duplicate_refunded';
}
