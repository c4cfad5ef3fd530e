import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listen, type RunningServer } from '@cardshop/api';
import { listDevInbox, startPayment, withTenant } from '@cardshop/domain';
import {
  buildOrder,
  buildShopSku,
  buildTenant,
  useTestRuntime,
  uniquePhone,
  type ShopSku,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

// The storefront listens on a real port here: the test gateway's notification job POSTs to its
// webhook over HTTP, as it does in production (TEST_GATEWAY_NOTIFY_URL).
const port = await new Promise<number>((resolve) => {
  const probe = createServer();
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => resolve(port));
  });
});
const t = useTestRuntime({
  STOREFRONT_PORT: String(port),
  TEST_GATEWAY_NOTIFY_URL: `http://127.0.0.1:${port}/webhooks/payments/test`,
});
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let server: RunningServer;
let shop: ShopSku & { name: string; slug: string };
let rival: { id: string; slug: string };

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  server = await listen(app, port, '127.0.0.1');
  await t.runtime.startWorker();
  const tenant = await buildTenant(t.db, { name: '星光卡铺' });
  shop = {
    ...(await buildShopSku(t.db, { tenantId: tenant.id, codes: 10, vault: t.runtime.vault })),
    name: tenant.name,
    slug: tenant.slug,
  };
  rival = await buildTenant(t.db, { name: '月光卡铺' });
});
afterAll(async () => {
  await server?.close();
});

const hostOf = (s: { slug: string }) => `${s.slug}.localhost:${port}`;

function get(path: string, host = hostOf(shop)) {
  return app.request(`http://${host}${path}`, { headers: { host }, redirect: 'manual' });
}

function choose(path: string, outcome: string, host = hostOf(shop)) {
  return app.request(`http://${host}${path}`, {
    method: 'POST',
    headers: {
      host,
      origin: `http://${host}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ outcome }).toString(),
    redirect: 'manual',
  });
}

/** The page's visible text, roughly. */
const text = (page: string) =>
  page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function pendingOrder(contactEmail?: string) {
  const { order } = await buildOrder(t.db, shop, {
    customerId: null,
    contactPhone: uniquePhone(),
    ...(contactEmail ? { contactEmail } : {}),
    lookupPassword: 'lookup-2026',
  });
  const payment = await withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, {
      tenantId: shop.tenantId,
      orderId: order.id,
      provider: 'test',
    }),
  );
  expect(payment.payUrl).toBe(`/pay/test/${payment.reference}`);
  return { order, payment, path: payment.payUrl };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const orderStatus = (orderId: string) =>
  t.owner
    .selectFrom('orders')
    .select('status')
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow()
    .then((o) => o.status);

describe('the test gateway’s pay page', () => {
  test('shows a pending order as a cashier: the shop, subject, amount, time left and two choices', async () => {
    const { order, path } = await pendingOrder();
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = text(await res.text());
    expect(page).toContain('测试支付收银台');
    expect(page).toContain('测试网关');
    expect(page).toContain('不会真实扣款');
    expect(page).toContain('星光卡铺');
    expect(page).toContain('王者荣耀点券 面值 10 元');
    expect(page).toContain(order.number);
    expect(page).toContain('¥12.00');
    expect(page).toMatch(/请在 \d\d:\d\d 内完成支付/);
    expect(page).toContain('模拟支付成功');
    expect(page).toContain('模拟支付失败');
  });

  test('a tampered reference, or the reference on another shop’s host, is 404 and records nothing', async () => {
    const { path, payment } = await pendingOrder();
    const last = path.at(-1) === '0' ? '1' : '0';
    const tampered = `${path.slice(0, -1)}${last}`;
    for (const [p, host] of [
      [tampered, hostOf(shop)],
      ['/pay/test/xyz', hostOf(shop)],
      [path, hostOf(rival)],
    ] as const) {
      const res = await get(p, host);
      expect(res.status, `${p} on ${host}`).toBe(404);
      expect(text(await res.text())).toContain('找不到这笔支付');
      expect((await choose(p, 'succeeded', host)).status).toBe(404);
    }
    const charges = await t.owner
      .selectFrom('test_gateway_charges')
      .select('id')
      .where('payment_id', '=', payment.paymentId)
      .execute();
    expect(charges).toEqual([]);
  });

  test('paying sends the buyer to the order at once; the worker then confirms and delivers it, codes mailed', async () => {
    const email = `buyer-${Date.now()}@example.com`;
    const { order, path } = await pendingOrder(email);
    const res = await choose(path, 'succeeded');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/orders/${order.id}`);

    expect(
      await until(
        () => orderStatus(order.id),
        (s) => s === 'delivered',
      ),
    ).toBe('delivered');
    const mails = await until(
      () => listDevInbox(t.runtime.env.DATA_DIR, { to: email }),
      (m) => m.length > 0,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`【星光卡铺】订单 ${order.number} 的卡密已发货`);
    expect(mails[0]!.text).toContain(`http://${shop.slug}.localhost:${port}/orders/${order.id}`);

    // Back on the pay page (the browser's back button): paid, no buttons.
    const again = text(await (await get(path)).text());
    expect(again).toContain('已支付');
    expect(again).not.toContain('模拟支付成功');
  });

  test('failing sends the buyer back to the order with the failure, and the payment is marked failed', async () => {
    const { order, path, payment } = await pendingOrder();
    const res = await choose(path, 'failed');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/orders/${order.id}?pay=failed`);
    const status = await until(
      () =>
        t.owner
          .selectFrom('payments')
          .select('status')
          .where('id', '=', payment.paymentId)
          .executeTakeFirstOrThrow()
          .then((p) => p.status),
      (s) => s === 'failed',
    );
    expect(status).toBe('failed');
    expect(await orderStatus(order.id)).toBe('pending_payment');
    const page = text(await (await get(path)).text());
    expect(page).toContain('上一次支付未成功，可以再试一次。');
    expect(page).toContain('模拟支付成功');
  });

  test('an expired order shows that it is closed instead of the buttons, and a choice is refused', async () => {
    const { order, path } = await pendingOrder();
    await t.owner
      .updateTable('orders')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', order.id)
      .execute();
    const page = text(await (await get(path)).text());
    expect(page).toContain('订单已关闭');
    expect(page).not.toContain('模拟支付成功');
    const res = await choose(path, 'succeeded');
    expect(res.status).toBe(409);
    expect(text(await res.text())).toContain('订单已超时关闭，请回到商户重新下单');
  });
});
