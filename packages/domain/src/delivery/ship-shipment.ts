import type { ShipmentStatus, SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { enqueueJob } from '../jobs/outbox.js';
import { moveStock, sellStockHold } from '../orders/orders.queries.js';
import { parseId, parseInput } from '../parse-input.js';
import { DeliveryErrors } from './delivery.errors.js';
import { shipmentTrackingSchema, type ShipmentTrackingInput } from './delivery.schemas.js';
import {
  countSupplierShipments,
  selectSupplierShipment,
  selectSupplierShipments,
  setShipmentTracking,
  type ShipmentRow,
} from './shipments.queries.js';
import { shipmentShippedJob } from './shipment-shipped.job.js';

const NOT_FOUND = '找不到这个发货单';
const PAGE_SIZE = 20;

export type ShipmentView = 'pending' | 'shipped' | 'cancelled';

export interface ShipmentQueue {
  view: ShipmentView;
  counts: Record<ShipmentView, number>;
  shipments: ShipmentRow[];
  page: number;
  pageCount: number;
}

const VIEW_STATUSES: Record<ShipmentView, ShipmentStatus[]> = {
  pending: ['pending'],
  shipped: ['shipped', 'delivered'],
  // Refunded before they went out: the supplier must not send them.
  cancelled: ['cancelled'],
};

/**
 * The supplier's physical cards: those still to send (oldest first, with the address to send to),
 * those already sent (newest first, with their tracking), or those cancelled before they went
 * out (newest first), a page at a time.
 */
export async function listShipments(
  trx: SupplierTx,
  input: { view?: string | null; page?: number } = {},
): Promise<ShipmentQueue> {
  const view: ShipmentView =
    input.view === 'shipped' || input.view === 'cancelled' ? input.view : 'pending';
  const statuses = VIEW_STATUSES[view];
  const byStatus = await countSupplierShipments(trx);
  const counts = {
    pending: byStatus.pending ?? 0,
    shipped: (byStatus.shipped ?? 0) + (byStatus.delivered ?? 0),
    cancelled: byStatus.cancelled ?? 0,
  };
  const pageCount = Math.max(1, Math.ceil(counts[view] / PAGE_SIZE));
  const page = Math.min(Math.max(Math.trunc(input.page ?? 1) || 1, 1), pageCount);
  const shipments = await selectSupplierShipments(trx, statuses, {
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return { view, counts, shipments, page, pageCount };
}

/**
 * The supplier sent a physical card: the carrier and tracking number are recorded, the cards the
 * line held move from reserved to sold, and the shop's line counts as delivered (through a job). Sent again with other details, it corrects the
 * tracking of a card already on its way. Call runtime.kickOutbox() afterwards.
 */
export async function markShipmentShipped(
  trx: SupplierTx,
  input: ShipmentTrackingInput,
): Promise<{ outcome: 'shipped' | 'corrected' }> {
  const id = parseId(input.shipmentId, DeliveryErrors.SHIPMENT_NOT_FOUND, NOT_FOUND);
  const tracking = parseInput(shipmentTrackingSchema, input, DeliveryErrors.TRACKING_INVALID);
  const shipped = await setShipmentTracking(trx, id, ['pending'], tracking);
  if (shipped) {
    await enqueueJob(trx, shipmentShippedJob, { tenantId: shipped.tenantId, shipmentId: id });
    // The cards left the supplier's hands: reserved to sold, counters last (hot row).
    const sold = await sellStockHold(trx, shipped.tenantId, shipped.orderLineId);
    if (sold) await moveStock(trx, sold.skuId, { reserved: -sold.quantity, sold: sold.quantity });
    return { outcome: 'shipped' };
  }
  const corrected = await setShipmentTracking(trx, id, ['shipped'], tracking);
  if (corrected) return { outcome: 'corrected' };
  const shipment = await selectSupplierShipment(trx, id);
  if (!shipment) {
    throw new DomainError(DeliveryErrors.SHIPMENT_NOT_FOUND, {
      userMessage: NOT_FOUND,
      status: 404,
    });
  }
  throw new DomainError(DeliveryErrors.SHIPMENT_CLOSED, {
    userMessage:
      shipment.status === 'cancelled'
        ? '这个发货单已取消，不需要再发货'
        : '这件商品已签收，不能再修改快递信息',
    status: 409,
  });
}
