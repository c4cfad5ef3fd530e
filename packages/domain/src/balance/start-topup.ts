import { sql, type TenantTx } from '@cardshop/db';
import { formatYuan } from '../catalog/money.js';
import { findCustomerById } from '../customers/customers.queries.js';
import { DomainError } from '../errors.js';
import { enqueueJob } from '../jobs/outbox.js';
import { DEFAULT_CURRENCY } from '../ledger/accounts.js';
import { parseInput } from '../parse-input.js';
import { PaymentErrors } from '../payments/payments.errors.js';
import type { PaymentProviders } from '../payments/provider.js';
import { encodePaymentReference } from '../payments/reference.js';
import type { StartedPayment } from '../payments/start-payment.js';
import { BalanceErrors } from './balance.errors.js';
import {
  countOpenTopups,
  findOpenTopup,
  insertTopup,
  insertTopupPayment,
} from './balance.queries.js';
import {
  startTopupSchema,
  TOPUP_MAX_OPEN,
  TOPUP_TTL_MS,
  type StartTopupInput,
} from './balance.schemas.js';
import { expireTopupJob } from './expire-topup.job.js';

export interface StartedTopup extends StartedPayment {
  topupId: string;
  /** Until then the pay link is offered (money that arrives later is still credited). */
  expiresAt: Date;
}

/** What the buyer sees at the gateway for a top-up. */
export function topupSubject(amountFen: number): string {
  return `账户余额充值 ${formatYuan(amountFen)} 元`;
}

/**
 * A signed-in customer starts topping up their balance (余额) through a gateway: a pending top-up
 * and its one payment, whose merchant reference (encodePaymentReference) the gateway sends back.
 * Asking again for the same amount and gateway while the first is still open returns the same
 * one (a double-submitted form makes one top-up); a customer has at most TOPUP_MAX_OPEN open.
 * The top-up expires after TOPUP_TTL_MS (a job queued here). Call runtime.kickOutbox() after.
 */
export async function startTopup(
  trx: TenantTx,
  providers: PaymentProviders,
  input: StartTopupInput,
): Promise<StartedTopup> {
  const data = parseInput(startTopupSchema, input, BalanceErrors.TOPUP_AMOUNT_INVALID, (path) =>
    path === 'provider'
      ? PaymentErrors.UNKNOWN_PROVIDER
      : path === 'customerId'
        ? BalanceErrors.CUSTOMER_NOT_FOUND
        : undefined,
  );
  const provider = providers.get(data.provider);
  if (!provider) {
    throw new DomainError(PaymentErrors.UNKNOWN_PROVIDER, {
      message: `no payment provider "${data.provider}"`,
      userMessage: '不支持这种支付方式，请选择其他方式',
      status: 422,
      details: { fieldErrors: { provider: '不支持这种支付方式，请选择其他方式' } },
    });
  }
  const { tenantId, customerId, amountFen } = data;
  const customer = await findCustomerById(trx, tenantId, customerId);
  if (!customer || customer.status !== 'active') {
    throw new DomainError(BalanceErrors.CUSTOMER_NOT_FOUND, {
      message: `customer ${customerId} of shop ${tenantId} cannot top up`,
      userMessage: '找不到你的账号，请重新登录后再充值',
      status: 404,
    });
  }
  // One customer's top-ups start one at a time, so the open count and the reuse hold.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`topup:${tenantId}:${customerId}`}, 0))`.execute(
    trx,
  );

  const started = (topup: { topupId: string; paymentId: string; expiresAt: Date }) => {
    const reference = encodePaymentReference(tenantId, topup.paymentId);
    return {
      ...topup,
      reference,
      amountFen,
      currency: DEFAULT_CURRENCY,
      provider: provider.id,
      providerName: provider.displayName,
      payUrl: provider.checkoutUrl({
        reference,
        amountFen,
        currency: DEFAULT_CURRENCY,
        subject: topupSubject(amountFen),
      }),
    };
  };

  const open = await findOpenTopup(trx, { tenantId, customerId, amountFen, provider: provider.id });
  if (open) return started(open);

  const openCount = await countOpenTopups(trx, tenantId, customerId);
  if (openCount >= TOPUP_MAX_OPEN) {
    throw new DomainError(BalanceErrors.TOO_MANY_OPEN_TOPUPS, {
      userMessage: `你有 ${openCount} 笔充值还没有支付。请先完成支付，或等它们 30 分钟后自动关闭再试`,
      status: 429,
    });
  }
  const expiresAt = new Date(Date.now() + TOPUP_TTL_MS);
  const topupId = await insertTopup(trx, {
    tenantId,
    customerId,
    amountFen,
    currency: DEFAULT_CURRENCY,
    expiresAt,
  });
  const paymentId = await insertTopupPayment(trx, {
    tenantId,
    topupId,
    provider: provider.id,
    amountFen,
    currency: DEFAULT_CURRENCY,
  });
  await enqueueJob(trx, expireTopupJob, { tenantId, topupId }, { runAt: expiresAt });
  return started({ topupId, paymentId, expiresAt });
}
