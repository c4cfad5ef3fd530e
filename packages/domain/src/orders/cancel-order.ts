import type { TenantTx } from '@cardshop/db';
import { parseId } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { releaseOrderStock } from './code-holds.js';
import { OrderErrors } from './orders.errors.js';
import { selectOrder, transitionLines, transitionOrder } from './orders.queries.js';

/**
 * The buyer gives up an unpaid order: it is cancelled and its codes and physical cards go back on
 * sale at once. The caller has checked that the order is this buyer's. Returns the SKUs whose
 * stock changed.
 */
export async function cancelOrder(
  trx: TenantTx,
  input: { tenantId: string; orderId: string },
): Promise<{ skuIds: string[] }> {
  const orderId = parseId(input.orderId, OrderErrors.NOT_FOUND, '找不到这个订单');
  const won = await transitionOrder(
    trx,
    input.tenantId,
    orderId,
    ['pending_payment'],
    'cancelled',
    {
      closedAt: true,
    },
  );
  if (!won) {
    const order = await selectOrder(trx, input.tenantId, orderId);
    if (!order) {
      throw new DomainError(OrderErrors.NOT_FOUND, { userMessage: '找不到这个订单', status: 404 });
    }
    throw new DomainError(OrderErrors.NOT_PENDING, {
      userMessage:
        order.status === 'expired' || order.status === 'cancelled'
          ? '订单已关闭，无需再取消'
          : '订单已支付，不能取消；如需退款请联系商家',
      status: 409,
    });
  }
  await transitionLines(trx, input.tenantId, orderId, ['pending_payment'], 'cancelled');
  return { skuIds: await releaseOrderStock(trx, input.tenantId, orderId) };
}
