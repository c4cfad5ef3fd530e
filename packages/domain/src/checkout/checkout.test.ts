import { randomUUID } from 'node:crypto';
import { withTenant } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { addCartItem } from '../cart/add-cart-item.js';
import { getCart } from '../cart/get-cart.js';
import { isDomainError } from '../errors.js';
import { postEntry } from '../ledger/post-entry.js';
import { PaymentErrors } from '../payments/payments.errors.js';
import { paymentProviders } from '../payments/provider.js';
import { createTestGateway } from '../payments/test-gateway.js';
import {
  buildCustomer,
  buildShopSku,
  uniqueIp,
  uniquePhone,
  useTestDatabase,
  type ShopSku,
} from '../testing/index.js';
import {
  checkoutOrderOptions,
  getCheckoutSettings,
  updateCheckoutSettings,
} from './checkout-settings.js';
import { CheckoutErrors } from './checkout.errors.js';
import { getCheckout } from './get-checkout.js';
import { placeCheckout } from './place-checkout.js';

const t = useTestDatabase();
const providers = paymentProviders(createTestGateway({ secret: 'checkout-test-'.padEnd(40, 'x') }));
const actor = { type: 'staff' as const, id: randomUUID(), ip: '203.0.113.7' };

async function refusal(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isDomainError(error, code), String(error)).toBe(true);
  return error as { userMessage: string; status: number; details?: Record<string, unknown> };
}

function settingsOf(tenantId: string) {
  return withTenant(t.db, tenantId, (trx) => getCheckoutSettings(trx, { tenantId }));
}

function saveSettings(tenantId: string, settings: Record<string, unknown>) {
  return withTenant(t.db, tenantId, (trx) =>
    updateCheckoutSettings(trx, {
      tenantId,
      actor,
      settings: settings as never,
    }),
  );
}

async function ordersIn(tenantId: string) {
  return t.owner
    .selectFrom('orders')
    .select(['id', 'status', 'total_fen', 'expires_at', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .execute();
}

function guestCheckout(shop: ShopSku, overrides: Record<string, unknown> = {}) {
  return placeCheckout(
    { db: t.db, providers },
    {
      tenantId: shop.tenantId,
      idempotencyKey: `key-${randomUUID()}`,
      ip: uniqueIp(),
      lines: [{ listingId: shop.listingId, quantity: 1 }],
      contact: uniquePhone(),
      lookupPassword: 'lookup-2026',
      paymentMethod: 'test',
      ...overrides,
    },
  );
}

async function credit(tenantId: string, customerId: string, amountFen: number) {
  await withTenant(t.db, tenantId, (trx) =>
    postEntry(trx, {
      kind: 'balance_topup',
      idempotencyKey: `topup:${randomUUID()}`,
      originTenantId: tenantId,
      lines: [
        { account: { kind: 'gateway_clearing', provider: 'test' }, amountFen },
        { account: { kind: 'customer_balance', tenantId, customerId }, amountFen: -amountFen },
      ],
    }),
  );
}

describe('checkout settings', () => {
  test('a new shop keeps unpaid orders 15 minutes with the default caps', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const settings = await settingsOf(shop.tenantId);
    expect(settings).toEqual({
      orderExpiryMinutes: 15,
      openOrdersPerIp: 5,
      openOrdersPerContact: 3,
      openOrdersPerCustomer: 5,
    });
    expect(checkoutOrderOptions(settings)).toEqual({
      expiresInMs: 15 * 60_000,
      limits: { perIp: 5, perContact: 3, perCustomer: 5 },
    });
  });

  test('staff change them; the change is audited with the values before and after', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const saved = await saveSettings(shop.tenantId, {
      orderExpiryMinutes: '30',
      openOrdersPerIp: '8',
      openOrdersPerContact: '3',
      openOrdersPerCustomer: '2',
    });
    expect(saved).toEqual({
      orderExpiryMinutes: 30,
      openOrdersPerIp: 8,
      openOrdersPerContact: 3,
      openOrdersPerCustomer: 2,
    });
    expect(await settingsOf(shop.tenantId)).toEqual(saved);
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['actor_type', 'actor_id', 'ip', 'action', 'data'])
      .where('tenant_id', '=', shop.tenantId)
      .where('action', '=', 'shop.checkout_settings_updated')
      .execute();
    expect(audit).toEqual([
      {
        actor_type: 'staff',
        actor_id: actor.id,
        ip: '203.0.113.7',
        action: 'shop.checkout_settings_updated',
        data: {
          before: { orderExpiryMinutes: 15, openOrdersPerIp: 5, openOrdersPerCustomer: 5 },
          after: { orderExpiryMinutes: 30, openOrdersPerIp: 8, openOrdersPerCustomer: 2 },
        },
      },
    ]);
  });

  test('values out of range are refused per field and change nothing', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const error = await refusal(
      saveSettings(shop.tenantId, {
        orderExpiryMinutes: '4',
        openOrdersPerIp: '0',
        openOrdersPerContact: 'abc',
        openOrdersPerCustomer: '101',
      }),
      CheckoutErrors.INVALID_SETTINGS,
    );
    expect(error.status).toBe(422);
    expect(error.details?.fieldErrors).toEqual({
      orderExpiryMinutes: '未支付订单保留时间（分钟）不能小于 5',
      openOrdersPerIp: '同一网络的未支付订单上限不能小于 1',
      openOrdersPerContact: '同一联系方式的未支付订单上限应为整数',
      openOrdersPerCustomer: '同一会员的未支付订单上限不能大于 100',
    });
    await refusal(
      saveSettings(shop.tenantId, {
        orderExpiryMinutes: '1441',
        openOrdersPerIp: '5',
        openOrdersPerContact: '3',
        openOrdersPerCustomer: '5',
      }),
      CheckoutErrors.INVALID_SETTINGS,
    );
    expect((await settingsOf(shop.tenantId)).orderExpiryMinutes).toBe(15);
  });

  test('checkout uses the shop’s expiry and caps', async () => {
    const shop = await buildShopSku(t.db, { codes: 5 });
    await saveSettings(shop.tenantId, {
      orderExpiryMinutes: 45,
      openOrdersPerIp: 5,
      openOrdersPerContact: 1,
      openOrdersPerCustomer: 5,
    });
    const contact = uniquePhone();
    await guestCheckout(shop, { contact });
    const [order] = await ordersIn(shop.tenantId);
    const minutes = (order!.expires_at.getTime() - order!.created_at.getTime()) / 60_000;
    expect(Math.round(minutes)).toBe(45);
    const error = await refusal(guestCheckout(shop, { contact }), 'ORDER_TOO_MANY_OPEN_ORDERS');
    expect(error.userMessage).toContain('45 分钟后自动关闭');
    expect(await ordersIn(shop.tenantId)).toHaveLength(1);
  });
});

describe('placing an order from the checkout page', () => {
  test('a guest buy-now starts a test-gateway payment; the same key twice is one order', async () => {
    const shop = await buildShopSku(t.db, { codes: 5, priceFen: 1500 });
    const input = {
      idempotencyKey: `key-${randomUUID()}`,
      lines: [{ listingId: shop.listingId, quantity: 2 }],
      contact: 'Buyer@Example.com',
    };
    const first = await guestCheckout(shop, input);
    expect(first).toMatchObject({ created: true, paidWithBalance: false });
    expect(first.payUrl).toMatch(/^\/pay\/test\/[0-9a-f]{64}$/);
    const second = await guestCheckout(shop, input);
    expect(second).toEqual({ ...first, created: false });
    const orders = await ordersIn(shop.tenantId);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'pending_payment', total_fen: 3000 });
    const row = await t.owner
      .selectFrom('orders')
      .select(['contact_email', 'contact_phone'])
      .where('id', '=', first.orderId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ contact_email: 'buyer@example.com', contact_phone: null });
  });

  test('every problem of the form is reported at once, by field, and nothing is created', async () => {
    const topup = await buildShopSku(t.db, {
      productType: 'direct_topup',
      topupFields: [
        { key: 'phone', label: '充值手机号', kind: 'mobile_cn', required: true },
        { key: 'qq', label: 'QQ 号', kind: 'qq', required: false },
      ],
    });
    const card = await buildShopSku(t.db, {
      tenantId: topup.tenantId,
      supplier: topup.supplier,
      productType: 'physical_card',
    });
    const error = await refusal(
      guestCheckout(topup, {
        lines: [
          { listingId: topup.listingId, quantity: 1, topupAccount: { phone: '12345', qq: '0123' } },
          { listingId: card.listingId, quantity: 1 },
        ],
        contact: '138001',
        lookupPassword: '123',
        shippingAddress: { name: '张三', phone: '13800138000', region: '', address: '' },
        paymentMethod: 'nope',
      }),
      CheckoutErrors.INVALID_INPUT,
    );
    expect(error.details?.fieldErrors).toEqual({
      contact: '手机号应为 11 位中国大陆手机号',
      lookupPassword: '查单密码至少 6 位',
      paymentMethod: '请选择支付方式',
      'lines.0.topupAccount.phone': '充值手机号应为 11 位中国大陆手机号',
      'lines.0.topupAccount.qq': 'QQ 号应为 5–11 位数字，且不以 0 开头',
      'shippingAddress.region': '请填写所在地区（省 市 区）',
      'shippingAddress.address': '请填写详细地址（街道、门牌号）',
    });
    expect(await ordersIn(topup.tenantId)).toEqual([]);
  });

  test('a guest must give a contact and a 查单密码', async () => {
    const shop = await buildShopSku(t.db, { codes: 2 });
    const error = await refusal(
      guestCheckout(shop, { contact: '', lookupPassword: '' }),
      CheckoutErrors.INVALID_INPUT,
    );
    expect(error.details?.fieldErrors).toEqual({
      contact: '请填写邮箱或手机号，用于接收卡密和查询订单',
      lookupPassword: '请设置查单密码，之后凭订单号和查单密码查询订单',
    });
  });

  test('a top-up and a physical card carry the account and the address into the order', async () => {
    const topup = await buildShopSku(t.db, { productType: 'direct_topup', priceFen: 1000 });
    const card = await buildShopSku(t.db, {
      tenantId: topup.tenantId,
      supplier: topup.supplier,
      productType: 'physical_card',
      priceFen: 2000,
    });
    const placed = await guestCheckout(topup, {
      lines: [
        { listingId: topup.listingId, quantity: 1, topupAccount: { phone: '138 0013 8000' } },
        { listingId: card.listingId, quantity: 2 },
      ],
      shippingAddress: {
        name: '张三',
        phone: '13800138000',
        region: '广东省 深圳市 南山区',
        address: '科技园路 1 号',
        postalCode: '',
      },
    });
    const lines = await t.owner
      .selectFrom('order_lines')
      .select(['product_type', 'topup_account', 'shipping_address', 'quantity'])
      .where('order_id', '=', placed.orderId)
      .orderBy('line_no')
      .execute();
    expect(lines).toEqual([
      {
        product_type: 'direct_topup',
        topup_account: { phone: '13800138000' },
        shipping_address: null,
        quantity: 1,
      },
      {
        product_type: 'physical_card',
        topup_account: null,
        shipping_address: {
          name: '张三',
          phone: '13800138000',
          region: '广东省 深圳市 南山区',
          address: '科技园路 1 号',
        },
        quantity: 2,
      },
    ]);
  });

  test('a sold-out line is refused by createOrder with its message; nothing stays reserved', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const error = await refusal(
      guestCheckout(shop, { lines: [{ listingId: shop.listingId, quantity: 2 }] }),
      'ORDER_OUT_OF_STOCK',
    );
    expect(error.userMessage).toContain('库存不足');
    expect(await ordersIn(shop.tenantId)).toEqual([]);
  });

  test('a cart checkout takes the bought lines out of the cart and leaves the others', async () => {
    const a = await buildShopSku(t.db, { codes: 5 });
    const b = await buildShopSku(t.db, { tenantId: a.tenantId, supplier: a.supplier, codes: 5 });
    const customer = await buildCustomer(t.db, a.tenantId);
    const owner = { customerId: customer.id, guestToken: null };
    for (const shop of [a, b]) {
      await withTenant(t.db, a.tenantId, (trx) =>
        addCartItem(trx, { tenantId: a.tenantId, owner, listingId: shop.listingId, quantity: 2 }),
      );
    }
    const view = await withTenant(t.db, a.tenantId, (trx) =>
      getCheckout(trx, {
        tenantId: a.tenantId,
        customerId: customer.id,
        source: { kind: 'cart', owner },
        providers,
      }),
    );
    expect(view).toMatchObject({ source: 'cart', totalFen: 4800, ready: true, balanceFen: 0 });
    expect(view.paymentMethods).toEqual([
      { id: 'test', name: '测试支付' },
      { id: 'balance', name: '余额' },
    ]);

    const placed = await placeCheckout(
      { db: t.db, providers },
      {
        tenantId: a.tenantId,
        customerId: customer.id,
        idempotencyKey: `key-${randomUUID()}`,
        ip: uniqueIp(),
        lines: [{ listingId: a.listingId, quantity: 2 }],
        paymentMethod: 'test',
        cart: owner,
      },
    );
    expect(placed.payUrl).toMatch(/^\/pay\/test\//);
    const cart = await withTenant(t.db, a.tenantId, (trx) =>
      getCart(trx, { tenantId: a.tenantId, owner }),
    );
    expect(cart.lines.map((l) => l.listingId)).toEqual([b.listingId]);
  });

  test('paying from a balance that is too small is refused up front; no order, the cart untouched', async () => {
    const shop = await buildShopSku(t.db, { codes: 5, priceFen: 1200 });
    const customer = await buildCustomer(t.db, shop.tenantId);
    await credit(shop.tenantId, customer.id, 1000);
    const error = await refusal(
      placeCheckout(
        { db: t.db, providers },
        {
          tenantId: shop.tenantId,
          customerId: customer.id,
          idempotencyKey: `key-${randomUUID()}`,
          ip: uniqueIp(),
          lines: [{ listingId: shop.listingId, quantity: 1 }],
          paymentMethod: 'balance',
        },
      ),
      PaymentErrors.INSUFFICIENT_BALANCE,
    );
    expect(error.userMessage).toBe(
      '余额不足：当前余额 10.00 元，订单需支付 12.00 元。请选择其他支付方式，或先充值',
    );
    expect(await ordersIn(shop.tenantId)).toEqual([]);
  });

  test('paying from the balance pays at once; a double submit does not pay twice', async () => {
    const shop = await buildShopSku(t.db, { codes: 5, priceFen: 1200 });
    const customer = await buildCustomer(t.db, shop.tenantId);
    await credit(shop.tenantId, customer.id, 2000);
    const input = {
      tenantId: shop.tenantId,
      customerId: customer.id,
      idempotencyKey: `key-${randomUUID()}`,
      ip: uniqueIp(),
      lines: [{ listingId: shop.listingId, quantity: 1 }],
      paymentMethod: 'balance',
    };
    const first = await placeCheckout({ db: t.db, providers }, input);
    expect(first).toMatchObject({ created: true, payUrl: null, paidWithBalance: true });
    const second = await placeCheckout({ db: t.db, providers }, input);
    expect(second).toMatchObject({
      orderId: first.orderId,
      created: false,
      payUrl: null,
      paidWithBalance: false,
    });
    const orders = await ordersIn(shop.tenantId);
    expect(orders.map((o) => o.status)).toEqual(['paid']);
  });

  test('a guest cannot choose 余额', async () => {
    const shop = await buildShopSku(t.db, { codes: 2 });
    const error = await refusal(
      guestCheckout(shop, { paymentMethod: 'balance' }),
      CheckoutErrors.INVALID_INPUT,
    );
    expect(error.details?.fieldErrors).toEqual({ paymentMethod: '余额支付需要先登录' });
  });

  test('the buy-now view flags a quantity over the limit and a listing of another shop is not found', async () => {
    const shop = await buildShopSku(t.db, { codes: 5, maxPerOrder: 3 });
    const other = await buildShopSku(t.db, { codes: 5 });
    const view = (listingId: string, quantity: string) =>
      withTenant(t.db, shop.tenantId, (trx) =>
        getCheckout(trx, {
          tenantId: shop.tenantId,
          customerId: null,
          source: { kind: 'buy_now', listingId, quantity },
          providers,
        }),
      );
    const over = await view(shop.listingId, '4');
    expect(over).toMatchObject({ ready: false, balanceFen: null, orderExpiryMinutes: 15 });
    expect(over.lines[0]).toMatchObject({ quantity: 4, problem: 'above_max' });
    expect((await view(shop.listingId, 'x')).lines[0]!.quantity).toBe(1);
    await refusal(view(other.listingId, '1'), CheckoutErrors.LISTING_NOT_FOUND);
  });
});
