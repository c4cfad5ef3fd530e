import type { OrderStatus, TenantTx } from '@cardshop/db';
import { moveSoldStock, sellOrderCodes } from '../orders/code-holds.js';
import { paidOrderStatus } from '../orders/order-status.js';
import {
  selectOrder,
  selectOrderLines,
  setOrderStatus,
  transitionLines,
} from '../orders/orders.queries.js';
import { insertFulfilmentTask, insertShipment } from './delivery.queries.js';
import { queueCodesEmail } from './queue-codes-email.js';

export interface DeliveryResult {
  /** skipped: the order is not (or no longer) waiting for delivery; nothing changed. */
  outcome: 'delivered' | 'waiting' | 'skipped';
  status: OrderStatus | null;
  codesSold: number;
  tasksCreated: number;
  shipmentsCreated: number;
  /** SKUs whose stock this order took (for the low-stock check). */
  skuIds: string[];
}

/**
 * 自动发卡: for a paid order, marks the reserved codes of its card-code lines sold and those lines
 * delivered; turns direct_topup lines into fulfilment tasks for the supplier and physical_card
 * lines into shipments (their cards stay reserved until the supplier ships them). It takes the order's row lock and re-checks every state first, so a
 * second run (a worker that died after committing) finds nothing left to do.
 */
export async function deliverOrder(
  trx: TenantTx,
  input: { tenantId: string; orderId: string },
): Promise<DeliveryResult> {
  const { tenantId, orderId } = input;
  const order = await selectOrder(trx, tenantId, orderId, { lock: true });
  const none = { codesSold: 0, tasksCreated: 0, shipmentsCreated: 0, skuIds: [] };
  if (!order || (order.status !== 'paid' && order.status !== 'partially_delivered')) {
    return { outcome: 'skipped', status: order?.status ?? null, ...none };
  }
  const lines = await selectOrderLines(trx, tenantId, orderId);
  const waiting = lines.filter((l) => l.status === 'paid');

  const cardLines = waiting.filter((l) => l.productType === 'card_code');
  const { perLine: sold, perSku } = await sellOrderCodes(
    trx,
    tenantId,
    cardLines.map((l) => l.id),
  );
  for (const line of cardLines) {
    // Payment reserved every code before the order became paid, in the same transaction.
    const got = sold.get(line.id) ?? 0;
    if (got !== line.quantity) {
      throw new Error(`order line ${line.id} held ${got} codes for a quantity of ${line.quantity}`);
    }
  }
  const delivered = await transitionLines(trx, tenantId, orderId, ['paid'], 'delivered', {
    lineIds: cardLines.map((l) => l.id),
  });

  let tasksCreated = 0;
  let shipmentsCreated = 0;
  for (const line of waiting) {
    if (line.productType === 'direct_topup') {
      const created = await insertFulfilmentTask(trx, {
        tenantId,
        orderId,
        lineId: line.id,
        supplierId: line.supplierId,
        skuId: line.skuId,
        productName: line.productName,
        skuName: line.skuName,
        quantity: line.quantity,
        account: line.topupAccount ?? {},
      });
      if (created) tasksCreated++;
    } else if (line.productType === 'physical_card') {
      const created = await insertShipment(trx, {
        tenantId,
        orderId,
        lineId: line.id,
        supplierId: line.supplierId,
        skuId: line.skuId,
        productName: line.productName,
        skuName: line.skuName,
        quantity: line.quantity,
        address: line.shippingAddress!,
      });
      if (created) shipmentsCreated++;
    }
  }

  const status = paidOrderStatus(
    lines.map((l) => ({ status: delivered.includes(l.id) ? ('delivered' as const) : l.status })),
  );
  if (status !== order.status) {
    await setOrderStatus(trx, tenantId, orderId, status, {
      deliveredAt: status === 'delivered',
    });
  }
  // The codes also go to the buyer's mailbox (自动发卡 mail), queued in this transaction.
  if (delivered.length > 0) await queueCodesEmail(trx, tenantId, order);
  // Last: the SKU's counter row is the one every buyer of it writes.
  await moveSoldStock(trx, perSku);
  const codesSold = [...sold.values()].reduce((a, b) => a + b, 0);
  return {
    outcome: status === 'delivered' ? 'delivered' : 'waiting',
    status,
    codesSold,
    tasksCreated,
    shipmentsCreated,
    // Physical cards left available when the order reserved them; now that they are bought, the
    // supplier hears if that leaves too few.
    skuIds: [
      ...new Set(
        [...cardLines, ...waiting.filter((l) => l.productType === 'physical_card')].map(
          (l) => l.skuId,
        ),
      ),
    ],
  };
}
