import { randomUUID } from 'node:crypto';
import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { enqueueJob } from '../jobs/outbox.js';
import { selectOrder, selectOrderLines } from '../orders/orders.queries.js';
import { PaymentErrors } from './payments.errors.js';
import { decodePaymentReference, encodePaymentReference } from './reference.js';
import { TEST_GATEWAY_ID } from './test-gateway.js';
import { testGatewayNotifyJob } from './test-gateway-notify.job.js';
import {
  insertCharge,
  selectCharges,
  selectGatewayPayment,
  selectTopupForGateway,
  type TestGatewayPaymentRow,
} from './test-gateway.queries.js';

/**
 * payable: the buyer may choose. processing: they paid here and the shop has not confirmed it
 * yet. paid: the order (or top-up) is paid. closed: it expired or was cancelled unpaid.
 */
export type TestGatewayCheckoutState = 'payable' | 'processing' | 'paid' | 'closed';

/** What the test gateway's hosted pay page shows. */
export interface TestGatewayCheckout {
  reference: string;
  paymentId: string;
  /** An order's payment, or a balance top-up's. */
  purpose: 'order' | 'topup';
  orderId: string | null;
  orderNumber: string | null;
  topupId: string | null;
  subject: string;
  amountFen: number;
  currency: string;
  /** Until when it can be paid. */
  expiresAt: Date | null;
  state: TestGatewayCheckoutState;
  /** When the buyer last chose failure here, if that is the latest choice. */
  failedAt: Date | null;
}

function notFound(message: string): DomainError {
  return new DomainError(PaymentErrors.PAYMENT_NOT_FOUND, {
    message,
    userMessage: '找不到这笔支付，请回到商户重新发起支付',
    status: 404,
  });
}

async function load(
  trx: TenantTx,
  input: { tenantId: string; reference: string },
  options: { lock?: boolean } = {},
): Promise<{ checkout: TestGatewayCheckout; payment: TestGatewayPaymentRow }> {
  const ref = decodePaymentReference(input.reference);
  // The reference must name this shop, in the exact form the gateway was given.
  if (
    !ref ||
    ref.tenantId !== input.tenantId ||
    encodePaymentReference(ref.tenantId, ref.paymentId) !== input.reference
  ) {
    throw notFound(`test gateway reference "${input.reference.slice(0, 80)}" is not this shop's`);
  }
  const payment = await selectGatewayPayment(trx, input.tenantId, ref.paymentId, options);
  if (!payment || payment.provider !== TEST_GATEWAY_ID) {
    throw notFound(`no test gateway payment ${ref.paymentId} in shop ${input.tenantId}`);
  }
  const charges = await selectCharges(trx, input.tenantId, payment.id);
  const succeeded = charges.find((c) => c.status === 'succeeded');
  const latest = charges[0];
  const now = Date.now();

  const base = {
    reference: input.reference,
    paymentId: payment.id,
    amountFen: payment.amountFen,
    currency: payment.currency,
    failedAt: !succeeded && latest?.status === 'failed' ? latest.createdAt : null,
  };
  const paidHere = payment.status === 'succeeded' || payment.status === 'refunded';

  if (payment.orderId) {
    const order = await selectOrder(trx, input.tenantId, payment.orderId);
    if (!order) throw new Error(`payment ${payment.id} names a missing order`);
    const lines = await selectOrderLines(trx, input.tenantId, order.id);
    const state: TestGatewayCheckoutState = paidHere
      ? 'paid'
      : succeeded
        ? 'processing'
        : order.paidAt
          ? 'paid'
          : order.status !== 'pending_payment' || order.expiresAt.getTime() <= now
            ? 'closed'
            : 'payable';
    return {
      payment,
      checkout: {
        ...base,
        purpose: 'order',
        orderId: order.id,
        orderNumber: order.number,
        topupId: null,
        subject:
          lines.length === 1
            ? `${lines[0]!.productName} ${lines[0]!.skuName}${lines[0]!.quantity > 1 ? ` × ${lines[0]!.quantity}` : ''}`
            : `订单 ${order.number}（${lines.length} 件商品）`,
        expiresAt: order.expiresAt,
        state,
      },
    };
  }

  const topup = payment.topupId
    ? await selectTopupForGateway(trx, input.tenantId, payment.topupId)
    : undefined;
  if (!topup) throw new Error(`payment ${payment.id} names neither an order nor a top-up`);
  const state: TestGatewayCheckoutState =
    paidHere || topup.status === 'succeeded'
      ? 'paid'
      : succeeded
        ? 'processing'
        : topup.status !== 'pending' || topup.expiresAt.getTime() <= now
          ? 'closed'
          : 'payable';
  return {
    payment,
    checkout: {
      ...base,
      purpose: 'topup',
      orderId: null,
      orderNumber: null,
      topupId: payment.topupId,
      subject: '账户余额充值',
      expiresAt: topup.expiresAt,
      state,
    },
  };
}

/**
 * The test gateway's hosted pay page for a reference (encodePaymentReference) of this shop. A
 * reference of another shop, a tampered one or another gateway's payment is not found (404).
 */
export async function getTestGatewayCheckout(
  trx: TenantTx,
  input: { tenantId: string; reference: string },
): Promise<TestGatewayCheckout> {
  return (await load(trx, input)).checkout;
}

/**
 * The buyer's choice on the test gateway's pay page: a charge is recorded (the gateway's own
 * record, with the event and transaction ids its notification will carry) and a job sends the
 * signed notification to the shop's webhook, retrying until it is acknowledged. A payment has one
 * successful charge: choosing success again queues nothing new. Refused once the order is closed.
 */
export async function chooseTestGatewayOutcome(
  trx: TenantTx,
  input: { tenantId: string; reference: string; outcome: 'succeeded' | 'failed' },
): Promise<{ checkout: TestGatewayCheckout; chargeId: string | null }> {
  const { checkout, payment } = await load(trx, input, { lock: true });
  if (checkout.state === 'closed') {
    throw new DomainError(PaymentErrors.ORDER_NOT_PAYABLE, {
      userMessage:
        checkout.purpose === 'order'
          ? '订单已超时关闭，请回到商户重新下单'
          : '充值已超时关闭，请重新发起充值',
      status: 409,
    });
  }
  if (checkout.state !== 'payable') return { checkout, chargeId: null };
  const chargeId = await insertCharge(trx, {
    tenantId: input.tenantId,
    paymentId: payment.id,
    status: input.outcome,
    eventId: `evt_${randomUUID().replace(/-/g, '')}`,
    transactionId: `tp_${randomUUID().replace(/-/g, '')}`,
  });
  await enqueueJob(trx, testGatewayNotifyJob, { tenantId: input.tenantId, chargeId });
  return {
    checkout: {
      ...checkout,
      state: input.outcome === 'succeeded' ? 'processing' : 'payable',
      failedAt: input.outcome === 'failed' ? new Date() : null,
    },
    chargeId,
  };
}
