import { appConnectionString, connectPostgres, withTenant, type Database } from '@cardshop/db';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import { runOutboxJob } from '../jobs/run-job.js';
import { createLogger } from '../logger.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { payWithBalance } from '../payments/pay-with-balance.js';
import { PaymentErrors } from '../payments/payments.errors.js';
import { paymentProviders } from '../payments/provider.js';
import { decodePaymentReference } from '../payments/reference.js';
import { refundOrderLine } from '../payments/refund-order-line.js';
import { createTestGateway } from '../payments/test-gateway.js';
import {
  buildCustomer,
  buildOrder,
  buildShopSku,
  buildTenant,
  useTestDatabase,
} from '../testing/index.js';
import { BalanceErrors } from './balance.errors.js';
import { expireTopup } from './expire-topup.js';
import { expireTopupJob } from './expire-topup.job.js';
import { getCustomerBalance } from './get-customer-balance.js';
import { parseTopupAmount } from './parse-topup-amount.js';
import { startTopup } from './start-topup.js';

const t = useTestDatabase();
const SECRET = 'balance-test-secret-'.padEnd(48, 'x');
const gateway = createTestGateway({ secret: SECRET });
const providers = paymentProviders(gateway);

async function shopWithCustomer() {
  const shop = await buildTenant(t.db);
  const customer = await buildCustomer(t.db, shop.id);
  return { tenantId: shop.id, customerId: customer.id };
}

function topUp(
  who: { tenantId: string; customerId: string },
  amountFen: number,
  provider = 'test',
) {
  return withTenant(t.db, who.tenantId, (trx) =>
    startTopup(trx, providers, { ...who, amountFen, provider }),
  );
}

function notify(notification: { rawBody: string; headers: Record<string, string> }) {
  return handlePaymentNotification(
    t.db,
    { providers, platformFeeBps: 1000 },
    { provider: 'test', ...notification },
  );
}

function balanceOf(who: { tenantId: string; customerId: string }) {
  return withTenant(t.db, who.tenantId, (trx) => owedOn(trx, { kind: 'customer_balance', ...who }));
}

function balancePage(
  who: { tenantId: string; customerId: string },
  extra: { page?: number; topupId?: string } = {},
) {
  return withTenant(t.db, who.tenantId, (trx) =>
    getCustomerBalance(trx, providers, { ...who, ...extra }),
  );
}

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; userMessage: string; status: number },
  );
}

async function ledgerTotal(owner: Database) {
  const row = await sql<{ total: string | null }>`
    select sum(amount_fen) as total from ledger_lines`.execute(owner);
  return Number(row.rows[0]!.total ?? 0);
}

async function topupRow(topupId: string) {
  return t.owner
    .selectFrom('balance_topups')
    .select(['status', 'paid_at'])
    .where('id', '=', topupId)
    .executeTakeFirstOrThrow();
}

describe('balance top-ups', () => {
  test('starting a top-up gives the gateway pay URL for a payment of the top-up, and asking again reuses it', async () => {
    const who = await shopWithCustomer();
    const started = await topUp(who, 5000);
    expect(started).toMatchObject({
      amountFen: 5000,
      currency: 'CNY',
      provider: 'test',
      providerName: '测试支付',
      payUrl: `/pay/test/${started.reference}`,
    });
    expect(decodePaymentReference(started.reference)).toEqual({
      tenantId: who.tenantId,
      paymentId: started.paymentId,
    });
    const payment = await t.owner
      .selectFrom('payments')
      .select(['order_id', 'topup_id', 'amount_fen', 'status'])
      .where('id', '=', started.paymentId)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({
      order_id: null,
      topup_id: started.topupId,
      amount_fen: 5000,
      status: 'pending',
    });
    const expiry = await t.owner
      .selectFrom('outbox')
      .select(['payload', 'run_at'])
      .where('name', '=', 'balance.expire-topup')
      .where(sql<boolean>`payload->>'topupId' = ${started.topupId}`)
      .executeTakeFirstOrThrow();
    expect(expiry.run_at.getTime()).toBe(started.expiresAt.getTime());

    const again = await topUp(who, 5000);
    expect(again.topupId).toBe(started.topupId);
    expect(again.payUrl).toBe(started.payUrl);
    const other = await topUp(who, 10000);
    expect(other.topupId).not.toBe(started.topupId);
  });

  test('a success notification replayed 5 times at once credits the balance once, and the ledger sums to zero', async () => {
    const who = await shopWithCustomer();
    const started = await topUp(who, 10000);
    const note = gateway.notification({ reference: started.reference, amountFen: 10000 });

    // Five deliveries at once, each on a connection of its own as separate webhook requests are.
    const gatewayPool = connectPostgres({ connectionString: appConnectionString(t.url), max: 5 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        handlePaymentNotification(
          gatewayPool.db,
          { providers, platformFeeBps: 1000 },
          { provider: 'test', ...note },
        ),
      ),
    ).finally(() => gatewayPool.close());
    expect(results.map((r) => r.outcome).sort()).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'paid',
    ]);
    expect(results[0]).toMatchObject({
      tenantId: who.tenantId,
      orderId: null,
      topupId: started.topupId,
      paymentId: started.paymentId,
      acknowledgement: 'success',
    });
    expect(await balanceOf(who)).toBe(10000);

    // The same gateway transaction under a new event id is not credited again.
    const replay = JSON.parse(note.rawBody) as { transaction_id: string };
    const sameTransaction = gateway.notification({
      reference: started.reference,
      amountFen: 10000,
      transactionId: replay.transaction_id,
    });
    expect((await notify(sameTransaction)).outcome).toBe('ignored');
    expect(await balanceOf(who)).toBe(10000);

    const entries = await t.owner
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_lines as l', 'l.entry_id', 'e.id')
      .where('e.payment_id', '=', started.paymentId)
      .select(['e.kind', 'e.idempotency_key', 'l.account_id', 'l.amount_fen'])
      .orderBy('l.line_no')
      .execute();
    expect(entries).toEqual([
      {
        kind: 'balance_topup',
        idempotency_key: `topup:${started.paymentId}`,
        account_id: 'gateway_clearing:test',
        amount_fen: 10000,
      },
      {
        kind: 'balance_topup',
        idempotency_key: `topup:${started.paymentId}`,
        account_id: `customer_balance:${who.tenantId}:${who.customerId}`,
        amount_fen: -10000,
      },
    ]);
    expect(await ledgerTotal(t.owner)).toBe(0);
    const notes = await t.owner
      .selectFrom('payment_notifications')
      .select('outcome')
      .where('payment_id', '=', started.paymentId)
      .orderBy('received_at')
      .execute();
    expect(notes.map((n) => n.outcome)).toEqual(['paid', 'ignored']);
    const row = await topupRow(started.topupId);
    expect(row.status).toBe('succeeded');
    expect(row.paid_at).toBeInstanceOf(Date);
  });

  test('a notification with the wrong amount or currency is recorded and credits nothing', async () => {
    const who = await shopWithCustomer();
    const started = await topUp(who, 5000);
    const wrongAmount = await notify(
      gateway.notification({ reference: started.reference, amountFen: 500000 }),
    );
    expect(wrongAmount.outcome).toBe('amount_mismatch');
    const wrongCurrency = await notify(
      gateway.notification({ reference: started.reference, amountFen: 5000, currency: 'USD' }),
    );
    expect(wrongCurrency.outcome).toBe('amount_mismatch');
    expect(await balanceOf(who)).toBe(0);
    expect((await topupRow(started.topupId)).status).toBe('pending');
    const entries = await t.owner
      .selectFrom('ledger_entries')
      .select('id')
      .where('payment_id', '=', started.paymentId)
      .execute();
    expect(entries).toEqual([]);
    const notes = await t.owner
      .selectFrom('payment_notifications')
      .select(['outcome', 'amount_fen'])
      .where('payment_id', '=', started.paymentId)
      .execute();
    expect(notes).toHaveLength(2);
    expect(notes.every((n) => n.outcome === 'amount_mismatch')).toBe(true);
  });

  test('a failed payment marks the top-up failed and credits nothing; paying after all still credits it', async () => {
    const who = await shopWithCustomer();
    const started = await topUp(who, 2000);
    const failed = await notify(
      gateway.notification({ reference: started.reference, amountFen: 2000, status: 'failed' }),
    );
    expect(failed.outcome).toBe('payment_failed');
    expect(await topupRow(started.topupId)).toEqual({ status: 'failed', paid_at: null });
    expect(await balanceOf(who)).toBe(0);

    const page = await balancePage(who, { topupId: started.topupId });
    expect(page.topup).toMatchObject({ status: 'failed', payUrl: null });

    const paid = await notify(
      gateway.notification({ reference: started.reference, amountFen: 2000 }),
    );
    expect(paid.outcome).toBe('paid');
    expect(await balanceOf(who)).toBe(2000);
    expect((await topupRow(started.topupId)).status).toBe('succeeded');
  });

  test('an unpaid top-up expires when due; money arriving later is still credited', async () => {
    const who = await shopWithCustomer();
    const started = await topUp(who, 3000);
    const run = () =>
      withTenant(t.db, who.tenantId, (trx) =>
        expireTopup(trx, { tenantId: who.tenantId, topupId: started.topupId }),
      );
    expect(await run()).toMatchObject({ outcome: 'not_due' });
    await t.owner
      .updateTable('balance_topups')
      .set({
        created_at: new Date(Date.now() - 3_600_000),
        expires_at: new Date(Date.now() - 1000),
      })
      .where('id', '=', started.topupId)
      .execute();
    // The job queued with the top-up closes it, and running it again changes nothing.
    const job = await t.owner
      .selectFrom('outbox')
      .select('id')
      .where('name', '=', expireTopupJob.name)
      .where(sql<boolean>`payload->>'topupId' = ${started.topupId}`)
      .executeTakeFirstOrThrow();
    for (let attempt = 0; attempt < 2; attempt++) {
      await sql`update outbox set completed_at = null where id = ${job.id}`.execute(t.owner);
      await runOutboxJob(
        expireTopupJob,
        { id: job.id, attempt: 1, finalAttempt: false },
        { db: t.db, logger: createLogger({ level: 'silent' }) },
      );
      expect((await topupRow(started.topupId)).status).toBe('expired');
    }
    expect(await run()).toEqual({ outcome: 'settled' });
    const before = await balancePage(who);
    expect(before.openTopups).toEqual([]);

    const late = await notify(
      gateway.notification({ reference: started.reference, amountFen: 3000 }),
    );
    expect(late.outcome).toBe('late_paid');
    expect(await balanceOf(who)).toBe(3000);
    expect((await topupRow(started.topupId)).status).toBe('succeeded');
  });

  test('topped-up money pays an order, a refunded line goes back to the balance, and the history reads it all', async () => {
    const shop = await buildShopSku(t.db, { codes: 3, priceFen: 1200, wholesaleFen: 1000 });
    const customer = await buildCustomer(t.db, shop.tenantId);
    const who = { tenantId: shop.tenantId, customerId: customer.id };
    const started = await topUp(who, 5000);
    await notify(gateway.notification({ reference: started.reference, amountFen: 5000 }));

    const { order } = await buildOrder(t.db, shop, { customerId: customer.id, quantity: 2 });
    const paid = await withTenant(t.db, shop.tenantId, (trx) =>
      payWithBalance(trx, { tenantId: shop.tenantId, orderId: order.id, customerId: customer.id }),
    );
    expect(paid.balanceFen).toBe(2600);
    expect(await balanceOf(who)).toBe(2600);

    const [line] = await t.owner
      .selectFrom('order_lines')
      .select('id')
      .where('order_id', '=', order.id)
      .execute();
    const refund = await withTenant(t.db, shop.tenantId, (trx) =>
      refundOrderLine(trx, {
        tenantId: shop.tenantId,
        orderId: order.id,
        lineId: line!.id,
        reason: 'fulfilment_failed',
      }),
    );
    expect(refund).toMatchObject({ refunded: true, amountFen: 2400, destination: 'balance' });
    expect(await balanceOf(who)).toBe(5000);
    expect(await ledgerTotal(t.owner)).toBe(0);

    const page = await balancePage(who, { topupId: started.topupId });
    expect(page.balanceFen).toBe(5000);
    expect(page.topup).toMatchObject({ status: 'succeeded', amountFen: 5000, payUrl: null });
    expect(page.history).toMatchObject({ page: 1, total: 3, pageCount: 1 });
    expect(
      page.history.items.map((i) => [i.movement, i.amountFen, i.balanceAfterFen, i.description]),
    ).toEqual([
      ['refund', 2400, 5000, `订单 ${order.number} 退款到余额（供货失败）`],
      ['purchase', -2400, 2600, `购买商品（订单 ${order.number}）`],
      ['topup', 5000, 5000, '余额充值（测试支付）'],
    ]);
    expect(page.history.items[0]).toMatchObject({ orderId: order.id, reason: 'fulfilment_failed' });
  });

  test('the history is paged, newest first, with the balance after each line', async () => {
    const who = await shopWithCustomer();
    for (let i = 1; i <= 22; i++) {
      const started = await topUp(who, 100 * i);
      await notify(gateway.notification({ reference: started.reference, amountFen: 100 * i }));
    }
    const first = await balancePage(who);
    expect(first.balanceFen).toBe(25300);
    expect(first.history).toMatchObject({ page: 1, pageSize: 20, total: 22, pageCount: 2 });
    expect(first.history.items[0]).toMatchObject({ amountFen: 2200, balanceAfterFen: 25300 });
    const second = await balancePage(who, { page: 2 });
    expect(second.history.items.map((i) => [i.amountFen, i.balanceAfterFen])).toEqual([
      [200, 300],
      [100, 100],
    ]);
    const beyond = await balancePage(who, { page: 3 });
    expect(beyond.history.items).toEqual([]);
  });

  test('bad amounts, unknown gateways and strangers are refused with clear messages, and nothing is written', async () => {
    const who = await shopWithCustomer();
    const cases: Array<[number, string]> = [
      [99, '充值金额应在 1 元到 5000 元之间'],
      [500001, '充值金额应在 1 元到 5000 元之间'],
      [12.5, '充值金额最多精确到分'],
      [0, '充值金额应在 1 元到 5000 元之间'],
      [-100, '充值金额应在 1 元到 5000 元之间'],
    ];
    for (const [amountFen, message] of cases) {
      const error = await refusal(topUp(who, amountFen));
      expect(isDomainError(error, BalanceErrors.TOPUP_AMOUNT_INVALID), String(amountFen)).toBe(
        true,
      );
      expect(error).toMatchObject({ userMessage: message, status: 422 });
    }
    const unknown = await refusal(topUp(who, 1000, 'alipay'));
    expect(unknown).toMatchObject({ code: PaymentErrors.UNKNOWN_PROVIDER, status: 422 });

    const elsewhere = await buildTenant(t.db);
    const stranger = await refusal(
      topUp({ tenantId: elsewhere.id, customerId: who.customerId }, 1000),
    );
    expect(stranger).toMatchObject({ code: BalanceErrors.CUSTOMER_NOT_FOUND, status: 404 });

    const rows = await t.owner
      .selectFrom('balance_topups')
      .select('id')
      .where('customer_id', '=', who.customerId)
      .execute();
    expect(rows).toEqual([]);

    expect(parseTopupAmount('50')).toBe(5000);
    expect(parseTopupAmount(' ¥12.5 ')).toBe(1250);
    expect(parseTopupAmount('5000元')).toBe(500000);
    expect(parseTopupAmount('1')).toBe(100);
    const typed: Array<[string, string]> = [
      ['', '请填写充值金额'],
      ['abc', '充值金额应为数字，例如 50 或 12.50'],
      ['1e3', '充值金额应为数字，例如 50 或 12.50'],
      ['-5', '充值金额不能为负数'],
      ['12.345', '充值金额最多保留两位小数（精确到分）'],
      ['0.99', '充值金额应在 1 元到 5000 元之间'],
      ['5000.01', '充值金额应在 1 元到 5000 元之间'],
    ];
    for (const [text, message] of typed) {
      let thrown: unknown;
      try {
        parseTopupAmount(text);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, text).toMatchObject({
        code: BalanceErrors.TOPUP_AMOUNT_INVALID,
        userMessage: message,
        details: { fieldErrors: { amount: message } },
      });
    }
  });

  test('a customer may have 5 top-ups waiting for payment at once', async () => {
    const who = await shopWithCustomer();
    for (const yuan of [10, 20, 30, 40, 50]) await topUp(who, yuan * 100);
    const error = await refusal(topUp(who, 6000));
    expect(error).toMatchObject({ code: BalanceErrors.TOO_MANY_OPEN_TOPUPS, status: 429 });
    expect(error?.userMessage).toContain('你有 5 笔充值还没有支付');
    // The same amount again is one of the five, not a sixth.
    await expect(topUp(who, 1000)).resolves.toMatchObject({ amountFen: 1000 });
    const page = await balancePage(who);
    // The latest is the one the page reports on; the others wait below it.
    expect(page.topup).toMatchObject({ amountFen: 5000, status: 'pending' });
    expect(page.topup!.payUrl).toMatch(/^\/pay\/test\/[0-9a-f]{64}$/);
    expect(page.openTopups.map((o) => o.amountFen)).toEqual([4000, 3000, 2000, 1000]);
  });

  test('one shop never sees or credits the top-ups of another', async () => {
    const a = await shopWithCustomer();
    const b = await shopWithCustomer();
    const started = await topUp(a, 5000);
    await notify(gateway.notification({ reference: started.reference, amountFen: 5000 }));

    const seenFromB = await withTenant(t.db, b.tenantId, (trx) =>
      trx.selectFrom('balance_topups').select('id').execute(),
    );
    expect(seenFromB).toEqual([]);
    const pageB = await balancePage(
      { tenantId: b.tenantId, customerId: a.customerId },
      {
        topupId: started.topupId,
      },
    );
    expect(pageB).toMatchObject({ balanceFen: 0, topup: null, openTopups: [] });
    expect(pageB.history.items).toEqual([]);

    // A reference naming shop B with shop A's payment finds nothing there.
    const forged = gateway.notification({
      reference: `${b.tenantId.replace(/-/g, '')}${started.paymentId.replace(/-/g, '')}`,
      amountFen: 5000,
    });
    const error = await refusal(notify(forged));
    expect(error).toMatchObject({ code: PaymentErrors.PAYMENT_NOT_FOUND });
    expect(await balanceOf(a)).toBe(5000);
    expect(await balanceOf({ tenantId: b.tenantId, customerId: a.customerId })).toBe(0);
  });
});
