import { randomUUID } from 'node:crypto';
import { sql, withTenant, type Database } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { deliverOrder } from '../delivery/deliver-order.js';
import { isDomainError } from '../errors.js';
import { runOutboxJob } from '../jobs/run-job.js';
import { createLogger } from '../logger.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { expireOrder } from '../orders/expire-order.js';
import { buildOrder, buildShopSku, useTestDatabase, type ShopSku } from '../testing/index.js';
import { handlePaymentNotification } from './handle-payment-notification.js';
import { PaymentErrors } from './payments.errors.js';
import { paymentProviders } from './provider.js';
import { refundPayoutJob } from './refund-payout.job.js';
import { startPayment } from './start-payment.js';
import { createTestGateway, TEST_GATEWAY_SIGNATURE_HEADER } from './test-gateway.js';

const t = useTestDatabase();
const SECRET = 'payments-test-secret-'.padEnd(48, 'x');
const gateway = createTestGateway({ secret: SECRET });
const providers = paymentProviders(gateway);
const deps = { providers, platformFeeBps: 500 };
const silent = createLogger({ level: 'silent' });

async function pay(shop: ShopSku, orderId: string) {
  return withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, providers, { tenantId: shop.tenantId, orderId, provider: 'test' }),
  );
}

function notify(rawBody: string, headers: Record<string, string>) {
  return handlePaymentNotification(t.db, deps, { provider: 'test', rawBody, headers });
}

async function snapshot(owner: Database, orderId: string) {
  const order = await owner
    .selectFrom('orders')
    .select(['status', 'platform_fee_fen', 'refunded_fen'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  const n = async (q: Promise<{ n: string }>) => Number((await q).n);
  return {
    order,
    payments: await owner
      .selectFrom('payments')
      .select(['status', 'provider_transaction_id'])
      .where('order_id', '=', orderId)
      .execute(),
    notifications: await n(
      owner
        .selectFrom('payment_notifications as pn')
        .innerJoin('payments as p', 'p.id', 'pn.payment_id')
        .where('p.order_id', '=', orderId)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    entries: await n(
      owner
        .selectFrom('ledger_entries')
        .where('order_id', '=', orderId)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    deliveryJobs: await n(
      owner
        .selectFrom('outbox')
        .where('name', '=', 'delivery.deliver-order')
        .where(sql<boolean>`payload->>'orderId' = ${orderId}`)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  };
}

async function ledgerTotal(owner: Database) {
  const row = await owner
    .selectFrom('ledger_lines')
    .select(sql<string | null>`sum(amount_fen)`.as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total ?? 0);
}

async function orderLines(owner: Database, orderId: string) {
  const rows = await owner
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .where('e.order_id', '=', orderId)
    .select(['e.kind', 'l.account_id', 'l.amount_fen'])
    .orderBy('e.created_at')
    .orderBy('l.line_no')
    .execute();
  return rows.map((r) => [r.kind, r.account_id.replace(/:.*/, ''), r.amount_fen]);
}

describe('handlePaymentNotification', () => {
  test('a signed success pays the order once: sale booked with the fee, delivery queued', async () => {
    const shop = await buildShopSku(t.db, { codes: 3, priceFen: 1200, wholesaleFen: 1000 });
    const { order } = await buildOrder(t.db, shop, { quantity: 2 });
    const payment = await pay(shop, order.id);
    expect(payment).toMatchObject({ amountFen: 2400, payUrl: `/pay/test/${payment.reference}` });

    const { rawBody, headers } = gateway.notification({
      reference: payment.reference,
      amountFen: 2400,
    });
    const result = await notify(rawBody, headers);
    expect(result).toMatchObject({
      outcome: 'paid',
      orderId: order.id,
      acknowledgement: 'success',
    });

    const after = await snapshot(t.owner, order.id);
    // 5 % of 24.00 is 1.20, within the 4.00 margin.
    expect(after).toMatchObject({
      order: { status: 'paid', platform_fee_fen: 120, refunded_fen: 0 },
      payments: [{ status: 'succeeded' }],
      notifications: 1,
      entries: 1,
      deliveryJobs: 1,
    });
    expect(await orderLines(t.owner, order.id)).toEqual([
      ['sale', 'gateway_clearing', 2400],
      ['sale', 'supplier_payable', -2000],
      ['sale', 'platform_revenue', -120],
      ['sale', 'reseller_payable', -280],
    ]);
    expect(await ledgerTotal(t.owner)).toBe(0);
    const owed = await withTenant(t.db, shop.tenantId, (trx) =>
      owedOn(trx, { kind: 'reseller_payable', tenantId: shop.tenantId }),
    );
    expect(owed).toBe(280);
  });

  test('a notification replayed 5 times, even at once, pays and queues delivery once', async () => {
    const shop = await buildShopSku(t.db, { codes: 2 });
    const { order } = await buildOrder(t.db, shop);
    const payment = await pay(shop, order.id);
    const { rawBody, headers } = gateway.notification({
      reference: payment.reference,
      amountFen: 1200,
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => notify(rawBody, headers)));
    expect(results.map((r) => r.outcome).sort()).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'paid',
    ]);
    // A second event for the same transaction (gateways send several) changes nothing either.
    const again = gateway.notification({
      reference: payment.reference,
      amountFen: 1200,
      transactionId: (await snapshot(t.owner, order.id)).payments[0]!.provider_transaction_id!,
    });
    expect((await notify(again.rawBody, again.headers)).outcome).toBe('ignored');

    expect(await snapshot(t.owner, order.id)).toMatchObject({
      order: { status: 'paid' },
      notifications: 2,
      entries: 1,
      deliveryJobs: 1,
    });
  });

  test('a bad signature is refused before anything is read or written', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const { order } = await buildOrder(t.db, shop);
    const payment = await pay(shop, order.id);
    const before = await snapshot(t.owner, order.id);
    const { rawBody, headers } = gateway.notification({
      reference: payment.reference,
      amountFen: 1200,
    });
    const forged = createTestGateway({ secret: 'another-secret-'.padEnd(40, 'y') }).notification({
      reference: payment.reference,
      amountFen: 1200,
    });
    const tampered = rawBody.replace('"amount_fen":1200', '"amount_fen":1');
    for (const attempt of [
      notify(tampered, headers),
      notify(forged.rawBody, forged.headers),
      notify(rawBody, {}),
      notify(rawBody, { [TEST_GATEWAY_SIGNATURE_HEADER]: 'zz' }),
    ]) {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDomainError(error, PaymentErrors.SIGNATURE_INVALID)).toBe(true);
    }
    expect(await snapshot(t.owner, order.id)).toEqual(before);
  });

  test('a wrong amount or currency is recorded and changes nothing else', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const { order } = await buildOrder(t.db, shop);
    const payment = await pay(shop, order.id);
    const cheap = gateway.notification({ reference: payment.reference, amountFen: 1 });
    const dollars = gateway.notification({
      reference: payment.reference,
      amountFen: 1200,
      currency: 'USD',
    });
    expect((await notify(cheap.rawBody, cheap.headers)).outcome).toBe('amount_mismatch');
    expect((await notify(dollars.rawBody, dollars.headers)).outcome).toBe('amount_mismatch');
    expect(await snapshot(t.owner, order.id)).toMatchObject({
      order: { status: 'pending_payment' },
      payments: [{ status: 'pending', provider_transaction_id: null }],
      notifications: 2,
      entries: 0,
      deliveryJobs: 0,
    });
  });

  test('a notification for a payment that does not exist is refused', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const reference = `${shop.tenantId.replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`;
    const { rawBody, headers } = gateway.notification({ reference, amountFen: 1200 });
    await expect(notify(rawBody, headers)).rejects.toMatchObject({
      code: PaymentErrors.PAYMENT_NOT_FOUND,
    });
  });

  test('a failed payment leaves the order payable', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const { order } = await buildOrder(t.db, shop);
    const payment = await pay(shop, order.id);
    const failed = gateway.notification({
      reference: payment.reference,
      amountFen: 1200,
      status: 'failed',
    });
    expect((await notify(failed.rawBody, failed.headers)).outcome).toBe('payment_failed');
    const retry = gateway.notification({ reference: payment.reference, amountFen: 1200 });
    expect((await notify(retry.rawBody, retry.headers)).outcome).toBe('paid');
  });
});

describe('late and duplicate payments', () => {
  async function expired(shop: ShopSku, overrides: Parameters<typeof buildOrder>[2] = {}) {
    const { order } = await buildOrder(t.db, shop, overrides);
    const payment = await pay(shop, order.id);
    await t.owner
      .updateTable('orders')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('id', '=', order.id)
      .execute();
    await withTenant(t.db, shop.tenantId, (trx) =>
      expireOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
    );
    return { order, payment };
  }

  test('paid after it expired, with the codes still there: reserved again and delivered', async () => {
    const shop = await buildShopSku(t.db, { codes: 2 });
    const { order, payment } = await expired(shop, { quantity: 2 });
    const { rawBody, headers } = gateway.notification({
      reference: payment.reference,
      amountFen: 2400,
    });
    expect((await notify(rawBody, headers)).outcome).toBe('late_paid');
    const delivered = await withTenant(t.db, shop.tenantId, (trx) =>
      deliverOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
    );
    expect(delivered).toMatchObject({ outcome: 'delivered', codesSold: 2 });
    const stock = await t.owner
      .selectFrom('sku_stock')
      .select(['available', 'reserved', 'sold'])
      .where('sku_id', '=', shop.skuId)
      .executeTakeFirstOrThrow();
    expect(stock).toEqual({ available: 0, reserved: 0, sold: 2 });
  });

  test('paid after it expired and the codes sold out: refunded to the buyer balance', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const customerId = randomUUID();
    const { order, payment } = await expired(shop, { customerId });
    await buildOrder(t.db, shop); // someone else takes the last code
    const { rawBody, headers } = gateway.notification({
      reference: payment.reference,
      amountFen: 1200,
    });
    expect((await notify(rawBody, headers)).outcome).toBe('late_refunded');
    expect(await snapshot(t.owner, order.id)).toMatchObject({
      order: { status: 'refunded', refunded_fen: 1200 },
      payments: [{ status: 'refunded' }],
      entries: 1,
      deliveryJobs: 0,
    });
    expect(await orderLines(t.owner, order.id)).toEqual([
      ['payment_to_balance', 'gateway_clearing', 1200],
      ['payment_to_balance', 'customer_balance', -1200],
    ]);
    const balance = await withTenant(t.db, shop.tenantId, (trx) =>
      owedOn(trx, { kind: 'customer_balance', tenantId: shop.tenantId, customerId }),
    );
    expect(balance).toBe(1200);
    // Nothing was reserved for it.
    const held = await t.owner
      .selectFrom('code_allocations')
      .select('code_id')
      .where('order_id', '=', order.id)
      .execute();
    expect(held).toEqual([]);
  });

  test('a guest paid late with no stock: refunded through the gateway by the payout job', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const { order, payment } = await expired(shop, {
      customerId: null,
      contactEmail: 'late@example.com',
      lookupPassword: 'secret1',
    });
    await buildOrder(t.db, shop);
    const { rawBody, headers } = gateway.notification({
      reference: payment.reference,
      amountFen: 1200,
    });
    expect((await notify(rawBody, headers)).outcome).toBe('late_refunded');
    const job = await t.owner
      .selectFrom('outbox')
      .select('id')
      .where('name', '=', refundPayoutJob.name)
      .where(sql<boolean>`payload->>'tenantId' = ${shop.tenantId}`)
      .executeTakeFirstOrThrow();
    for (let run = 0; run < 2; run++) {
      await sql`update outbox set completed_at = null where id = ${job.id}`.execute(t.owner);
      await runOutboxJob(
        refundPayoutJob,
        { id: job.id, attempt: 1, finalAttempt: false },
        { db: t.db, logger: silent },
      );
    }
    expect(await orderLines(t.owner, order.id)).toEqual([
      ['payment_to_refund', 'gateway_clearing', 1200],
      ['payment_to_refund', 'refunds_payable', -1200],
      ['refund_payout', 'refunds_payable', 1200],
      ['refund_payout', 'gateway_clearing', -1200],
    ]);
    expect(await snapshot(t.owner, order.id)).toMatchObject({
      order: { status: 'refunded' },
      payments: [{ status: 'refunded' }],
    });
    const refund = await t.owner
      .selectFrom('refunds')
      .select(['status', 'destination', 'provider_refund_id'])
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(refund).toMatchObject({ status: 'succeeded', destination: 'original_payment' });
    expect(refund.provider_refund_id).toMatch(/^tr_/);
  });

  test('a second payment of an order already paid is refunded, the first stands', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const customerId = randomUUID();
    const { order } = await buildOrder(t.db, shop, { customerId });
    const first = await pay(shop, order.id);
    // The buyer opened a second payment (another provider tab) before the first confirmed.
    const secondId = await t.owner
      .insertInto('payments')
      .values({ tenant_id: shop.tenantId, order_id: order.id, provider: 'test', amount_fen: 1200 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const secondRef = `${shop.tenantId.replace(/-/g, '')}${secondId.id.replace(/-/g, '')}`;
    const a = gateway.notification({ reference: first.reference, amountFen: 1200 });
    const b = gateway.notification({ reference: secondRef, amountFen: 1200 });
    expect((await notify(a.rawBody, a.headers)).outcome).toBe('paid');
    expect((await notify(b.rawBody, b.headers)).outcome).toBe('duplicate_refunded');
    const after = await snapshot(t.owner, order.id);
    expect(after.order.status).toBe('paid');
    expect(after.payments.map((p) => p.status).sort()).toEqual(['refunded', 'succeeded']);
    expect(after.deliveryJobs).toBe(1);
    expect(await ledgerTotal(t.owner)).toBe(0);
  });
});
