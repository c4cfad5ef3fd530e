import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { postEntry, withTenant } from '@cardshop/domain';
import {
  buildCustomer,
  buildShopSku,
  buildTenant,
  CUSTOMER_PASSWORD,
  uniqueIp,
  uniquePhone,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

// TRUST_PROXY lets each test speak from its own client address (X-Forwarded-For), so the per-address
// cap on unpaid orders of one test does not spill into another.
const t = useTestRuntime({ TRUST_PROXY: 'true' });
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shop: { id: string; slug: string; name: string };
let card: ShopSku;
const host = () => `${shop.slug}.localhost:3000`;

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shop = await buildTenant(t.db, { name: '星光卡铺' });
  card = await buildShopSku(t.db, { tenantId: shop.id, codes: 20, priceFen: 1500 });
});

/** A browser: its address and cookie jar. */
class Browser {
  ip = uniqueIp();
  cookies = new Map<string, string>();

  private headers(extra: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return {
      host: host(),
      'x-forwarded-for': this.ip,
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148',
      ...(cookie ? { cookie } : {}),
      ...extra,
    };
  }

  private keep(res: Response) {
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, ...value] = pair!.split('=');
      const v = value.join('=');
      if (v === '' || /Max-Age=0/.test(set)) this.cookies.delete(name!);
      else this.cookies.set(name!, v);
    }
    return res;
  }

  async get(path: string) {
    return this.keep(
      await app.request(`http://${host()}${path}`, { headers: this.headers(), redirect: 'manual' }),
    );
  }

  async post(path: string, form: Record<string, string>) {
    return this.keep(
      await app.request(`http://${host()}${path}`, {
        method: 'POST',
        headers: this.headers({
          origin: `http://${host()}`,
          'content-type': 'application/x-www-form-urlencoded',
        }),
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      }),
    );
  }
}

/** Text as a browser renders it, for matching messages in server-rendered HTML. */
function visible(html: string): string {
  return html
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Opens the checkout page and returns the form it renders (hidden fields included). */
async function openCheckout(b: Browser, query: string) {
  const res = await b.get(`/checkout${query}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    hidden[m[1]!] = m[2]!;
  }
  expect(hidden.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  // Where the form posts: the page itself, query included, as a browser would send it.
  const action = visible(/<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '');
  expect(action).toBe(`/checkout${query}`);
  return { html: visible(html), form: hidden, action };
}

async function ordersOf(listingId: string) {
  return t.owner
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', (j) =>
      j.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.order_id'),
    )
    .select(['o.id', 'o.status', 'o.contact_email', 'o.contact_phone', 'o.ip', 'l.quantity'])
    .where('l.listing_id', '=', listingId)
    .execute();
}

describe('buying now as a guest', () => {
  test('posting the form twice with the page’s key makes one order and goes to the test gateway', async () => {
    const b = new Browser();
    const { html, form, action } = await openCheckout(b, `?listing=${card.listingId}&qty=2`);
    expect(html).toContain('确认订单');
    expect(html).toContain('王者荣耀点券');
    expect(html).toContain('¥30.00');
    expect(html).toContain('查单密码');
    expect(html).toContain('测试支付');
    expect(html).not.toContain('余额支付');
    expect(form).toMatchObject({
      source: 'buy_now',
      lineCount: '1',
      'lines.0.listingId': card.listingId,
      'lines.0.quantity': '2',
    });

    const fields = {
      ...form,
      contact: 'Buyer@Example.com',
      lookupPassword: 'lookup-2026',
      paymentMethod: 'test',
    };
    const first = await b.post(action, fields);
    const second = await b.post(action, fields);
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(first.headers.get('location')).toMatch(/^\/pay\/test\/[0-9a-f]{64}$/);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));

    const orders = await ordersOf(card.listingId);
    const mine = orders.filter((o) => o.contact_email === 'buyer@example.com');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'pending_payment', quantity: 2, ip: b.ip });

    const access = first.headers.getSetCookie().find((c) => c.startsWith('cs_orders='))!;
    expect(access).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/);
    expect(decodeURIComponent(access)).toContain(mine[0]!.id);
    expect(access).not.toMatch(/Domain=/);
  });

  test('a missing contact, a bad phone and a short 查单密码 are refused next to their fields; no order', async () => {
    const b = new Browser();
    const { form, action } = await openCheckout(b, `?listing=${card.listingId}&qty=1`);
    const before = (await ordersOf(card.listingId)).length;
    const cases: Array<[Record<string, string>, string, string]> = [
      [
        { contact: '', lookupPassword: 'lookup-2026' },
        'f-contact-error',
        '请填写邮箱或手机号，用于接收卡密和查询订单',
      ],
      [
        { contact: '1380013', lookupPassword: 'lookup-2026' },
        'f-contact-error',
        '手机号应为 11 位中国大陆手机号',
      ],
      [
        { contact: uniquePhone(), lookupPassword: '12345' },
        'f-lookupPassword-error',
        '查单密码至少 6 位',
      ],
    ];
    for (const [values, id, message] of cases) {
      const res = await b.post(action, { ...form, paymentMethod: 'test', ...values });
      expect(res.status).toBe(422);
      const html = visible(await res.text());
      expect(html).toContain(`id="${id}" class="text-sm text-red-600">${message}</p>`);
      expect(html).toContain('请检查下面标红的项目');
      // What was typed stays, except the password.
      if (values.contact) expect(html).toContain(`value="${values.contact}"`);
      expect(html).not.toContain('lookup-2026');
    }
    expect(await ordersOf(card.listingId)).toHaveLength(before);
  });

  test('a direct top-up shows its account fields and refuses a bad account', async () => {
    const topup = await buildShopSku(t.db, {
      tenantId: shop.id,
      productType: 'direct_topup',
      topupFields: [{ key: 'phone', label: '充值手机号', kind: 'mobile_cn', required: true }],
    });
    const b = new Browser();
    const { html, form, action } = await openCheckout(b, `?listing=${topup.listingId}&qty=1`);
    expect(html).toContain('充值账号');
    expect(html).toContain('name="lines.0.topupAccount.phone"');
    const base = {
      ...form,
      contact: uniquePhone(),
      lookupPassword: 'lookup-2026',
      paymentMethod: 'test',
    };
    const bad = await b.post(action, { ...base, 'lines.0.topupAccount.phone': '12345' });
    expect(bad.status).toBe(422);
    expect(visible(await bad.text())).toContain(
      'id="f-lines-0-topupAccount-phone-error" class="text-sm text-red-600">充值手机号应为 11 位中国大陆手机号</p>',
    );
    expect(await ordersOf(topup.listingId)).toEqual([]);

    const again = await openCheckout(b, `?listing=${topup.listingId}&qty=1`);
    const good = await b.post(again.action, {
      ...base,
      idempotencyKey: again.form.idempotencyKey!,
      'lines.0.topupAccount.phone': '138-0013-8000',
    });
    expect(good.status).toBe(302);
    const line = await t.owner
      .selectFrom('order_lines')
      .select('topup_account')
      .where('listing_id', '=', topup.listingId)
      .executeTakeFirstOrThrow();
    expect(line.topup_account).toEqual({ phone: '13800138000' });
  });

  test('a listing that is not in this shop is a 404 page', async () => {
    const elsewhere = await buildShopSku(t.db, { codes: 1 });
    const res = await new Browser().get(`/checkout?listing=${elsewhere.listingId}&qty=1`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('商品不存在或已下架');
  });
});

describe('the cart', () => {
  test('adding from the product page sets a host-only cart cookie; the cart changes and empties', async () => {
    const b = new Browser();
    const added = await b.post(`/p/${card.productId}`, {
      intent: 'add',
      listing: card.listingId,
      qty: '2',
    });
    expect(added.status).toBe(200);
    expect(visible(await added.text())).toContain('已加入购物车，这件商品共 2 件');
    const cookie = added.headers.getSetCookie().find((c) => c.startsWith('cs_cart='))!;
    expect(cookie).toMatch(
      /^cs_cart=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/,
    );

    expect(await (await b.get('/cart/count')).json()).toEqual({ count: 2 });
    let page = visible(await (await b.get('/cart')).text());
    expect(page).toContain('王者荣耀点券');
    expect(page).toContain('¥30.00');

    // The typed quantity, then the + button's step.
    expect(
      (await b.post('/cart', { intent: 'set', listing: card.listingId, qty: '4' })).status,
    ).toBe(302);
    expect(
      (await b.post('/cart', { intent: 'set', listing: card.listingId, qty: '4', step: '1' }))
        .status,
    ).toBe(302);
    expect(await (await b.get('/cart/count')).json()).toEqual({ count: 5 });
    page = visible(await (await b.get('/cart')).text());
    expect(page).toContain('¥75.00');

    const tooMany = await b.post('/cart', { intent: 'set', listing: card.listingId, qty: '11' });
    expect(tooMany.status).toBe(422);
    expect(visible(await tooMany.text())).toContain('每单最多购买 10 件');
    expect(await (await b.get('/cart/count')).json()).toEqual({ count: 5 });

    expect((await b.post('/cart', { intent: 'remove', listing: card.listingId })).status).toBe(302);
    page = visible(await (await b.get('/cart')).text());
    expect(page).toContain('购物车还是空的');
    expect(await (await b.get('/cart/count')).json()).toEqual({ count: 0 });
  });

  test('a sold-out or delisted line is flagged and left out of checkout', async () => {
    const gone = await buildShopSku(t.db, { tenantId: shop.id, supplier: card.supplier, codes: 5 });
    const b = new Browser();
    await b.post(`/p/${card.productId}`, { intent: 'add', listing: card.listingId, qty: '1' });
    await b.post(`/p/${gone.productId}`, { intent: 'add', listing: gone.listingId, qty: '1' });
    await t.owner
      .updateTable('listings')
      .set({ visible: false })
      .where('id', '=', gone.listingId)
      .execute();
    const page = visible(await (await b.get('/cart')).text());
    expect(page).toContain('已下架或暂停销售');
    expect(page).toContain('1 件商品暂时无法购买，结算时不包含它们');

    const { html, form, action } = await openCheckout(b, '');
    expect(html).toContain('购物车中有 1 件商品暂时无法购买');
    expect(form).toMatchObject({
      source: 'cart',
      lineCount: '1',
      'lines.0.listingId': card.listingId,
    });

    const res = await b.post(action, {
      ...form,
      contact: uniquePhone(),
      lookupPassword: 'lookup-2026',
      paymentMethod: 'test',
    });
    expect(res.status).toBe(302);
    // The bought line left the cart; the flagged one stays.
    expect(await (await b.get('/cart/count')).json()).toEqual({ count: 1 });
  });

  test('signing in moves the guest cart into the account and drops the guest cookie', async () => {
    const customer = await buildCustomer(t.db, shop.id);
    const b = new Browser();
    await b.post(`/p/${card.productId}`, { intent: 'add', listing: card.listingId, qty: '3' });
    expect(b.cookies.has('cs_cart')).toBe(true);
    const res = await b.post('/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
      redirectTo: '/cart',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/cart');
    expect(b.cookies.has('cs_cart')).toBe(false);
    expect(await (await b.get('/cart/count')).json()).toEqual({ count: 3 });
    const carts = await t.owner
      .selectFrom('carts')
      .select(['customer_id'])
      .where('tenant_id', '=', shop.id)
      .where('customer_id', '=', customer.id)
      .execute();
    expect(carts).toHaveLength(1);
  });
});

describe('a signed-in customer', () => {
  async function signedIn() {
    const customer = await buildCustomer(t.db, shop.id);
    const b = new Browser();
    await b.post('/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
    });
    expect(b.cookies.has('cs_customer')).toBe(true);
    return { customer, b };
  }

  async function credit(customerId: string, amountFen: number) {
    await withTenant(t.db, shop.id, (trx) =>
      postEntry(trx, {
        kind: 'balance_topup',
        idempotencyKey: `topup:${randomUUID()}`,
        originTenantId: shop.id,
        lines: [
          { account: { kind: 'gateway_clearing', provider: 'test' }, amountFen },
          {
            account: { kind: 'customer_balance', tenantId: shop.id, customerId },
            amountFen: -amountFen,
          },
        ],
      }),
    );
  }

  test('paying from too small a balance is refused with the amounts; no order is left', async () => {
    const { customer, b } = await signedIn();
    await credit(customer.id, 1000);
    const { html, form, action } = await openCheckout(b, `?listing=${card.listingId}&qty=1`);
    expect(html).toContain('余额支付');
    expect(html).toContain('当前余额 ¥10.00');
    expect(html).toContain('余额不足');
    expect(html).not.toContain('查单密码');

    const res = await b.post(action, { ...form, paymentMethod: 'balance' });
    expect(res.status).toBe(409);
    expect(visible(await res.text())).toContain(
      '余额不足：当前余额 10.00 元，订单需支付 15.00 元。请选择其他支付方式，或先充值',
    );
    const orders = await t.owner
      .selectFrom('orders')
      .select('id')
      .where('customer_id', '=', customer.id)
      .execute();
    expect(orders).toEqual([]);
  });

  test('paying from the balance pays at once and lands on the order page', async () => {
    const { customer, b } = await signedIn();
    await credit(customer.id, 5000);
    const { form, action } = await openCheckout(b, `?listing=${card.listingId}&qty=2`);
    const res = await b.post(action, { ...form, paymentMethod: 'balance' });
    expect(res.status).toBe(302);
    const order = await t.owner
      .selectFrom('orders')
      .select(['id', 'status', 'total_fen'])
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: 'paid', total_fen: 3000 });
    expect(res.headers.get('location')).toBe(`/orders/${order.id}`);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('cs_orders='))).toBe(true);
  });
});
