import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createTestGateway,
  encodePaymentReference,
  signTestGatewayBody,
  startPayment,
  TEST_GATEWAY_SIGNATURE_HEADER,
  withTenant,
} from '@cardshop/domain';
import { buildOrder, buildShopSku, useTestRuntime, type ShopSku } from '@cardshop/domain/testing';
import { createAppServer, listen, type RunningServer } from './server.js';

// The webhook over real HTTP, mounted by the app server in front of a built Remix app (the
// storefront's, which `npm run build` makes before the tests run).
const buildDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../apps/storefront/build',
);
const t = useTestRuntime();
let server: RunningServer;
let url: string;

beforeAll(async () => {
  const app = await createAppServer({
    runtime: t.runtime,
    buildDir,
    getLoadContext: () => ({}),
  });
  server = await listen(app, 0, '127.0.0.1');
  url = `http://127.0.0.1:${server.port}/webhooks/payments/test`;
  await t.runtime.startWorker();
});
afterAll(async () => {
  await server?.close();
});

const gateway = () => createTestGateway({ secret: t.runtime.env.APP_SECRET });

async function pendingPayment(s: ShopSku, quantity = 1) {
  const { order } = await buildOrder(t.db, s, { quantity });
  const payment = await withTenant(t.db, s.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, {
      tenantId: s.tenantId,
      orderId: order.id,
      provider: 'test',
    }),
  );
  return { order, payment };
}

function post(body: string, headers: Record<string, string>, to = url) {
  return fetch(to, {
    method: 'POST',
    // A gateway is a third party: another origin, no cookies. The CSRF guard must not stop it.
    headers: { 'content-type': 'application/json', origin: 'https://gateway.example', ...headers },
    body,
  });
}

async function snapshot(owner: typeof t.owner, orderId: string) {
  const order = await owner
    .selectFrom('orders')
    .select(['status', 'platform_fee_fen'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  const payments = await owner
    .selectFrom('payments')
    .select(['status'])
    .where('order_id', '=', orderId)
    .execute();
  const notifications = await owner
    .selectFrom('payment_notifications as n')
    .innerJoin('payments as p', 'p.id', 'n.payment_id')
    .select('n.id')
    .where('p.order_id', '=', orderId)
    .execute();
  const entries = await owner
    .selectFrom('ledger_entries')
    .select('id')
    .where('order_id', '=', orderId)
    .execute();
  const jobs = await owner
    .selectFrom('outbox')
    .select('payload')
    .where('name', '=', 'delivery.deliver-order')
    .execute();
  const sold = await owner
    .selectFrom('code_allocations')
    .select('code_id')
    .where('order_id', '=', orderId)
    .where('state', '=', 'sold')
    .execute();
  return {
    status: order.status,
    payments: payments.map((p) => p.status),
    notifications: notifications.length,
    entries: entries.length,
    deliveryJobs: jobs.filter((j) => (j.payload as { orderId?: string }).orderId === orderId)
      .length,
    codesSold: sold.length,
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('POST /webhooks/payments/:provider', () => {
  test('a signed notification is acknowledged, the order is paid, then delivered by the worker', async () => {
    const s = await buildShopSku(t.db, { codes: 3, vault: t.runtime.vault });
    const { order, payment } = await pendingPayment(s, 2);
    const { rawBody, headers } = gateway().notification({
      reference: payment.reference,
      amountFen: order.totalFen,
    });
    const res = await post(rawBody, headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('success');
    expect(await snapshot(t.owner, order.id)).toMatchObject({
      status: 'paid',
      payments: ['succeeded'],
      notifications: 1,
      entries: 1,
      deliveryJobs: 1,
    });
    const delivered = await until(
      () => snapshot(t.owner, order.id),
      (x) => x.status === 'delivered',
    );
    expect(delivered).toMatchObject({ status: 'delivered', codesSold: 2 });
  });

  test('the same notification replayed five times (at once) delivers once', async () => {
    const s = await buildShopSku(t.db, { codes: 3, vault: t.runtime.vault });
    const { order, payment } = await pendingPayment(s);
    const { rawBody, headers } = gateway().notification({
      reference: payment.reference,
      amountFen: order.totalFen,
    });
    const answers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const res = await post(rawBody, headers);
        return [res.status, await res.text()];
      }),
    );
    expect(answers).toEqual(Array.from({ length: 5 }, () => [200, 'success']));
    const after = await until(
      () => snapshot(t.owner, order.id),
      (x) => x.status === 'delivered',
    );
    expect(after).toEqual({
      status: 'delivered',
      payments: ['succeeded'],
      notifications: 1,
      entries: 1,
      deliveryJobs: 1,
      codesSold: 1,
    });
  });

  test('a bad signature is 401 in the API error shape and changes nothing', async () => {
    const s = await buildShopSku(t.db, { codes: 1, vault: t.runtime.vault });
    const { order, payment } = await pendingPayment(s);
    const before = await snapshot(t.owner, order.id);
    const { rawBody, headers } = gateway().notification({
      reference: payment.reference,
      amountFen: order.totalFen,
    });
    const forged = rawBody.replace(`"amount_fen":${order.totalFen}`, '"amount_fen":1');
    for (const [body, sent] of [
      [forged, headers],
      [rawBody, { [TEST_GATEWAY_SIGNATURE_HEADER]: 'f'.repeat(64) }],
      [rawBody, {}],
    ] as const) {
      const res = await post(body, sent);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: {
          code: 'payment_signature_invalid',
          message: '支付通知签名无效',
          doc_url: '/docs/api/errors#payment_signature_invalid',
        },
      });
    }
    expect(await snapshot(t.owner, order.id)).toEqual(before);
  });

  test('a notification for the wrong amount is recorded and acknowledged, and the order stays unpaid', async () => {
    const s = await buildShopSku(t.db, { codes: 1, vault: t.runtime.vault });
    const { order, payment } = await pendingPayment(s);
    const { rawBody, headers } = gateway().notification({
      reference: payment.reference,
      amountFen: order.totalFen - 1,
    });
    const res = await post(rawBody, headers);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    expect(await snapshot(t.owner, order.id)).toMatchObject({
      status: 'pending_payment',
      payments: ['pending'],
      notifications: 1,
      entries: 0,
      deliveryJobs: 0,
    });
    const recorded = await t.owner
      .selectFrom('payment_notifications')
      .select(['outcome', 'amount_fen'])
      .where('payment_id', '=', payment.paymentId)
      .executeTakeFirstOrThrow();
    expect(recorded).toEqual({ outcome: 'amount_mismatch', amount_fen: order.totalFen - 1 });
  });

  test('malformed is 400, an unknown payment or provider 404, all in the API error shape', async () => {
    const s = await buildShopSku(t.db, { codes: 1, vault: t.runtime.vault });
    const { order, payment } = await pendingPayment(s);
    const before = await snapshot(t.owner, order.id);
    const secret = t.runtime.env.APP_SECRET;

    const malformed = JSON.stringify({ event_id: 'evt_1', reference: payment.reference });
    const bad = await post(malformed, {
      [TEST_GATEWAY_SIGNATURE_HEADER]: signTestGatewayBody(secret, malformed),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'payment_notification_malformed' } });

    const unknown = gateway().notification({
      reference: encodePaymentReference(s.tenantId, crypto.randomUUID()),
      amountFen: order.totalFen,
    });
    const missing = await post(unknown.rawBody, unknown.headers);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: { code: 'payment_not_found', message: '找不到这笔支付' },
    });

    const good = gateway().notification({
      reference: payment.reference,
      amountFen: order.totalFen,
    });
    const other = await post(good.rawBody, good.headers, url.replace(/test$/, 'alipay'));
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'payment_unknown_provider' } });

    const get = await fetch(url);
    expect(get.status).toBe(404);
    expect(await get.json()).toMatchObject({ error: { code: 'not_found' } });

    expect(await snapshot(t.owner, order.id)).toEqual(before);
  });
});
