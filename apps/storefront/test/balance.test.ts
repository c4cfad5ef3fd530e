import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listen, type RunningServer } from '@cardshop/api';
import { owedOn, withTenant } from '@cardshop/domain';
import {
  buildCustomer,
  buildTenant,
  CUSTOMER_PASSWORD,
  uniqueIp,
  useTestRuntime,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

// The storefront listens on a real port: after the buyer pays on the test gateway's page, the
// gateway's notification job POSTs to the shop's webhook over HTTP, as it does in production.
const port = await new Promise<number>((resolve) => {
  const probe = createServer();
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => resolve(port));
  });
});
const t = useTestRuntime({
  TRUST_PROXY: 'true',
  STOREFRONT_PORT: String(port),
  TEST_GATEWAY_NOTIFY_URL: `http://127.0.0.1:${port}/webhooks/payments/test`,
});
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let server: RunningServer;
let shop: { id: string; slug: string; name: string };

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  server = await listen(app, port, '127.0.0.1');
  await t.runtime.startWorker();
  shop = await buildTenant(t.db, { name: '星光卡铺' });
});
afterAll(async () => {
  await server?.close();
});

interface Client {
  host: string;
  ip: string;
  cookie: string | null;
}

function headers(c: Client, extra: Record<string, string> = {}) {
  return {
    host: c.host,
    'x-forwarded-for': c.ip,
    'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148',
    ...(c.cookie ? { cookie: c.cookie } : {}),
    ...extra,
  };
}

function get(c: Client, path: string) {
  return app.request(`http://${c.host}${path}`, { headers: headers(c), redirect: 'manual' });
}

async function post(c: Client, path: string, form: Record<string, string>) {
  const res = await app.request(`http://${c.host}${path}`, {
    method: 'POST',
    headers: headers(c, {
      origin: `http://${c.host}`,
      'content-type': 'application/x-www-form-urlencoded',
    }),
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  const set = res.headers.getSetCookie().find((h) => h.startsWith('cs_customer='));
  if (set) c.cookie = set.split(';')[0]!;
  return res;
}

/** The page's visible text, roughly. */
const visible = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function signedIn() {
  const customer = await buildCustomer(t.db, shop.id);
  const c: Client = { host: `${shop.slug}.localhost:${port}`, ip: uniqueIp(), cookie: null };
  const res = await post(c, '/login', {
    intent: 'password',
    identifier: customer.phone!,
    password: CUSTOMER_PASSWORD,
  });
  expect(res.status).toBe(302);
  expect(c.cookie).not.toBeNull();
  return { c, customer };
}

const topupsOf = (customerId: string) =>
  t.owner
    .selectFrom('balance_topups')
    .select(['id', 'amount_fen', 'status'])
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .execute();

const balanceOf = (customerId: string) =>
  withTenant(t.db, shop.id, (trx) =>
    owedOn(trx, { kind: 'customer_balance', tenantId: shop.id, customerId }),
  );

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the balance page (/account/balance)', () => {
  test('signed out, the page and the top-up form send the buyer to sign in and back', async () => {
    const c: Client = { host: `${shop.slug}.localhost:${port}`, ip: uniqueIp(), cookie: null };
    const page = await get(c, '/account/balance');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?redirectTo=%2Faccount%2Fbalance');
    const start = await post(c, '/account/balance', { preset: '50', provider: 'test' });
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
  });

  test('signed in, the buyer sees their balance, the amounts to pick, the gateway and an empty history', async () => {
    const { c } = await signedIn();
    const res = await get(c, '/account/balance');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    const page = visible(html);
    expect(page).toContain('可用余额');
    expect(page).toContain('¥0.00');
    for (const yuan of ['10 元', '50 元', '100 元', '200 元']) expect(page).toContain(yuan);
    expect(page).toContain('其他金额');
    expect(page).toContain('测试支付');
    expect(page).toContain('单笔 1 ~ 5000 元');
    expect(page).toContain('还没有余额变动');
    expect(html).toContain('href="/account/balance"');

    const en = visible(await (await get(c, '/account/balance?lang=en')).text());
    expect(en).toContain('Available balance');
    expect(en).toContain('Balance history');
  });

  test('a preset or a typed amount starts a top-up and sends the buyer to the gateway’s pay page', async () => {
    const { c, customer } = await signedIn();
    const preset = await post(c, '/account/balance', {
      preset: '50',
      custom: '',
      provider: 'test',
    });
    expect(preset.status).toBe(302);
    expect(preset.headers.get('location')).toMatch(/^\/pay\/test\/[0-9a-f]{64}$/);

    // A typed amount wins over the preset left checked (no JavaScript).
    const typed = await post(c, '/account/balance', {
      preset: '50',
      custom: '88.8',
      provider: 'test',
    });
    expect(typed.status).toBe(302);
    const payPage = await get(c, typed.headers.get('location')!);
    expect(payPage.status).toBe(200);
    const cashier = visible(await payPage.text());
    expect(cashier).toContain('¥88.80');
    expect(cashier).toContain('账户余额充值');

    expect((await topupsOf(customer.id)).map((r) => [r.amount_fen, r.status])).toEqual([
      [5000, 'pending'],
      [8880, 'pending'],
    ]);
    // The page reports on the latest and offers to pay the other.
    const page = visible(await (await get(c, '/account/balance')).text());
    expect(page).toContain('等待支付结果');
    expect(page).toContain('充值 ¥88.80 还没有收到付款');
    expect(page).toContain('其他待支付的充值');
  });

  test('bad amounts and gateways are refused on the form with a clear message, and nothing is started', async () => {
    const { c, customer } = await signedIn();
    const cases: Array<[Record<string, string>, string]> = [
      [{ preset: 'custom', custom: '' }, '请填写充值金额'],
      [{ preset: 'custom', custom: '0.5' }, '充值金额应在 1 元到 5000 元之间'],
      [{ preset: '50', custom: '5000.01' }, '充值金额应在 1 元到 5000 元之间'],
      [{ preset: 'custom', custom: '12.345' }, '充值金额最多保留两位小数（精确到分）'],
      [{ preset: 'custom', custom: '-20' }, '充值金额不能为负数'],
      [{ preset: 'custom', custom: '1e3' }, '充值金额应为数字，例如 50 或 12.50'],
      [{ preset: '' }, '请填写充值金额'],
    ];
    for (const [form, message] of cases) {
      const res = await post(c, '/account/balance', { provider: 'test', ...form });
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect(visible(await res.text())).toContain(message);
    }
    const gateway = await post(c, '/account/balance', { preset: '50', provider: 'alipay' });
    expect(gateway.status).toBe(422);
    expect(visible(await gateway.text())).toContain('不支持这种支付方式，请选择其他方式');
    expect(await topupsOf(customer.id)).toEqual([]);
  });

  test('after paying on the gateway the buyer is back on the page and sees the money credited', async () => {
    const { c, customer } = await signedIn();
    const start = await post(c, '/account/balance', { preset: '100', provider: 'test' });
    const payPath = start.headers.get('location')!;
    expect(payPath).toMatch(/^\/pay\/test\//);

    const paid = await post(c, payPath, { outcome: 'succeeded' });
    expect(paid.status).toBe(302);
    expect(paid.headers.get('location')).toMatch(/^\/account\/balance(\?|$)/);

    expect(
      await until(
        () => balanceOf(customer.id),
        (b) => b === 10000,
      ),
    ).toBe(10000);
    const page = visible(await (await get(c, paid.headers.get('location')!)).text());
    expect(page).toContain('充值成功');
    expect(page).toContain('¥100.00 已到账');
    expect(page).toContain('余额充值（测试支付）');
    expect(page).toContain('+¥100.00');
    expect(page).toContain('余额 ¥100.00');
    expect((await topupsOf(customer.id)).map((r) => r.status)).toEqual(['succeeded']);

    // The gateway retrying its notification changes nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(await balanceOf(customer.id)).toBe(10000);
  });

  test('a failed payment brings the buyer back with the failure and an unchanged balance', async () => {
    const { c, customer } = await signedIn();
    const start = await post(c, '/account/balance', { preset: '10', provider: 'test' });
    const failed = await post(c, start.headers.get('location')!, { outcome: 'failed' });
    expect(failed.status).toBe(302);
    const back = failed.headers.get('location')!;
    expect(back).toMatch(/^\/account\/balance\?/);
    const page = visible(await (await get(c, back)).text());
    expect(page).toContain('支付没有完成，余额没有变动');
    expect(await balanceOf(customer.id)).toBe(0);
  });
});
