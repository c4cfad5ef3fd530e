import type { RefundDestination, TenantTx } from '@cardshop/db';
import { recordTenantAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { parseId, parseInput } from '../parse-input.js';
import { refundOrderLine } from '../payments/refund-order-line.js';
import { OrderErrors } from './orders.errors.js';
import { selectOrderLines } from './orders.queries.js';
import { shopRefundLineSchema } from './orders.schemas.js';

export interface ShopRefundLineResult {
  refundId: string;
  amountFen: number;
  destination: RefundDestination;
}

const notFound = '找不到这个订单';

/**
 * A shop's owner or manager refunds one paid or delivered line (an after-sales decision): the
 * line's amount goes back to the buyer exactly as refundOrderLine decides (balance for a signed-in
 * buyer, the gateway for a guest), card codes already delivered stay sold, and the refund is
 * written to the shop's audit log with the reason. A line refunded already, or never paid, is
 * refused and nothing changes. The caller kicks the outbox after the commit (gateway payouts).
 */
export async function shopRefundLine(
  trx: TenantTx,
  input: {
    tenantId: string;
    orderId: string;
    actor: { type: 'staff'; id: string; ip?: string | null };
    refund: { lineId: unknown; reason: unknown };
  },
): Promise<ShopRefundLineResult> {
  const { tenantId } = input;
  const orderId = parseId(input.orderId, OrderErrors.NOT_FOUND, notFound);
  const { lineId, reason } = parseInput(
    shopRefundLineSchema,
    input.refund,
    OrderErrors.INVALID_REFUND,
  );
  // A top-up the supplier may still be doing must not be refunded under them: the shop waits until
  // the task is done or failed (a failed one refunds itself). The row lock makes the supplier's
  // accept/complete wait for this transaction, or this one wait for theirs.
  const task = await trx
    .selectFrom('fulfilment_tasks')
    .select('status')
    .where('tenant_id', '=', tenantId)
    .where('order_line_id', '=', lineId)
    .forUpdate()
    .executeTakeFirst();
  if (task && (task.status === 'pending' || task.status === 'accepted')) {
    throw new DomainError(OrderErrors.LINE_NOT_REFUNDABLE, {
      message: `line ${lineId} has a ${task.status} top-up task`,
      userMessage:
        '这一行的直充还在供货商处理中，不能退款。请等处理完成或失败（失败会自动退款）后再操作。',
      status: 409,
    });
  }
  const done = await refundOrderLine(trx, { tenantId, orderId, lineId, reason: 'requested' });
  const line = (await selectOrderLines(trx, tenantId, orderId)).find((l) => l.id === lineId);
  if (!done.refunded || !line) {
    const already = line?.status === 'refunded';
    throw new DomainError(OrderErrors.LINE_NOT_REFUNDABLE, {
      message: `line ${lineId} is ${line?.status ?? 'missing'}`,
      userMessage: already
        ? '这一行已经退过款了，不能重复退款。'
        : '这一行还没有付款（或已关闭），不能退款。',
      status: 409,
    });
  }
  await recordTenantAudit(trx, {
    tenantId,
    actor: input.actor,
    action: 'order.line_refunded',
    target: { type: 'order', id: orderId },
    data: {
      lineId,
      lineNo: line.lineNo,
      product: `${line.productName} · ${line.skuName}`,
      refundId: done.refundId,
      amountFen: done.amountFen,
      destination: done.destination,
      reason,
    },
  });
  return { refundId: done.refundId, amountFen: done.amountFen, destination: done.destination };
}
