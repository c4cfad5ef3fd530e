import { withTenant } from '@cardshop/db';
import { z } from 'zod';
import { defineJob, UnrecoverableError } from '../jobs/define-job.js';
import { postEntry } from '../ledger/post-entry.js';
import { encodePaymentReference } from './reference.js';
import {
  completeRefund,
  recordRefundError,
  selectRefundForPayout,
  setPaymentStatus,
} from './payments.queries.js';
import type { RefundPayout } from './provider.js';
import { TEST_GATEWAY_ID, testGatewayRefund } from './test-gateway.js';

/**
 * How each provider pays a refund out. Jobs get no configuration, so only providers that need none
 * are here; a real gateway brings its credentials through the job context (later issue).
 */
export const refundPayouts: ReadonlyMap<string, RefundPayout> = new Map([
  [TEST_GATEWAY_ID, testGatewayRefund],
]);

/**
 * Pays a refund back through the gateway that took the money (guests, who have no balance). The
 * provider call is keyed by the refund id, so a retry after a crash does not pay twice; the refund
 * row moves to succeeded once, and only that run books refunds_payable -> gateway clearing.
 */
export const refundPayoutJob = defineJob({
  name: 'payments.refund-payout',
  queue: 'payments',
  schema: z.object({ tenantId: z.uuid(), refundId: z.uuid() }),
  options: { attempts: 8, backoffMs: 10_000 },
  async handler(payload, ctx) {
    const { tenantId, refundId } = payload;
    const refund = await withTenant(ctx.db, tenantId, (trx) =>
      selectRefundForPayout(trx, tenantId, refundId),
    );
    if (!refund || refund.status !== 'pending') return;
    if (refund.destination !== 'original_payment' || !refund.paymentId) {
      throw new UnrecoverableError(`refund ${refundId} is not paid out through a gateway`);
    }
    const payout = refundPayouts.get(refund.provider);
    if (!payout) throw new UnrecoverableError(`no payout for provider "${refund.provider}"`);
    let providerRefundId: string;
    try {
      ({ providerRefundId } = await payout({
        reference: encodePaymentReference(tenantId, refund.paymentId),
        providerTransactionId: refund.providerTransactionId ?? '',
        amountFen: refund.amountFen,
        currency: refund.currency,
        refundId,
      }));
    } catch (error) {
      await withTenant(ctx.db, tenantId, (trx) =>
        recordRefundError(trx, tenantId, refundId, String(error)),
      );
      throw error;
    }
    await withTenant(ctx.db, tenantId, async (trx) => {
      if (!(await completeRefund(trx, tenantId, refundId, providerRefundId))) return;
      await postEntry(trx, {
        kind: 'refund_payout',
        idempotencyKey: `payout:${refundId}`,
        originTenantId: tenantId,
        orderId: refund.orderId,
        paymentId: refund.paymentId,
        refundId,
        currency: refund.currency,
        lines: [
          { account: { kind: 'refunds_payable' }, amountFen: refund.amountFen },
          {
            account: { kind: 'gateway_clearing', provider: refund.provider },
            amountFen: -refund.amountFen,
          },
        ],
      });
      if (refund.orderLineId === null) {
        await setPaymentStatus(trx, tenantId, refund.paymentId!, ['succeeded'], 'refunded');
      }
    });
  },
});
