import type { OrderLineStatus, OrderStatus, ProductType } from '@cardshop/db';
import type { ApiOrderLineRow, ApiOrderRow } from './shop-api.queries.js';

/** An order as the API shows it: what was bought, for how much, and where it stands. */
export interface ApiOrder {
  number: string;
  status: OrderStatus;
  currency: string;
  totalFen: number;
  refundedFen: number;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  deliveredAt: Date | null;
  closedAt: Date | null;
  lines: ApiOrderLine[];
}

export interface ApiOrderLine {
  lineNo: number;
  productId: string;
  skuId: string;
  productType: ProductType;
  productName: string;
  skuName: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
  status: OrderLineStatus;
  deliveredAt: Date | null;
  refundedAt: Date | null;
}

export function toApiOrder(order: ApiOrderRow, lines: ApiOrderLineRow[]): ApiOrder {
  return {
    number: order.number,
    status: order.status,
    currency: order.currency,
    totalFen: order.totalFen,
    refundedFen: order.refundedFen,
    createdAt: order.createdAt,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    deliveredAt: order.deliveredAt,
    closedAt: order.closedAt,
    lines: lines
      .filter((line) => line.orderId === order.id)
      .map(({ orderId: _orderId, ...line }) => line),
  };
}
