import type {
  FulfilmentTaskStatus,
  OrderLineStatus,
  OrderStatus,
  ProductType,
  ShipmentStatus,
  TenantTx,
} from '@cardshop/db';
import { maskEmail, maskPhone } from '../customers/mask.js';
import { getOrderCodes, type DeliveredCode } from '../delivery/get-order-codes.js';
import type { CodeVault } from '../inventory/code-crypto.js';
import { selectOrderLines } from '../orders/orders.queries.js';
import { maskCode, maskPassword } from './mask-code.js';
import { requireVisibleOrder, type OrderViewer } from './order-access.js';
import { selectLineFulfilment, selectTopupFields } from './order-view.queries.js';

/**
 * What the buyer sees of an order's status. An unpaid order past its deadline is 'expired' even
 * before the expiry job has closed it.
 */
export type OrderViewStatus = OrderStatus;

export interface MaskedCode {
  codeId: string;
  /** First and last characters only, e.g. AB********YZ. */
  code: string;
  /** Present when the code is a card number + password pair; always fully masked. */
  password: string | null;
  expiresOn: string | null;
}

export interface OrderViewLine {
  id: string;
  lineNo: number;
  productType: ProductType;
  productName: string;
  skuName: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
  status: OrderLineStatus;
  deliveredAt: Date | null;
  refundedAt: Date | null;
  /** card_code lines: the delivered codes, masked. */
  codes: MaskedCode[];
  /** direct_topup lines: the account to credit and how far the supplier got. */
  topup: {
    account: Array<{ label: string; value: string }>;
    status: FulfilmentTaskStatus | null;
    /** The supplier's note: on failure, the reason the buyer is told. */
    note: string | null;
    finishedAt: Date | null;
  } | null;
  /** physical_card lines: where it goes and the shipment, once there is one. */
  shipment: {
    recipient: string;
    region: string;
    status: ShipmentStatus | null;
    carrier: string | null;
    trackingNumber: string | null;
    shippedAt: Date | null;
  } | null;
}

export interface OrderView {
  id: string;
  number: string;
  status: OrderViewStatus;
  currency: string;
  totalFen: number;
  refundedFen: number;
  createdAt: Date;
  paidAt: Date | null;
  deliveredAt: Date | null;
  closedAt: Date | null;
  /** The payment deadline of an unpaid order. */
  expiresAt: Date;
  /** Milliseconds left to pay (0 unless pending payment). */
  payWithinMs: number;
  /** The contact given at checkout, masked (138****5678, z***@example.com). */
  contact: { email: string | null; phone: string | null };
  /** Placed from an account (else by a guest with a lookup password). */
  placedByCustomer: boolean;
  lines: OrderViewLine[];
  codeCount: number;
  /** Paid and a line is still on its way (codes, a top-up, a shipment). */
  awaitingDelivery: boolean;
  /** Paid and card codes are still to come: they are normally seconds away. */
  awaitingCodes: boolean;
}

function maskAddressName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

function masked(code: DeliveredCode): MaskedCode {
  return {
    codeId: code.codeId,
    code: maskCode(code.code),
    password: code.password === undefined ? null : maskPassword(),
    expiresOn: code.expiresOn,
  };
}

/**
 * The order page's read model: the order, its lines with their codes (masked: the plain codes
 * only ever leave through revealOrderCodes, which records who saw them), top-up progress and
 * shipments. 404 unless the viewer may open the order.
 */
export async function getOrderView(
  trx: TenantTx,
  vault: CodeVault,
  input: { tenantId: string; orderId: string; viewer: OrderViewer; now?: Date },
): Promise<OrderView> {
  const order = await requireVisibleOrder(trx, input);
  const now = (input.now ?? new Date()).getTime();
  const [lines, codes, fulfilment] = await Promise.all([
    selectOrderLines(trx, input.tenantId, order.id),
    getOrderCodes(trx, vault, { tenantId: input.tenantId, orderId: order.id }),
    selectLineFulfilment(trx, input.tenantId, order.id),
  ]);
  const topupFields = await selectTopupFields(trx, [
    ...new Set(lines.filter((l) => l.productType === 'direct_topup').map((l) => l.productId)),
  ]);
  const expired = order.status === 'pending_payment' && order.expiresAt.getTime() <= now;
  const status: OrderViewStatus = expired ? 'expired' : order.status;

  const viewLines = lines.map((line): OrderViewLine => {
    const task = fulfilment.tasks.find((t) => t.orderLineId === line.id);
    const shipment = fulfilment.shipments.find((s) => s.orderLineId === line.id);
    const fields = topupFields.get(line.productId) ?? [];
    return {
      id: line.id,
      lineNo: line.lineNo,
      productType: line.productType,
      productName: line.productName,
      skuName: line.skuName,
      quantity: line.quantity,
      unitPriceFen: Number(line.unitPriceFen),
      totalFen: Number(line.totalFen),
      status: line.status,
      deliveredAt: line.deliveredAt,
      refundedAt: line.refundedAt,
      codes: codes.filter((c) => c.lineId === line.id).map(masked),
      topup: line.topupAccount
        ? {
            account: Object.entries(line.topupAccount).map(([key, value]) => ({
              label: fields.find((f) => f.key === key)?.label ?? key,
              value,
            })),
            status: task?.status ?? null,
            note: task?.supplierNote ?? null,
            finishedAt: task?.finishedAt ?? null,
          }
        : null,
      shipment: line.shippingAddress
        ? {
            recipient: maskAddressName(line.shippingAddress.name),
            region: line.shippingAddress.region,
            status: shipment?.status ?? null,
            carrier: shipment?.carrier ?? null,
            trackingNumber: shipment?.trackingNumber ?? null,
            shippedAt: shipment?.shippedAt ?? null,
          }
        : null,
    };
  });

  return {
    id: order.id,
    number: order.number,
    status,
    currency: order.currency,
    totalFen: Number(order.totalFen),
    refundedFen: Number(order.refundedFen),
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    deliveredAt: order.deliveredAt,
    closedAt: order.closedAt,
    expiresAt: order.expiresAt,
    payWithinMs: status === 'pending_payment' ? Math.max(0, order.expiresAt.getTime() - now) : 0,
    contact: {
      email: order.contactEmail ? maskEmail(order.contactEmail) : null,
      phone: order.contactPhone ? maskPhone(order.contactPhone) : null,
    },
    placedByCustomer: order.customerId !== null,
    lines: viewLines,
    codeCount: codes.length,
    awaitingDelivery: order.paidAt !== null && viewLines.some((l) => l.status === 'paid'),
    awaitingCodes:
      order.paidAt !== null &&
      viewLines.some((l) => l.status === 'paid' && l.productType === 'card_code'),
  };
}
