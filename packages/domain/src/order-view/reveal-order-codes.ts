import type { TenantTx } from '@cardshop/db';
import { getOrderCodes, type DeliveredCode } from '../delivery/get-order-codes.js';
import { DomainError } from '../errors.js';
import type { CodeVault } from '../inventory/code-crypto.js';
import { selectOrderLines } from '../orders/orders.queries.js';
import { recordCodeReveal, type RevealSession } from './code-reveals.js';
import { requireVisibleOrder, type OrderViewer } from './order-access.js';
import { OrderViewErrors } from './order-view.errors.js';

export interface RevealedCodes {
  orderNumber: string;
  revealedAt: Date;
  lines: Array<{ id: string; productName: string; skuName: string }>;
  codes: DeliveredCode[];
}

/**
 * Shows the viewer the order's codes in full, all of them (`codeId` null) or one, and records the
 * reveal in the same transaction: no plain code leaves without its row. 404 unless the viewer may
 * open the order; NO_CODES while nothing is delivered.
 */
export async function revealOrderCodes(
  trx: TenantTx,
  vault: CodeVault,
  input: {
    tenantId: string;
    orderId: string;
    viewer: OrderViewer;
    codeId: string | null;
    via: 'page' | 'txt';
    ip: string | null;
    userAgent: string | null;
    session: RevealSession;
  },
): Promise<RevealedCodes> {
  const order = await requireVisibleOrder(trx, input);
  const all = await getOrderCodes(trx, vault, { tenantId: input.tenantId, orderId: order.id });
  if (all.length === 0) {
    throw new DomainError(OrderViewErrors.NO_CODES, {
      userMessage: '这个订单还没有发放卡密，发货后即可查看',
      status: 409,
    });
  }
  const codeId = input.codeId?.toLowerCase() ?? null;
  const codes = codeId === null ? all : all.filter((c) => c.codeId === codeId);
  if (codes.length === 0) {
    throw new DomainError(OrderViewErrors.CODE_NOT_FOUND, {
      userMessage: '找不到这张卡密，请刷新页面后重试',
      status: 404,
    });
  }
  const { revealedAt } = await recordCodeReveal(trx, {
    tenantId: input.tenantId,
    orderId: order.id,
    codeId,
    via: input.via,
    ip: input.ip,
    userAgent: input.userAgent,
    session: input.session,
  });
  const lines = await selectOrderLines(trx, input.tenantId, order.id);
  return {
    orderNumber: order.number,
    revealedAt,
    lines: lines
      .filter((l) => codes.some((c) => c.lineId === l.id))
      .map((l) => ({ id: l.id, productName: l.productName, skuName: l.skuName })),
    codes,
  };
}
