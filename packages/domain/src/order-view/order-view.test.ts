import { randomUUID } from 'node:crypto';
import { sql, withTenant } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import { deliverOrder } from '../delivery/deliver-order.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { listDevInbox } from '../messaging/dev-inbox.js';
import {
  buildCustomerContext,
  buildOrder,
  buildShopSku,
  buildTenant,
  readDevCode,
  uniqueIp,
  useTestRuntime,
  type ShopSku,
} from '../testing/index.js';
import { listCodeReveals, recordCodeReveal } from './code-reveals.js';
import { getOrderView } from './get-order-view.js';
import { listCustomerOrders } from './list-customer-orders.js';
import {
  lookupOrderByPassword,
  lookupOrdersByContact,
  sendOrderLookupCode,
} from './lookup-order.js';
import { revealOrderCodes } from './reveal-order-codes.js';

const t = useTestRuntime();
let shop: ShopSku;
let otherShop: ShopSku;

beforeAll(async () => {
  shop = await buildShopSku(t.db, { codes: 20, vault: t.runtime.vault });
  otherShop = await buildShopSku(t.db, { codes: 5, vault: t.runtime.vault });
});

const LOOKUP_PASSWORD = 'lookup-2026';

/** A guest order of the shop, paid on the test gateway and (unless told) delivered. */
async function paidGuestOrder(
  s: ShopSku,
  options: { deliver?: boolean; email?: string; quantity?: number } = {},
) {
  const { order } = await buildOrder(t.db, s, {
    customerId: null,
    contactEmail: options.email ?? `buyer-${randomUUID().slice(0, 8)}@example.com`,
    lookupPassword: LOOKUP_PASSWORD,
    quantity: options.quantity ?? 2,
  });
  await pay(s, order.id, order.totalFen);
  if (options.deliver !== false) {
    await withTenant(t.db, s.tenantId, (trx) =>
      deliverOrder(trx, { tenantId: s.tenantId, orderId: order.id }),
    );
  }
  return order;
}

async function pay(s: ShopSku, orderId: string, amountFen: number) {
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, s.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, { tenantId: s.tenantId, orderId, provider: 'test' }),
  );
  const { rawBody, headers } = gateway.notification({ reference: payment.reference, amountFen });
  const result = await handlePaymentNotification(
    t.db,
    { providers: t.runtime.payments },
    { provider: 'test', rawBody, headers },
  );
  expect(result.outcome).toBe('paid');
}

const guestSession = (browserId = 'browser-test-1') => ({
  customerId: null,
  customerSessionId: null,
  browserId,
});

describe('the order view', () => {
  test('shows codes masked only, to the browser holding access, and 404s anyone else', async () => {
    const order = await paidGuestOrder(shop);
    const view = await withTenant(t.db, shop.tenantId, (trx) =>
      getOrderView(trx, t.runtime.vault, {
        tenantId: shop.tenantId,
        orderId: order.id,
        viewer: { customerId: null, orderIds: [order.id] },
      }),
    );
    expect(view.status).toBe('delivered');
    expect(view.codeCount).toBe(2);
    const json = JSON.stringify(view);
    for (const code of shop.codes) expect(json).not.toContain(code);
    const masked = view.lines[0]!.codes.map((c) => c.code);
    expect(masked).toHaveLength(2);
    for (const m of masked) expect(m).toMatch(/^CO\*{8}[0-9A-F]{2}$/);

    for (const viewer of [
      { customerId: null, orderIds: [] },
      { customerId: randomUUID(), orderIds: [randomUUID()] },
    ]) {
      await expect(
        withTenant(t.db, shop.tenantId, (trx) =>
          getOrderView(trx, t.runtime.vault, {
            tenantId: shop.tenantId,
            orderId: order.id,
            viewer,
          }),
        ),
      ).rejects.toMatchObject({
        code: 'ORDER_VIEW_NOT_FOUND',
        userMessage: '订单不存在或无权查看',
      });
    }
    // Another shop, even with the order id in its cookie, finds nothing.
    await expect(
      withTenant(t.db, otherShop.tenantId, (trx) =>
        getOrderView(trx, t.runtime.vault, {
          tenantId: otherShop.tenantId,
          orderId: order.id,
          viewer: { customerId: null, orderIds: [order.id] },
        }),
      ),
    ).rejects.toMatchObject({ code: 'ORDER_VIEW_NOT_FOUND', status: 404 });
  });

  test('a signed-in buyer sees their own order; an unpaid one past its deadline reads as expired', async () => {
    const customerId = randomUUID();
    const { order } = await buildOrder(t.db, shop, { customerId });
    const view = await withTenant(t.db, shop.tenantId, (trx) =>
      getOrderView(trx, t.runtime.vault, {
        tenantId: shop.tenantId,
        orderId: order.id,
        viewer: { customerId, orderIds: [] },
      }),
    );
    expect(view).toMatchObject({ status: 'pending_payment', codeCount: 0, placedByCustomer: true });
    expect(view.payWithinMs).toBeGreaterThan(14 * 60_000);
    const later = await withTenant(t.db, shop.tenantId, (trx) =>
      getOrderView(trx, t.runtime.vault, {
        tenantId: shop.tenantId,
        orderId: order.id,
        viewer: { customerId, orderIds: [] },
        now: new Date(Date.now() + 16 * 60_000),
      }),
    );
    expect(later).toMatchObject({ status: 'expired', payWithinMs: 0 });
  });
});

describe('code reveals', () => {
  test('revealing records who, where and which codes, and returns them in full', async () => {
    const order = await paidGuestOrder(shop);
    const viewer = { customerId: null, orderIds: [order.id] };
    const all = await withTenant(t.db, shop.tenantId, (trx) =>
      revealOrderCodes(trx, t.runtime.vault, {
        tenantId: shop.tenantId,
        orderId: order.id,
        viewer,
        codeId: null,
        via: 'page',
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0 test',
        session: guestSession(),
      }),
    );
    expect(all.codes).toHaveLength(2);
    for (const c of all.codes) expect(shop.codes).toContain(c.code);
    const one = await withTenant(t.db, shop.tenantId, (trx) =>
      revealOrderCodes(trx, t.runtime.vault, {
        tenantId: shop.tenantId,
        orderId: order.id,
        viewer,
        codeId: all.codes[1]!.codeId,
        via: 'txt',
        ip: '203.0.113.8',
        userAgent: null,
        session: guestSession(),
      }),
    );
    expect(one.codes.map((c) => c.code)).toEqual([all.codes[1]!.code]);

    const reveals = await withTenant(t.db, shop.tenantId, (trx) =>
      listCodeReveals(trx, { tenantId: shop.tenantId, orderId: order.id }),
    );
    expect(reveals).toHaveLength(2);
    expect(reveals[0]).toMatchObject({
      scope: 'code',
      codeId: all.codes[1]!.codeId,
      via: 'txt',
      ip: '203.0.113.8',
      browserId: 'browser-test-1',
    });
    expect(reveals[1]).toMatchObject({
      scope: 'all',
      codeId: null,
      via: 'page',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 test',
      customerSessionId: null,
      browserId: 'browser-test-1',
    });
  });

  test('nothing is revealed or recorded before delivery, nor for someone without access', async () => {
    const order = await paidGuestOrder(shop, { deliver: false });
    const attempt = (orderIds: string[]) =>
      withTenant(t.db, shop.tenantId, (trx) =>
        revealOrderCodes(trx, t.runtime.vault, {
          tenantId: shop.tenantId,
          orderId: order.id,
          viewer: { customerId: null, orderIds },
          codeId: null,
          via: 'page',
          ip: null,
          userAgent: null,
          session: guestSession(),
        }),
      );
    await expect(attempt([order.id])).rejects.toMatchObject({ code: 'ORDER_VIEW_NO_CODES' });
    await expect(attempt([])).rejects.toMatchObject({ code: 'ORDER_VIEW_NOT_FOUND' });
    const rows = await t.owner
      .selectFrom('code_reveals')
      .select('id')
      .where('order_id', '=', order.id)
      .execute();
    expect(rows).toEqual([]);
  });

  test("one shop can neither read nor write another shop's reveals, and a reveal is never changed", async () => {
    const order = await paidGuestOrder(shop);
    await withTenant(t.db, shop.tenantId, (trx) =>
      recordCodeReveal(trx, {
        tenantId: shop.tenantId,
        orderId: order.id,
        codeId: null,
        via: 'page',
        ip: '203.0.113.9',
        userAgent: null,
        session: guestSession('browser-a'),
      }),
    );
    const seenByOther = await withTenant(t.db, otherShop.tenantId, async (trx) => [
      ...(await listCodeReveals(trx, { tenantId: shop.tenantId, orderId: order.id })),
      ...(await sql`select * from code_reveals`.execute(trx)).rows,
    ]);
    expect(seenByOther).toEqual([]);
    await expect(
      withTenant(t.db, otherShop.tenantId, (trx) =>
        recordCodeReveal(trx, {
          tenantId: shop.tenantId,
          orderId: order.id,
          codeId: null,
          via: 'page',
          ip: null,
          userAgent: null,
          session: guestSession('browser-b'),
        }),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(t.db, shop.tenantId, (trx) =>
        sql`update code_reveals set ip = '0.0.0.0' where order_id = ${order.id}`.execute(trx),
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      withTenant(t.db, shop.tenantId, (trx) =>
        recordCodeReveal(trx, {
          tenantId: shop.tenantId,
          orderId: order.id,
          codeId: null,
          via: 'page',
          ip: null,
          userAgent: null,
          session: { customerId: null, customerSessionId: null, browserId: null },
        }),
      ),
    ).rejects.toMatchObject({ code: 'ORDER_VIEW_SESSION_REQUIRED' });
  });
});

describe('查单', () => {
  const ctx = (s: { tenantId: string }, ip = uniqueIp()) =>
    buildCustomerContext(t.runtime, { id: s.tenantId, name: '星光卡铺' }, { ip });

  test('by number and password: the right pair finds the order, a wrong one or an unknown number the same refusal', async () => {
    const order = await paidGuestOrder(shop);
    await expect(
      lookupOrderByPassword(ctx(shop), {
        orderNumber: ` ${order.number} `,
        password: LOOKUP_PASSWORD,
      }),
    ).resolves.toEqual({ orderId: order.id, number: order.number });
    const wrong = await lookupOrderByPassword(ctx(shop), {
      orderNumber: order.number,
      password: 'not-it',
    }).catch((e: unknown) => e);
    const unknown = await lookupOrderByPassword(ctx(shop), {
      orderNumber: '2026010100000000',
      password: LOOKUP_PASSWORD,
    }).catch((e: unknown) => e);
    for (const error of [wrong, unknown]) {
      expect(error).toMatchObject({
        code: 'ORDER_VIEW_LOOKUP_FAILED',
        userMessage: '订单号或查单密码不正确',
      });
    }
    // The other shop does not know this number.
    await expect(
      lookupOrderByPassword(ctx(otherShop), {
        orderNumber: order.number,
        password: LOOKUP_PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'ORDER_VIEW_LOOKUP_FAILED' });
  });

  test('guessing one order number is cut off after five tries, whatever the address', async () => {
    const order = await paidGuestOrder(shop);
    for (let i = 0; i < 5; i++) {
      await expect(
        lookupOrderByPassword(ctx(shop), { orderNumber: order.number, password: `guess-${i}` }),
      ).rejects.toMatchObject({ code: 'ORDER_VIEW_LOOKUP_FAILED' });
    }
    await expect(
      lookupOrderByPassword(ctx(shop), { orderNumber: order.number, password: LOOKUP_PASSWORD }),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });

  test('a malformed order number is answered on its field', async () => {
    await expect(
      lookupOrderByPassword(ctx(shop), { orderNumber: '12345', password: 'x' }),
    ).rejects.toMatchObject({
      code: 'ORDER_VIEW_INVALID_INPUT',
      details: { fieldErrors: { orderNumber: '订单号是 16 位数字，请检查后重新输入' } },
    });
  });

  test('by email: a one-time code lists that contact’s orders in this shop, newest first', async () => {
    const email = `lookup-${randomUUID().slice(0, 8)}@example.com`;
    const first = await paidGuestOrder(shop, { email, quantity: 1 });
    const second = await paidGuestOrder(shop, { email, quantity: 1 });
    await paidGuestOrder(otherShop, { email, quantity: 1 });
    await paidGuestOrder(shop, { quantity: 1 });

    const sent = await sendOrderLookupCode(ctx(shop), { identifier: email.toUpperCase() });
    expect(sent).toMatchObject({ channel: 'email', sentTo: `l***@example.com` });
    const code = await readDevCode(t.runtime.env.DATA_DIR, email);
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(
      lookupOrdersByContact(ctx(shop), { identifier: email, code: wrong }),
    ).rejects.toMatchObject({ code: 'ORDER_VIEW_CODE_INVALID' });
    const found = await lookupOrdersByContact(ctx(shop), { identifier: email, code });
    expect(found.orders.map((o) => o.id)).toEqual([second.id, first.id]);
    expect(found.orders[0]).toMatchObject({ status: 'delivered', itemCount: 1 });
    // The code is used up.
    await expect(
      lookupOrdersByContact(ctx(shop), { identifier: email, code }),
    ).rejects.toMatchObject({ code: 'ORDER_VIEW_CODE_INVALID' });
  });

  test('a contact without orders gets the same answer but no code', async () => {
    const email = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    const sent = await sendOrderLookupCode(ctx(shop), { identifier: email });
    expect(sent.sentTo).toBe('n***@example.com');
    expect(await listDevInbox(t.runtime.env.DATA_DIR, { to: email })).toEqual([]);
  });
});

describe('order history', () => {
  test('lists only the customer’s own orders, newest first, ten a page', async () => {
    const historyShop = await buildShopSku(t.db, { codes: 12, vault: t.runtime.vault });
    const customerId = randomUUID();
    const mine = [];
    for (let i = 0; i < 11; i++) {
      const placed = await buildOrder(
        t.db,
        historyShop,
        { customerId },
        { limits: { perCustomer: 20 } },
      );
      mine.push(placed.order);
    }
    await buildOrder(t.db, historyShop);
    const page1 = await withTenant(t.db, historyShop.tenantId, (trx) =>
      listCustomerOrders(trx, { tenantId: historyShop.tenantId, customerId }),
    );
    const page2 = await withTenant(t.db, historyShop.tenantId, (trx) =>
      listCustomerOrders(trx, { tenantId: historyShop.tenantId, customerId, page: '2' }),
    );
    expect(page1).toMatchObject({ total: 11, pageCount: 2, page: 1 });
    expect([...page1.orders, ...page2.orders].map((o) => o.id)).toEqual(
      mine.map((o) => o.id).reverse(),
    );
    expect(page1.orders[0]).toMatchObject({
      title: '王者荣耀点券 面值 10 元',
      status: 'pending_payment',
    });
    const elsewhere = await buildTenant(t.db);
    const none = await withTenant(t.db, elsewhere.id, (trx) =>
      listCustomerOrders(trx, { tenantId: elsewhere.id, customerId }),
    );
    expect(none).toMatchObject({ total: 0, orders: [] });
  });
});
