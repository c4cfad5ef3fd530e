import type {
  OrderLineStatus,
  OrderStatus,
  ProductType,
  RefundDestination,
  ShippingAddress,
  TenantTx,
} from '@cardshop/db';
import { getOrderCodes } from '../delivery/get-order-codes.js';
import { DomainError } from '../errors.js';
import type { CodeVault } from '../inventory/code-crypto.js';
import { listCodeReveals, type CodeReveal } from '../order-view/code-reveals.js';
import { maskCode } from '../order-view/mask-code.js';
import { parseId } from '../parse-input.js';
import { refundDestination } from '../payments/refund-destination.js';
import { OrderErrors } from './orders.errors.js';
import { selectOrder, selectOrderLines } from './orders.queries.js';
import {
  selectOrderCustomer,
  selectOrderIp,
  selectOrderPayments,
  selectOrderRefunds,
  selectOrderWork,
  selectStaffRefundReasons,
  type ShopPaymentRow,
  type ShopRefundRow,
  type ShopShipmentRow,
  type ShopTaskRow,
} from './shop-orders.queries.js';

export interface ShopOrderLine {
  id: string;
  lineNo: number;
  productType: ProductType;
  productName: string;
  skuName: string;
  quantity: number;
  unitPriceFen: number;
  unitWholesaleFen: number;
  totalFen: number;
  wholesaleFen: number;
  platformFeeFen: number | null;
  /** total - wholesale - platform fee: what the shop keeps from this line while it stays sold. */
  marginFen: number;
  status: OrderLineStatus;
  /** Paid or delivered: the shop may still refund it (orders.refund). */
  refundable: boolean;
  deliveredAt: Date | null;
  refundedAt: Date | null;
  topupAccount: Record<string, string> | null;
  shippingAddress: ShippingAddress | null;
  /** Card codes sold to the line, masked: staff never see one whole. */
  codes: Array<{ codeId: string; masked: string; hasPassword: boolean; expiresOn: string | null }>;
  task: ShopTaskRow | null;
  shipment: ShopShipmentRow | null;
}

export interface ShopOrderDetail {
  id: string;
  number: string;
  status: OrderStatus;
  currency: string;
  totalFen: number;
  wholesaleFen: number;
  platformFeeFen: number | null;
  refundedFen: number;
  /** Where a refund of this order goes: the buyer's balance when signed in, else the gateway. */
  refundDestination: RefundDestination;
  /** The margin of the lines still sold (paid or delivered). */
  marginFen: number;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  deliveredAt: Date | null;
  closedAt: Date | null;
  ip: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  customer: { id: string; displayName: string; email: string | null; phone: string | null } | null;
  lines: ShopOrderLine[];
  payments: ShopPaymentRow[];
  /** staffReason: what the shop's staff wrote when they refunded the line themselves. */
  refunds: Array<ShopRefundRow & { staffReason: string | null }>;
  /** Each time the buyer showed codes in full (page or TXT), newest first: dispute evidence. */
  reveals: Array<CodeReveal & { masked: string | null }>;
}

/**
 * Everything about one of the shop's orders for its staff: lines with wholesale and margin, the
 * payments and refunds, how each line is being delivered, and the codes sold (masked). NOT_FOUND
 * when the order is not this shop's.
 */
export async function getShopOrder(
  trx: TenantTx,
  vault: CodeVault,
  input: { tenantId: string; orderId: string },
): Promise<ShopOrderDetail> {
  const { tenantId } = input;
  const orderId = parseId(input.orderId, OrderErrors.NOT_FOUND, '找不到这个订单');
  const order = await selectOrder(trx, tenantId, orderId);
  if (!order) {
    throw new DomainError(OrderErrors.NOT_FOUND, { userMessage: '找不到这个订单', status: 404 });
  }
  const lines = await selectOrderLines(trx, tenantId, orderId);
  const payments = await selectOrderPayments(trx, tenantId, orderId);
  const refunds = await selectOrderRefunds(trx, tenantId, orderId);
  const staffReasons = await selectStaffRefundReasons(trx, tenantId, orderId);
  const work = await selectOrderWork(trx, tenantId, orderId);
  const codes = await getOrderCodes(trx, vault, { tenantId, orderId });
  const ip = await selectOrderIp(trx, tenantId, orderId);
  const customer = order.customerId
    ? await selectOrderCustomer(trx, tenantId, order.customerId)
    : undefined;
  const reveals = await listCodeReveals(trx, { tenantId, orderId });
  const masked = new Map(codes.map((c) => [c.codeId, maskCode(c.code)]));
  const detailLines = lines.map((line): ShopOrderLine => {
    const wholesaleFen = line.unitWholesaleFen * line.quantity;
    return {
      id: line.id,
      lineNo: line.lineNo,
      productType: line.productType,
      productName: line.productName,
      skuName: line.skuName,
      quantity: line.quantity,
      unitPriceFen: line.unitPriceFen,
      unitWholesaleFen: line.unitWholesaleFen,
      totalFen: line.totalFen,
      wholesaleFen,
      platformFeeFen: line.platformFeeFen,
      marginFen: line.totalFen - wholesaleFen - (line.platformFeeFen ?? 0),
      status: line.status,
      // A top-up the supplier is still doing is not refundable (shopRefundLine refuses it too).
      refundable:
        (line.status === 'paid' || line.status === 'delivered') &&
        !work.tasks.some(
          (task) =>
            task.orderLineId === line.id &&
            (task.status === 'pending' || task.status === 'accepted'),
        ),
      deliveredAt: line.deliveredAt,
      refundedAt: line.refundedAt,
      topupAccount: line.topupAccount,
      shippingAddress: line.shippingAddress,
      codes: codes
        .filter((c) => c.lineId === line.id)
        .map((c) => ({
          codeId: c.codeId,
          masked: masked.get(c.codeId)!,
          hasPassword: Boolean(c.password),
          expiresOn: c.expiresOn,
        })),
      task: work.tasks.find((t) => t.orderLineId === line.id) ?? null,
      shipment: work.shipments.find((s) => s.orderLineId === line.id) ?? null,
    };
  });
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    currency: order.currency,
    totalFen: order.totalFen,
    wholesaleFen: order.wholesaleFen,
    platformFeeFen: order.platformFeeFen,
    refundedFen: order.refundedFen,
    refundDestination: refundDestination(tenantId, order.customerId).destination,
    marginFen: detailLines
      .filter((l) => l.status === 'paid' || l.status === 'delivered')
      .reduce((sum, l) => sum + l.marginFen, 0),
    createdAt: order.createdAt,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    deliveredAt: order.deliveredAt,
    closedAt: order.closedAt,
    ip,
    contactEmail: order.contactEmail,
    contactPhone: order.contactPhone,
    customer: customer
      ? {
          id: customer.id,
          displayName: customer.displayName,
          email: customer.email,
          phone: customer.phone,
        }
      : null,
    lines: detailLines,
    payments,
    refunds: refunds.map((r) => ({ ...r, staffReason: staffReasons.get(r.id) ?? null })),
    reveals: reveals.map((r) => ({
      ...r,
      masked: r.codeId ? (masked.get(r.codeId) ?? null) : null,
    })),
  };
}
