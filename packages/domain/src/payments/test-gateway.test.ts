import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withTenant } from '@cardshop/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import { buildOrder, buildShopSku, useTestRuntime, type ShopSku } from '../testing/index.js';
import { handlePaymentNotification } from './handle-payment-notification.js';
import { encodePaymentReference } from './reference.js';
import { startPayment } from './start-payment.js';
import { chooseTestGatewayOutcome, getTestGatewayCheckout } from './test-gateway-checkout.js';
import { TEST_GATEWAY_SIGNATURE_HEADER } from './test-gateway.js';

// The shop's webhook as the gateway sees it: a local HTTP server that refuses the first
// `refuse` notifications (503), then hands them to the real handler and acknowledges.
const received: Array<{ body: Record<string, unknown>; signature: string | undefined }> = [];
let refuse = 0;
const webhook = createServer((req, res) => {
  void (async () => {
    const rawBody = await readBody(req);
    received.push({
      body: JSON.parse(rawBody) as Record<string, unknown>,
      signature: req.headers[TEST_GATEWAY_SIGNATURE_HEADER] as string | undefined,
    });
    if (refuse > 0) {
      refuse--;
      res.writeHead(503).end('busy');
      return;
    }
    const result = await handlePaymentNotification(
      t.db,
      { providers: t.runtime.payments },
      { provider: 'test', rawBody, headers: req.headers },
    );
    res.writeHead(200, { 'content-type': 'text/plain' }).end(result.acknowledgement);
  })().catch((error: unknown) => res.writeHead(500).end(String(error)));
});
await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
const port = (webhook.address() as AddressInfo).port;

const t = useTestRuntime({
  TEST_GATEWAY_NOTIFY_URL: `http://127.0.0.1:${port}/webhooks/payments/test`,
});

beforeAll(async () => {
  await t.runtime.startWorker();
});
afterAll(async () => {
  await new Promise((resolve) => webhook.close(resolve));
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function pendingPayment(s: ShopSku) {
  const { order } = await buildOrder(t.db, s);
  const payment = await withTenant(t.db, s.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, {
      tenantId: s.tenantId,
      orderId: order.id,
      provider: 'test',
    }),
  );
  return { order, payment };
}

function choose(s: ShopSku, reference: string, outcome: 'succeeded' | 'failed') {
  return withTenant(t.db, s.tenantId, async (trx) =>
    chooseTestGatewayOutcome(trx, { tenantId: s.tenantId, reference, outcome }),
  ).finally(() => t.runtime.kickOutbox());
}

function checkout(tenantId: string, reference: string) {
  return withTenant(t.db, tenantId, (trx) => getTestGatewayCheckout(trx, { tenantId, reference }));
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the test gateway', () => {
  test('its pay page reads the payment of this shop: subject, amount, deadline, payable', async () => {
    const s = await buildShopSku(t.db, { codes: 2, priceFen: 1250 });
    const { order, payment } = await pendingPayment(s);
    expect(await checkout(s.tenantId, payment.reference)).toMatchObject({
      purpose: 'order',
      orderId: order.id,
      orderNumber: order.number,
      subject: '王者荣耀点券 面值 10 元',
      amountFen: 1250,
      currency: 'CNY',
      expiresAt: order.expiresAt,
      state: 'payable',
      failedAt: null,
    });
  });

  test('a tampered reference, another shop’s or an upper-cased one is not found', async () => {
    const s = await buildShopSku(t.db, { codes: 1 });
    const other = await buildShopSku(t.db, { codes: 1 });
    const { payment } = await pendingPayment(s);
    const last = payment.reference.at(-1) === '0' ? '1' : '0';
    for (const [tenantId, reference] of [
      [s.tenantId, `${payment.reference.slice(0, -1)}${last}`],
      [s.tenantId, payment.reference.toUpperCase()],
      [s.tenantId, 'not-a-reference'],
      [other.tenantId, payment.reference],
      [other.tenantId, encodePaymentReference(other.tenantId, payment.paymentId)],
    ] as const) {
      const error = await checkout(tenantId, reference).catch((e: unknown) => e);
      expect(isDomainError(error, 'PAYMENT_NOT_FOUND')).toBe(true);
      expect(error).toMatchObject({ status: 404 });
    }
  });

  test('paying sends the signed notification, retried with the same event id until acknowledged', async () => {
    const s = await buildShopSku(t.db, { codes: 1 });
    const { order, payment } = await pendingPayment(s);
    received.length = 0;
    refuse = 2;
    const chosen = await choose(s, payment.reference, 'succeeded');
    expect(chosen.checkout.state).toBe('processing');
    // A second click queues nothing new.
    expect((await choose(s, payment.reference, 'succeeded')).chargeId).toBeNull();

    const charge = await until(
      () =>
        t.owner
          .selectFrom('test_gateway_charges')
          .select(['event_id', 'transaction_id', 'acknowledged_at'])
          .where('id', '=', chosen.chargeId)
          .executeTakeFirstOrThrow(),
      (c) => c.acknowledged_at !== null,
    );
    expect(charge.acknowledged_at).toBeInstanceOf(Date);
    expect(received).toHaveLength(3);
    for (const r of received) {
      expect(r.body).toMatchObject({
        event_id: charge.event_id,
        transaction_id: charge.transaction_id,
        reference: payment.reference,
        amount_fen: order.totalFen,
        status: 'succeeded',
      });
      expect(r.signature).toMatch(/^[0-9a-f]{64}$/);
    }
    const job = await t.owner
      .selectFrom('outbox')
      .select(['attempts', 'completed_at', 'last_error'])
      .where('name', '=', 'payments.test-gateway-notify')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ attempts: 3, last_error: null });
    expect(job.completed_at).toBeInstanceOf(Date);

    const paid = await until(
      () => checkout(s.tenantId, payment.reference),
      (c) => c.state === 'paid',
    );
    expect(paid.state).toBe('paid');
    const status = await until(
      () =>
        t.owner
          .selectFrom('orders')
          .select('status')
          .where('id', '=', order.id)
          .executeTakeFirstOrThrow(),
      (o) => o.status === 'delivered',
    );
    expect(status.status).toBe('delivered');
  });

  test('failing records the failure; the buyer may still pay afterwards', async () => {
    const s = await buildShopSku(t.db, { codes: 1 });
    const { order, payment } = await pendingPayment(s);
    const failed = await choose(s, payment.reference, 'failed');
    expect(failed.checkout).toMatchObject({ state: 'payable', failedAt: expect.any(Date) });
    await until(
      () =>
        t.owner
          .selectFrom('payments')
          .select('status')
          .where('id', '=', payment.paymentId)
          .executeTakeFirstOrThrow(),
      (p) => p.status === 'failed',
    );
    const after = await checkout(s.tenantId, payment.reference);
    expect(after).toMatchObject({ state: 'payable', failedAt: expect.any(Date) });
    await choose(s, payment.reference, 'succeeded');
    const status = await until(
      () =>
        t.owner
          .selectFrom('orders')
          .select('status')
          .where('id', '=', order.id)
          .executeTakeFirstOrThrow(),
      (o) => o.status === 'delivered',
    );
    expect(status.status).toBe('delivered');
  });

  test('an expired order shows as closed and refuses a choice', async () => {
    const s = await buildShopSku(t.db, { codes: 1 });
    const { order, payment } = await pendingPayment(s);
    await t.owner
      .updateTable('orders')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', order.id)
      .execute();
    expect((await checkout(s.tenantId, payment.reference)).state).toBe('closed');
    const error = await choose(s, payment.reference, 'succeeded').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PAYMENT_ORDER_NOT_PAYABLE', status: 409 });
    const charges = await t.owner
      .selectFrom('test_gateway_charges')
      .select('id')
      .where('payment_id', '=', payment.paymentId)
      .execute();
    expect(charges).toEqual([]);
  });
});
