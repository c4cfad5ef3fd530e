import { withTenant } from '@cardshop/db';
import { z } from 'zod';
import { defineJob, requireServices, UnrecoverableError } from '../jobs/define-job.js';
import type { PaymentProvider } from './provider.js';
import { encodePaymentReference } from './reference.js';
import { TEST_GATEWAY_ID, type TestGateway } from './test-gateway.js';
import {
  markChargeAcknowledged,
  selectCharge,
  selectGatewayPayment,
} from './test-gateway.queries.js';

function isTestGateway(provider: PaymentProvider | undefined): provider is TestGateway {
  return typeof (provider as Partial<TestGateway> | undefined)?.notification === 'function';
}

/**
 * The test gateway's asynchronous notification, as a real gateway sends one: signed, POSTed to
 * the shop's webhook (TEST_GATEWAY_NOTIFY_URL), and sent again with backoff until the answer is
 * 200 with the gateway's acknowledgement text. Every attempt carries the charge's event id, so
 * the shop handles it once however many arrive.
 */
export const testGatewayNotifyJob = defineJob({
  name: 'payments.test-gateway-notify',
  queue: 'payments',
  schema: z.object({ tenantId: z.uuid(), chargeId: z.uuid() }),
  // 1 s, 2 s, 4 s ... about eight and a half minutes over ten attempts.
  options: { attempts: 10, backoffMs: 1_000 },
  async handler({ tenantId, chargeId }, ctx) {
    const services = requireServices(ctx, 'payments.test-gateway-notify');
    const gateway = services.payments.get(TEST_GATEWAY_ID);
    if (!isTestGateway(gateway)) {
      throw new UnrecoverableError('the runtime has no built-in test gateway');
    }
    const found = await withTenant(ctx.db, tenantId, async (trx) => {
      const charge = await selectCharge(trx, tenantId, chargeId);
      const payment = charge && (await selectGatewayPayment(trx, tenantId, charge.paymentId));
      return charge && payment ? { charge, payment } : null;
    });
    if (!found) throw new UnrecoverableError(`test gateway charge ${chargeId} does not exist`);
    const { charge, payment } = found;
    if (charge.acknowledgedAt) return;

    const { rawBody, headers } = gateway.notification({
      reference: encodePaymentReference(tenantId, payment.id),
      amountFen: payment.amountFen,
      currency: payment.currency,
      status: charge.status,
      eventId: charge.eventId,
      transactionId: charge.transactionId,
    });
    const url = services.env.TEST_GATEWAY_NOTIFY_URL;
    let status: number;
    let answer: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'cardshop-test-gateway/1',
        },
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      answer = (await res.text()).slice(0, 500);
    } catch (error) {
      throw new Error(`test gateway notification to ${url} failed: ${String(error)}`, {
        cause: error,
      });
    }
    if (status !== 200 || answer.trim() !== gateway.acknowledgement) {
      throw new Error(
        `test gateway notification not acknowledged: ${url} answered ${status} ${JSON.stringify(answer.slice(0, 200))}`,
      );
    }
    await withTenant(ctx.db, tenantId, (trx) => markChargeAcknowledged(trx, tenantId, chargeId));
    ctx.logger.info(
      { tenantId, chargeId, eventId: charge.eventId, status: charge.status, attempt: ctx.attempt },
      'test gateway notification acknowledged',
    );
  },
});
