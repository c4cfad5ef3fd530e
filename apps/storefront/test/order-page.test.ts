import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  createTestGateway,
  deliverOrder,
  handlePaymentNotification,
  startPayment,
  withTenant,
} from '@cardshop/domain';
import {
  buildCustomer,
  buildOrder,
  buildShopSku,
  buildTenant,
  CUSTOMER_PASSWORD,
  readDevCode,
  uniqueIp,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

const t = useTestRuntime({ TRUST_PROXY: 'true' });
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shopA: { id: string; slug: string; name: string };
let shopB: { id: string; slug: string; name: string };
let cards: ShopSku;
const hostOf = (shop: { slug: string }) => `${shop.slug}.localhost:3000`;
const UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 MicroMessenger/8.0';
const LOOKUP_PASSWORD = 'chadan-2026';

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shopA = await buildTenant(t.db, { name: '星光卡铺' });
  shopB = await buildTenant(t.db, { name: '月光卡铺' });
  cards = await buildShopSku(t.db, { tenantId: shopA.id, codes: 60, vault: t.runtime.vault });
});

/** A browser: its shop host, its address and its cookies. */
interface Client {
  host: string;
  ip: string;
  cookies: Map<string, string>;
}
const client = (shop = shopA): Client => ({
  host: hostOf(shop),
  ip: uniqueIp(),
  cookies: new Map(),
});

function headers(c: Client, extra: Record<string, string> = {}) {
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    host: c.host,
    'x-forwarded-for': c.ip,
    'user-agent': UA,
    ...(cookie ? { cookie } : {}),
    ...extra,
  };
}

function keepCookies(c: Client, res: Response) {
  for (const set of res.headers.getSetCookie()) {
    const [pair] = set.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    if (value === '' || /Max-Age=0/.test(set)) c.cookies.delete(name);
    else c.cookies.set(name, value);
  }
  return res;
}

async function get(c: Client, path: string) {
  const res = await app.request(`http://${c.host}${path}`, {
    headers: headers(c),
    redirect: 'manual',
  });
  return keepCookies(c, res);
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
  return keepCookies(c, res);
}

const gateway = () => createTestGateway({ secret: t.runtime.env.APP_SECRET });

async function pay(tenantId: string, orderId: string, amountFen: number) {
  const payment = await withTenant(t.db, tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, { tenantId, orderId, provider: 'test' }),
  );
  const { rawBody, headers: h } = gateway().notification({
    reference: payment.reference,
    amountFen,
  });
  const result = await handlePaymentNotification(
    t.db,
    { providers: t.runtime.payments },
    { provider: 'test', rawBody, headers: h },
  );
  expect(result.outcome).toBe('paid');
}

function deliver(tenantId: string, orderId: string) {
  return withTenant(t.db, tenantId, (trx) => deliverOrder(trx, { tenantId, orderId }));
}

/** A guest's order of card codes: paid and delivered unless told otherwise. */
async function guestOrder(
  options: { quantity?: number; email?: string; paid?: boolean; delivered?: boolean } = {},
) {
  const { order } = await buildOrder(t.db, cards, {
    customerId: null,
    contactEmail: options.email ?? `guest-${randomUUID().slice(0, 8)}@example.com`,
    lookupPassword: LOOKUP_PASSWORD,
    quantity: options.quantity ?? 2,
  });
  if (options.paid !== false) await pay(cards.tenantId, order.id, order.totalFen);
  if (options.paid !== false && options.delivered !== false) {
    await deliver(cards.tenantId, order.id);
  }
  return order;
}

async function codesOf(orderId: string): Promise<string[]> {
  const rows = await t.owner
    .selectFrom('code_allocations')
    .select('code_id')
    .where('order_id', '=', orderId)
    .execute();
  // The plain codes of the order, through the same vault the server uses.
  const sealed = await t.owner
    .selectFrom('card_codes')
    .select(['key_id', 'sealed'])
    .where(
      'id',
      'in',
      rows.map((r) => r.code_id),
    )
    .execute();
  return sealed.map((s) => t.runtime.vault.unseal({ keyId: s.key_id, sealed: s.sealed }).code);
}

/** A browser that found the order through 查单 with its number and password. */
async function browserWithAccess(order: { id: string; number: string }) {
  const c = client();
  const res = await post(c, '/orders/lookup', {
    intent: 'password',
    orderNumber: order.number,
    password: LOOKUP_PASSWORD,
  });
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe(`/orders/${order.id}`);
  expect(c.cookies.has('cs_orders')).toBe(true);
  return c;
}

const revealsOf = (orderId: string) =>
  t.owner
    .selectFrom('code_reveals')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('revealed_at')
    .execute();

describe('order page', () => {
  test('a delivered order shows its codes masked, never in plain text, until 显示卡密', async () => {
    const order = await guestOrder();
    const codes = await codesOf(order.id);
    expect(codes).toHaveLength(2);
    const c = await browserWithAccess(order);
    const res = await get(c, `/orders/${order.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    expect(html).toContain(order.number);
    expect(html).toContain('已完成');
    expect(html).toContain('显示卡密');
    expect(html).toContain('下载 TXT');
    for (const code of codes) {
      expect(html).not.toContain(code);
      expect(html).toContain(`${code.slice(0, 2)}********${code.slice(-2)}`);
    }
    expect(await revealsOf(order.id)).toEqual([]);
  });

  test('显示卡密 records the address, browser and session, then shows every code with copy buttons', async () => {
    const order = await guestOrder({ quantity: 3 });
    const codes = await codesOf(order.id);
    const c = await browserWithAccess(order);
    const browserId = decodeURIComponent(c.cookies.get('cs_orders')!).split('.')[0];

    const res = await post(c, `/orders/${order.id}`, { intent: 'reveal' });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const code of codes) expect(html).toContain(code);
    expect(html).toContain('复制全部');

    const one = (await revealsOf(order.id))[0]!;
    expect(one).toMatchObject({
      tenant_id: shopA.id,
      scope: 'all',
      code_id: null,
      via: 'page',
      ip: c.ip,
      user_agent: UA,
      customer_id: null,
      customer_session_id: null,
      browser_id: browserId,
    });

    // Showing one code records that code.
    const [allocation] = await t.owner
      .selectFrom('code_allocations')
      .select('code_id')
      .where('order_id', '=', order.id)
      .execute();
    await post(c, `/orders/${order.id}`, { intent: 'reveal', codeId: allocation!.code_id });
    const reveals = await revealsOf(order.id);
    expect(reveals).toHaveLength(2);
    expect(reveals[1]).toMatchObject({ scope: 'code', code_id: allocation!.code_id });
  });

  test('a signed-in buyer opens their own order without a cookie, and the reveal names their session', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const c = client();
    await post(c, '/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
    });
    expect(c.cookies.has('cs_customer')).toBe(true);
    const { order } = await buildOrder(t.db, cards, { customerId: customer.id });
    await pay(cards.tenantId, order.id, order.totalFen);
    await deliver(cards.tenantId, order.id);

    expect((await get(c, `/orders/${order.id}`)).status).toBe(200);
    await post(c, `/orders/${order.id}`, { intent: 'reveal' });
    const session = await t.owner
      .selectFrom('customer_sessions')
      .select('id')
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect((await revealsOf(order.id))[0]).toMatchObject({
      customer_id: customer.id,
      customer_session_id: session.id,
      browser_id: null,
    });
  });

  test('下载 TXT is a UTF-8 file with a BOM holding every code, and is recorded as a reveal', async () => {
    const order = await guestOrder({ quantity: 2 });
    const codes = await codesOf(order.id);
    const c = await browserWithAccess(order);
    const res = await get(c, `/orders/${order.id}/codes.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="order-${order.number}-codes.txt"; filename*=UTF-8''${encodeURIComponent(`订单${order.number}卡密.txt`)}`,
    );
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = bytes.subarray(3).toString('utf8');
    expect(body).toContain(`星光卡铺 · 订单 ${order.number} 的卡密`);
    expect(body).toContain('王者荣耀点券 · 面值 10 元');
    for (const code of codes) expect(body).toContain(`\r\n${code}\r\n`);
    expect(await revealsOf(order.id)).toMatchObject([{ via: 'txt', scope: 'all', ip: c.ip }]);
  });

  test('another browser, and the same cookie on another shop, get a 404 that points to 查单', async () => {
    const order = await guestOrder();
    const codes = await codesOf(order.id);
    const owner = await browserWithAccess(order);
    const stranger = client();
    const res = await get(stranger, `/orders/${order.id}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('订单不存在或无权查看');
    expect(html).toContain('href="/orders/lookup"');
    expect(html).not.toContain(order.number);

    expect((await get(stranger, `/orders/${order.id}/codes.txt`)).status).toBe(404);
    expect((await post(stranger, `/orders/${order.id}`, { intent: 'reveal' })).status).toBe(404);
    expect((await get(stranger, `/orders/not-an-id`)).status).toBe(404);

    const elsewhere = client(shopB);
    elsewhere.cookies = new Map(owner.cookies);
    const there = await get(elsewhere, `/orders/${order.id}`);
    expect(there.status).toBe(404);
    const thereHtml = await there.text();
    for (const code of codes) expect(thereHtml).not.toContain(code);
    expect((await get(elsewhere, `/orders/${order.id}/codes.txt`)).status).toBe(404);
    expect(await revealsOf(order.id)).toEqual([]);
  });

  test('an unpaid order counts down and 去支付 sends the buyer to the gateway', async () => {
    const order = await guestOrder({ paid: false });
    const c = await browserWithAccess(order);
    const html = await (await get(c, `/orders/${order.id}`)).text();
    expect(html).toContain('待付款');
    expect(html).toMatch(/请在 1[45]:\d\d 内完成付款/);
    expect(html).toContain('去支付');
    expect(html).not.toContain('显示卡密');
    const res = await post(c, `/orders/${order.id}`, { intent: 'pay', provider: 'test' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/pay\/test\/[0-9a-f]{64}$/);
  });

  test('after a failed payment the page says so; the buyer can cancel, and the codes go back on sale', async () => {
    const order = await guestOrder({ paid: false });
    const c = await browserWithAccess(order);
    const failed = await (await get(c, `/orders/${order.id}?pay=failed`)).text();
    expect(failed).toContain('支付没有成功');

    const stranger = client();
    expect((await post(stranger, `/orders/${order.id}`, { intent: 'cancel' })).status).toBe(404);
    const res = await post(c, `/orders/${order.id}`, { intent: 'cancel' });
    expect(res.status).toBe(302);
    const html = await (await get(c, `/orders/${order.id}`)).text();
    expect(html).toContain('已取消');
    const held = await t.owner
      .selectFrom('code_allocations')
      .select('code_id')
      .where('order_id', '=', order.id)
      .execute();
    expect(held).toEqual([]);
    const again = await post(c, `/orders/${order.id}`, { intent: 'cancel' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('订单已关闭');
  });

  test('paid but not yet delivered says so, then shows the codes (masked) once delivered', async () => {
    const order = await guestOrder({ delivered: false });
    const c = await browserWithAccess(order);
    const before = await (await get(c, `/orders/${order.id}`)).text();
    expect(before).toContain('已付款，正在发货');
    expect(before).toContain('正在发放卡密');
    expect(before).not.toContain('data-testid="code-row"');
    await deliver(cards.tenantId, order.id);
    const after = await (await get(c, `/orders/${order.id}`)).text();
    expect(after).toContain('已完成');
    expect(after.match(/data-testid="code-row"/g)).toHaveLength(2);
  });

  test('a top-up line shows its task and a physical card its shipment and tracking number', async () => {
    const topup = await buildShopSku(t.db, { tenantId: shopA.id, productType: 'direct_topup' });
    const physical = await buildShopSku(t.db, { tenantId: shopA.id, productType: 'physical_card' });
    const { order } = await buildOrder(t.db, topup, {
      customerId: null,
      contactPhone: '13912345678',
      lookupPassword: LOOKUP_PASSWORD,
      lines: [
        { listingId: topup.listingId, quantity: 1, topupAccount: { phone: '13800138000' } },
        {
          listingId: physical.listingId,
          quantity: 1,
          shippingAddress: {
            name: '张三',
            phone: '13800138001',
            region: '广东省 深圳市 南山区',
            address: '科技园路 1 号',
          },
        },
      ],
    });
    await pay(shopA.id, order.id, order.totalFen);
    await deliver(shopA.id, order.id);
    const c = await browserWithAccess(order);
    let html = await (await get(c, `/orders/${order.id}`)).text();
    expect(html).toContain('充值手机号');
    expect(html).toContain('13800138000');
    expect(html).toContain('等待供货商处理');
    expect(html).toContain('等待发货');
    expect(html).toContain('张*，广东省 深圳市 南山区');
    expect(html).not.toContain('科技园路');

    await t.owner
      .updateTable('shipments')
      .set({
        status: 'shipped',
        carrier: '顺丰速运',
        tracking_number: 'SF1234567890',
        shipped_at: new Date(),
      })
      .where('order_id', '=', order.id)
      .execute();
    await t.owner
      .updateTable('fulfilment_tasks')
      .set({ status: 'accepted', accepted_at: new Date() })
      .where('order_id', '=', order.id)
      .execute();
    html = await (await get(c, `/orders/${order.id}`)).text();
    expect(html).toContain('正在充值');
    expect(html).toContain('已发货');
    expect(html).toContain('顺丰速运 运单号');
    expect(html).toContain('SF1234567890');
  });
});

describe('查单', () => {
  test('a wrong password or an unknown number is refused alike and grants nothing', async () => {
    const order = await guestOrder();
    const c = client();
    const wrong = await post(c, '/orders/lookup', {
      intent: 'password',
      orderNumber: order.number,
      password: 'wrong-password',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('订单号或查单密码不正确');
    const unknown = await post(c, '/orders/lookup', {
      intent: 'password',
      orderNumber: '2099123100000000',
      password: LOOKUP_PASSWORD,
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('订单号或查单密码不正确');
    expect(c.cookies.has('cs_orders')).toBe(false);
    expect((await get(c, `/orders/${order.id}`)).status).toBe(404);
  });

  test('guessing the password of one order is stopped after five tries, with a clear message', async () => {
    const order = await guestOrder({ paid: false });
    for (let i = 0; i < 5; i++) {
      const res = await post(client(), '/orders/lookup', {
        intent: 'password',
        orderNumber: order.number,
        password: `guess-${i}`,
      });
      expect(res.status).toBe(400);
    }
    const c = client();
    const res = await post(c, '/orders/lookup', {
      intent: 'password',
      orderNumber: order.number,
      password: LOOKUP_PASSWORD,
    });
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(/查询订单过于频繁，请 \d+ 分钟后再试/);
    expect(c.cookies.has('cs_orders')).toBe(false);
  });

  test('by email: a one-time code lists the contact’s orders and opens them', async () => {
    const email = `chadan-${randomUUID().slice(0, 8)}@example.com`;
    const first = await guestOrder({ email, quantity: 1 });
    const second = await guestOrder({ email, quantity: 1, paid: false });
    const c = client();
    const sent = await post(c, '/orders/lookup?by=contact', {
      intent: 'send-code',
      identifier: email,
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('验证码已发送到 c***@example.com');
    const code = await readDevCode(t.runtime.env.DATA_DIR, email);

    const bad = await post(c, '/orders/lookup?by=contact', {
      intent: 'contact',
      identifier: email,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(bad.status).toBe(400);
    expect(c.cookies.has('cs_orders')).toBe(false);

    const res = await post(c, '/orders/lookup?by=contact', {
      intent: 'contact',
      identifier: email,
      code,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf(second.number)).toBeGreaterThan(-1);
    expect(html.indexOf(first.number)).toBeGreaterThan(html.indexOf(second.number));
    expect(html).toContain(`href="/orders/${first.id}"`);
    expect((await get(c, `/orders/${first.id}`)).status).toBe(200);
    expect((await get(c, `/orders/${second.id}`)).status).toBe(200);
  });
});

describe('account order history', () => {
  test('lists only the signed-in customer’s orders, newest first, linking to their pages', async () => {
    const me = await buildCustomer(t.db, shopA.id);
    const someoneElse = await buildCustomer(t.db, shopA.id);
    const mine = [
      (await buildOrder(t.db, cards, { customerId: me.id })).order,
      (await buildOrder(t.db, cards, { customerId: me.id })).order,
    ];
    await pay(cards.tenantId, mine[0]!.id, mine[0]!.totalFen);
    await deliver(cards.tenantId, mine[0]!.id);
    const theirs = (await buildOrder(t.db, cards, { customerId: someoneElse.id })).order;
    const guest = await guestOrder({ paid: false });

    const anonymous = await get(client(), '/account/orders');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Faccount%2Forders');

    const c = client();
    await post(c, '/login', {
      intent: 'password',
      identifier: me.phone!,
      password: CUSTOMER_PASSWORD,
    });
    const res = await get(c, '/account/orders');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('我的订单');
    expect(html).toContain('共 2 个订单');
    expect(html.indexOf(mine[1]!.number)).toBeGreaterThan(-1);
    expect(html.indexOf(mine[0]!.number)).toBeGreaterThan(html.indexOf(mine[1]!.number));
    expect(html).toContain(`href="/orders/${mine[0]!.id}"`);
    expect(html).toContain('已完成');
    expect(html).toContain('待付款');
    expect(html).not.toContain(theirs.number);
    expect(html).not.toContain(guest.number);
    expect(html).toContain('href="/account/orders"');
    // Someone else's order stays closed to me.
    expect((await get(c, `/orders/${theirs.id}`)).status).toBe(404);
  });
});
