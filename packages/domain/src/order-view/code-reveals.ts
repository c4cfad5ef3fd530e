import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { parseId } from '../parse-input.js';
import { OrderViewErrors } from './order-view.errors.js';
import { insertCodeReveal, selectCodeReveals, type CodeRevealRow } from './order-view.queries.js';

/** The session that saw the codes: a signed-in customer's, else the guest browser's id. */
export interface RevealSession {
  customerId: string | null;
  customerSessionId: string | null;
  browserId: string | null;
}

export interface CodeRevealInput {
  tenantId: string;
  orderId: string;
  /** One code of the order, or null for all of them. */
  codeId: string | null;
  via: 'page' | 'txt';
  ip: string | null;
  userAgent: string | null;
  session: RevealSession;
}

export type CodeReveal = CodeRevealRow;

/**
 * Records that card codes of an order were shown in full (显示卡密, or the TXT download): which,
 * when, from which address and browser, in which session. The caller has checked that the viewer
 * may see them; the row is evidence for the shop if the buyer later disputes the delivery.
 */
export async function recordCodeReveal(
  trx: TenantTx,
  input: CodeRevealInput,
): Promise<{ id: string; revealedAt: Date }> {
  const { session } = input;
  if (!session.customerSessionId && !session.browserId) {
    throw new DomainError(OrderViewErrors.SESSION_REQUIRED, {
      message: 'a code reveal needs a customer session or a browser id',
      userMessage: '无法确认当前浏览器，请刷新页面后重试',
      status: 400,
    });
  }
  return insertCodeReveal(trx, {
    tenantId: input.tenantId,
    orderId: input.orderId,
    codeId: input.codeId,
    via: input.via,
    ip: input.ip?.slice(0, 64) ?? null,
    userAgent: input.userAgent?.slice(0, 400) ?? null,
    customerId: session.customerId,
    customerSessionId: session.customerSessionId?.slice(0, 100) ?? null,
    browserId: session.browserId?.slice(0, 100) ?? null,
  });
}

/** An order's code reveals, newest first (the shop console shows them as dispute evidence). */
export async function listCodeReveals(
  trx: TenantTx,
  input: { tenantId: string; orderId: string; limit?: number },
): Promise<CodeReveal[]> {
  const orderId = parseId(input.orderId, OrderViewErrors.NOT_FOUND, '找不到这个订单');
  return selectCodeReveals(
    trx,
    input.tenantId,
    orderId,
    Math.min(Math.max(input.limit ?? 200, 1), 1000),
  );
}
