import type { BalanceTopupStatus, RefundReason, TenantTx } from '@cardshop/db';
import { accountId, type AccountRef } from '../ledger/accounts.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { parseInput } from '../parse-input.js';
import { BALANCE_PROVIDER_ID } from '../payments/pay-with-balance.js';
import type { PaymentProviders } from '../payments/provider.js';
import { encodePaymentReference } from '../payments/reference.js';
import { BalanceErrors } from './balance.errors.js';
import {
  countBalanceLines,
  selectBalanceLines,
  selectCustomerTopup,
  selectRecentTopups,
  type BalanceLineRow,
  type TopupRow,
} from './balance.queries.js';
import {
  BALANCE_HISTORY_PAGE_SIZE,
  balancePageSchema,
  TOPUP_MAX_FEN,
  TOPUP_MIN_FEN,
  TOPUP_PRESETS_FEN,
  TOPUP_TTL_MS,
  type BalancePageInput,
} from './balance.schemas.js';
import { topupSubject } from './start-topup.js';

/** What moved the balance: a gateway top-up, a purchase paid from it, or money coming back. */
export type BalanceMovement =
  | 'topup'
  | 'purchase'
  | 'refund'
  /** A gateway payment that bought nothing (late, or a second payment) went to the balance. */
  | 'payment_returned'
  | 'other';

export interface BalanceHistoryItem {
  entryId: string;
  at: Date;
  movement: BalanceMovement;
  /** Into the balance positive, out of it negative. */
  amountFen: number;
  balanceAfterFen: number;
  orderId: string | null;
  orderNumber: string | null;
  /** The gateway of a top-up, by its display name. */
  providerName: string | null;
  /** Why money came back (refunds). */
  reason: RefundReason | null;
  /** One line in Chinese, e.g. 购买商品（订单 2026112600000001）. */
  description: string;
}

export interface TopupView {
  topupId: string;
  amountFen: number;
  status: BalanceTopupStatus;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  providerName: string;
  /** Where to pay it, while it is still open. */
  payUrl: string | null;
}

export interface CustomerBalance {
  balanceFen: number;
  history: {
    items: BalanceHistoryItem[];
    page: number;
    pageSize: number;
    total: number;
    pageCount: number;
  };
  /**
   * The top-up to report on: the one asked for (when it is theirs), else their latest if it was
   * started within TOPUP_TTL_MS and has not expired, as when they come back from paying.
   */
  topup: TopupView | null;
  /** Other top-ups still waiting for payment. */
  openTopups: TopupView[];
  /** The gateways a top-up can go through. */
  providers: Array<{ id: string; name: string }>;
  limits: { minFen: number; maxFen: number; presetsFen: readonly number[] };
}

const REASONS: Record<RefundReason, string> = {
  late_payment_no_stock: '付款时订单已超时且商品已售罄',
  duplicate_payment: '重复支付',
  fulfilment_failed: '供货失败',
  requested: '申请退款',
};

const MOVEMENTS: Record<string, BalanceMovement> = {
  balance_topup: 'topup',
  sale: 'purchase',
  refund: 'refund',
  payment_to_balance: 'payment_returned',
};

function isReason(memo: string): memo is RefundReason {
  return Object.hasOwn(REASONS, memo);
}

function describe(
  movement: BalanceMovement,
  item: { orderNumber: string | null; providerName: string | null; reason: RefundReason | null },
): string {
  const order = item.orderNumber ? `订单 ${item.orderNumber}` : '订单';
  const why = item.reason ? `（${REASONS[item.reason]}）` : '';
  switch (movement) {
    case 'topup':
      return item.providerName ? `余额充值（${item.providerName}）` : '余额充值';
    case 'purchase':
      return `购买商品（${order}）`;
    case 'refund':
      return `${order} 退款到余额${why}`;
    case 'payment_returned':
      return `${order} 的付款退回余额${why}`;
    case 'other':
      return '余额调整';
  }
}

function providerName(providers: PaymentProviders, id: string | null): string | null {
  if (!id) return null;
  if (id === BALANCE_PROVIDER_ID) return '余额';
  return providers.get(id)?.displayName ?? id;
}

function historyItem(providers: PaymentProviders, row: BalanceLineRow): BalanceHistoryItem {
  const movement = MOVEMENTS[row.kind] ?? 'other';
  const reason = movement === 'refund' || movement === 'payment_returned' ? row.memo : '';
  const item = {
    orderNumber: row.orderNumber,
    providerName: movement === 'topup' ? providerName(providers, row.paymentProvider) : null,
    reason: isReason(reason) ? reason : null,
  };
  return {
    entryId: row.entryId,
    at: row.createdAt,
    movement,
    amountFen: -row.amountFen,
    balanceAfterFen: -row.runningFen,
    orderId: row.orderId,
    ...item,
    description: describe(movement, item),
  };
}

function topupView(tenantId: string, providers: PaymentProviders, row: TopupRow): TopupView {
  const provider = providers.get(row.provider);
  const open =
    row.status === 'pending' &&
    row.paymentStatus === 'pending' &&
    row.expiresAt.getTime() > Date.now() &&
    provider !== undefined;
  return {
    topupId: row.topupId,
    amountFen: row.amountFen,
    status: row.status,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    paidAt: row.paidAt,
    providerName: providerName(providers, row.provider) ?? row.provider,
    payUrl: open
      ? provider.checkoutUrl({
          reference: encodePaymentReference(tenantId, row.paymentId),
          amountFen: row.amountFen,
          currency: row.currency,
          subject: topupSubject(row.amountFen),
        })
      : null,
  };
}

/**
 * A signed-in customer's balance page: what they hold (derived from the ledger), the lines on
 * their balance account newest first with a readable description and the balance after each,
 * paged, their open top-ups, and the state of the top-up they just came back from paying.
 */
export async function getCustomerBalance(
  trx: TenantTx,
  providers: PaymentProviders,
  input: BalancePageInput,
): Promise<CustomerBalance> {
  const { tenantId, customerId, page, topupId } = parseInput(
    balancePageSchema,
    input,
    BalanceErrors.INVALID_QUERY,
  );
  const account: AccountRef = { kind: 'customer_balance', tenantId, customerId };
  const id = accountId(account);
  const pageSize = BALANCE_HISTORY_PAGE_SIZE;
  const balanceFen = await owedOn(trx, account);
  const total = await countBalanceLines(trx, tenantId, id);
  const lines = await selectBalanceLines(trx, {
    tenantId,
    accountId: id,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const recent = await selectRecentTopups(trx, tenantId, customerId, 10);
  const returned = topupId
    ? await selectCustomerTopup(trx, tenantId, customerId, topupId)
    : undefined;
  const views = recent.map((row) => topupView(tenantId, providers, row));
  const latest = views[0];
  const topup = returned
    ? topupView(tenantId, providers, returned)
    : latest &&
        latest.status !== 'expired' &&
        latest.createdAt.getTime() > Date.now() - TOPUP_TTL_MS
      ? latest
      : null;
  return {
    balanceFen,
    history: {
      items: lines.map((row) => historyItem(providers, row)),
      page,
      pageSize,
      total,
      pageCount: Math.max(1, Math.ceil(total / pageSize)),
    },
    topup,
    openTopups: views.filter((v) => v.payUrl !== null && v.topupId !== topup?.topupId),
    providers: [...providers.values()].map((p) => ({ id: p.id, name: p.displayName })),
    limits: { minFen: TOPUP_MIN_FEN, maxFen: TOPUP_MAX_FEN, presetsFen: TOPUP_PRESETS_FEN },
  };
}
