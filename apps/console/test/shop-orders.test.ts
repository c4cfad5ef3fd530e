import { beforeAll, describe, expect, test } from 'vitest';
import {
  createTestGateway,
  deliverOrder,
  handlePaymentNotification,
  paymentProviders,
  recordCodeReveal,
  startPayment,
  withTenant,
} from '@cardshop/domain';
import {
  buildCustomer,
  buildOrder,
  buildShopSku,
  buildStaff,
  buildTenant,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let shop: ShopSku;
let slug: string;
let ownerCookie: string;
let strangerCookie: string;
let strangerSlug: string;
let paid: { id: string; number: string };
let guest: { id: string; number: string };

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const tenant = await buildTenant(t.db, { name: '小明的卡店' });
  slug = tenant.slug;
  shop = await buildShopSku(t.db, {
    tenantId: tenant.id,
    vault: t.runtime.vault,
    codes: 5,
    priceFen: 2000,
    wholesaleFen: 1200,
  });
  const owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: tenant.id, role: 'support' }] });
  ownerCookie = await client.signIn(owner.email);
  const other = await buildTenant(t.db, { name: '隔壁的店' });
  strangerSlug = other.slug;
  const stranger = await buildStaff(t.db, { tenantRoles: [{ tenantId: other.id, role: 'owner' }] });
  strangerCookie = await client.signIn(stranger.email);

  const customer = await buildCustomer(t.db, tenant.id, { displayName: '王小明' });
  const bought = await buildOrder(t.db, shop, { customerId: customer.id, quantity: 2 });
  paid = { id: bought.order.id, number: bought.order.number };
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, tenant.id, (trx) =>
    startPayment(trx, t.runtime.payments, {
      tenantId: tenant.id,
      orderId: paid.id,
      provider: 'test',
    }),
  );
  const { rawBody, headers } = gateway.notification({
    reference: payment.reference,
    amountFen: bought.order.totalFen,
  });
  await handlePaymentNotification(
    t.db,
    { providers: paymentProviders(gateway), platformFeeBps: 1000 },
    { provider: 'test', rawBody, headers },
  );
  await withTenant(t.db, tenant.id, (trx) =>
    deliverOrder(trx, { tenantId: tenant.id, orderId: paid.id }),
  );
  const left = await buildOrder(t.db, shop, {
    customerId: null,
    contactEmail: 'guest.buyer@example.com',
    lookupPassword: 'secret1',
  });
  guest = { id: left.order.id, number: left.order.number };
});

const ordersUrl = () => `/shop/${slug}/orders`;

describe('shop area: orders', () => {
  test('the list shows every order with buyer, status, total and margin; search and filter narrow it', async () => {
    const page = await client.html(ordersUrl(), ownerCookie);
    expect(page.status).toBe(200);
    const text = unescapeHtml(page.text);
    expect(text).toContain('共 2 笔订单');
    expect(text).toContain(paid.number);
    expect(text).toContain(guest.number);
    expect(text).toContain('王小明');
    expect(text).toContain('guest.buyer@example.com');
    expect(text).toContain('已发货');
    expect(text).toContain('待付款');
    // 40.00 sold, 24.00 wholesale, 4.00 platform fee: 12.00 margin.
    expect(text).toContain('¥12.00');

    const byNumber = unescapeHtml(
      (await client.html(`${ordersUrl()}?q=${paid.number}`, ownerCookie)).text,
    );
    expect(byNumber).toContain('找到 1 笔订单');
    expect(byNumber).toContain(paid.number);
    expect(byNumber).not.toContain(guest.number);
    const byEmail = unescapeHtml(
      (await client.html(`${ordersUrl()}?q=guest.buyer`, ownerCookie)).text,
    );
    expect(byEmail).toContain(guest.number);
    expect(byEmail).not.toContain(paid.number);
    const pending = unescapeHtml(
      (await client.html(`${ordersUrl()}?status=pending_payment`, ownerCookie)).text,
    );
    expect(pending).toContain(guest.number);
    expect(pending).not.toContain(paid.number);
    const none = unescapeHtml((await client.html(`${ordersUrl()}?q=99999`, ownerCookie)).text);
    expect(none).toContain('没有符合条件的订单');
  });

  test('the detail shows lines with wholesale and margin, the payment and masked codes only', async () => {
    const codes = await t.owner
      .selectFrom('code_allocations')
      .select('code_id')
      .where('order_id', '=', paid.id)
      .execute();
    await withTenant(t.db, shop.tenantId, (trx) =>
      recordCodeReveal(trx, {
        tenantId: shop.tenantId,
        orderId: paid.id,
        codeId: null,
        via: 'txt',
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0)',
        session: { customerId: null, customerSessionId: null, browserId: 'b-1234567890' },
      }),
    );
    const res = await client.html(`${ordersUrl()}/${paid.id}`, ownerCookie);
    expect(res.status).toBe(200);
    const text = unescapeHtml(res.text);
    expect(text).toContain(`订单 ${paid.number}`);
    expect(text).toContain('王者荣耀点券 · 面值 10 元');
    expect(text).toContain('批发成本');
    expect(text).toContain('¥24.00');
    expect(text).toContain('¥4.00');
    expect(text).toContain('¥12.00');
    expect(text).toContain('测试支付通道');
    expect(text).toContain('支付成功');
    expect(text).toContain('已发 2 张卡密');
    // The codes sold appear masked; no code of the shop appears whole, not even in loader data.
    expect(codes).toHaveLength(2);
    for (const code of shop.codes) expect(res.text).not.toContain(code);
    expect(text).toMatch(/CO\*{8}[A-Z0-9]{2}/);
    expect(text).toContain('卡密查看记录');
    expect(text).toContain('显示了全部卡密');
    expect(text).toContain('下载 TXT');
    expect(text).toContain('203.0.113.7');
  });

  test('a shop never sees another shop’s orders', async () => {
    const theirs = unescapeHtml(
      (await client.html(`/shop/${strangerSlug}/orders?q=${paid.number}`, strangerCookie)).text,
    );
    // The number is echoed in the search box; the order itself is nowhere.
    expect(theirs).not.toContain(paid.id);
    expect(theirs).toContain('没有符合条件的订单');
    const theirList = unescapeHtml(
      (await client.html(`/shop/${strangerSlug}/orders`, strangerCookie)).text,
    );
    expect(theirList).not.toContain(paid.number);
    expect(theirList).toContain('还没有订单');
    const detail = await client.html(`/shop/${strangerSlug}/orders/${paid.id}`, strangerCookie);
    expect(detail.status).toBe(404);
    expect(unescapeHtml(detail.text)).toContain('找不到这个订单');
    expect(detail.text).not.toContain(paid.number);
    const area = await client.html(`${ordersUrl()}/${paid.id}`, strangerCookie);
    expect(area.status).toBe(404);
    const garbage = await client.html(`${ordersUrl()}/not-an-order`, ownerCookie);
    expect(garbage.status).toBe(404);
  });
});
