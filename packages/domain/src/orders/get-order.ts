import type { OrderLineStatus, OrderStatus, ProductType, TenantTx } from '@cardshop/db';
import { parseId } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { OrderErrors } from './orders.errors.js';
import { selectOrder, selectOrderLines } from './orders.queries.js';

export interface OrderSummaryLine {
  id: string;
  lineNo: number;
  productType: ProductType;
  productName: string;
  skuName: string;
  skuId: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
  status: OrderLineStatus;
}

export interface OrderSummary {
  id: string;
  number: string;
  status: OrderStatus;
  currency: string;
  totalFen: number;
  expiresAt: Date;
  customerId: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  lines: OrderSummaryLine[];
}

/** The order and its lines as the buyer sees them; undefined when it is not in this shop. */
export async function loadOrderSummary(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<OrderSummary | undefined> {
  const order = await selectOrder(trx, tenantId, orderId);
  if (!order) return undefined;
  const lines = await selectOrderLines(trx, tenantId, orderId);
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    currency: order.currency,
    totalFen: order.totalFen,
    expiresAt: order.expiresAt,
    customerId: order.customerId,
    contactEmail: order.contactEmail,
    contactPhone: order.contactPhone,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.lineNo,
      productType: l.productType,
      productName: l.productName,
      skuName: l.skuName,
      skuId: l.skuId,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      totalFen: l.totalFen,
      status: l.status,
    })),
  };
}

/** The order with its lines; NOT_FOUND when it is not in this shop. */
export async function getOrder(
  trx: TenantTx,
  input: { tenantId: string; orderId: string },
): Promise<OrderSummary> {
  const orderId = parseId(input.orderId, OrderErrors.NOT_FOUND, '找不到这个订单');
  const order = await loadOrderSummary(trx, input.tenantId, orderId);
  if (!order) {
    throw new DomainError(OrderErrors.NOT_FOUND, { userMessage: '找不到这个订单', status: 404 });
  }
  return order;
}
