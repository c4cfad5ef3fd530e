import { randomUUID } from 'node:crypto';
import { withTenant, type Database } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import { buildOrder, buildShopSku, useTestDatabase, type ShopSku } from '../testing/index.js';
import { cancelOrder } from './cancel-order.js';
import { createOrder } from './create-order.js';
import { expireOrder } from './expire-order.js';
import { OrderErrors } from './orders.errors.js';

const t = useTestDatabase();

async function stock(owner: Database, skuId: string) {
  return owner
    .selectFrom('sku_stock')
    .select(['available', 'reserved', 'sold'])
    .where('sku_id', '=', skuId)
    .executeTakeFirstOrThrow();
}

async function counts(owner: Database) {
  const n = async (table: 'orders' | 'order_lines' | 'code_allocations' | 'outbox') =>
    Number(
      (
        await owner
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    orders: await n('orders'),
    lines: await n('order_lines'),
    allocations: await n('code_allocations'),
    outbox: await n('outbox'),
  };
}

async function expectRefusal(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isDomainError(error, code), String(error)).toBe(true);
  expect((error as { userMessage: string }).userMessage).toMatch(message);
}

describe('createOrder', () => {
  test('reserves codes, snapshots prices, moves stock and schedules the expiry in one go', async () => {
    const shop = await buildShopSku(t.db, { codes: 5, priceFen: 1500, wholesaleFen: 1000 });
    const { order, created } = await buildOrder(t.db, shop, { quantity: 2 });

    expect(created).toBe(true);
    expect(order).toMatchObject({ status: 'pending_payment', totalFen: 3000 });
    expect(order.number).toMatch(/^\d{16}$/);
    expect(order.lines).toEqual([
      expect.objectContaining({ quantity: 2, unitPriceFen: 1500, totalFen: 3000 }),
    ]);
    expect(await stock(t.owner, shop.skuId)).toEqual({ available: 3, reserved: 2, sold: 0 });

    const codes = await t.owner
      .selectFrom('card_codes')
      .select(['state', 'reserved_until', 'sold_count'])
      .where('sku_id', '=', shop.skuId)
      .where('state', '=', 'reserved')
      .execute();
    expect(codes).toHaveLength(2);
    expect(codes.every((c) => c.sold_count === 1 && c.reserved_until !== null)).toBe(true);

    const line = await t.owner
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(line).toMatchObject({ unit_wholesale_fen: 1000, product_type: 'card_code' });

    const job = await t.owner
      .selectFrom('outbox')
      .selectAll()
      .where('name', '=', 'orders.expire')
      .where(({ eb }) => eb('payload', '@>', JSON.stringify({ orderId: order.id })) as never)
      .executeTakeFirstOrThrow();
    expect(Math.abs(job.run_at.getTime() - order.expiresAt.getTime())).toBeLessThan(1_000);
    expect(order.expiresAt.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
  });

  test('the same idempotency key returns the same order, even from two requests at once', async () => {
    const shop = await buildShopSku(t.db, { codes: 5 });
    const input = {
      tenantId: shop.tenantId,
      idempotencyKey: `click-${randomUUID()}`,
      customerId: randomUUID(),
      lines: [{ listingId: shop.listingId, quantity: 1 }],
    };
    const [a, b] = await Promise.all([createOrder(t.db, input), createOrder(t.db, input)]);
    const c = await createOrder(t.db, input);

    expect(new Set([a.order.id, b.order.id, c.order.id]).size).toBe(1);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(c.created).toBe(false);
    expect(await stock(t.owner, shop.skuId)).toMatchObject({ available: 4, reserved: 1 });

    await expectRefusal(
      createOrder(t.db, { ...input, lines: [{ listingId: shop.listingId, quantity: 2 }] }),
      OrderErrors.IDEMPOTENCY_KEY_REUSED,
      /已用于另一个订单/,
    );
  });

  test('a guest must leave an email or phone and a lookup password, stored only as a hash', async () => {
    const shop = await buildShopSku(t.db, { codes: 3 });
    const guest = {
      tenantId: shop.tenantId,
      idempotencyKey: `guest-${randomUUID()}`,
      lines: [{ listingId: shop.listingId, quantity: 1 }],
    };
    await expectRefusal(createOrder(t.db, guest), OrderErrors.CONTACT_REQUIRED, /邮箱或手机号/);
    await expectRefusal(
      createOrder(t.db, { ...guest, contactPhone: '138 0013 8000' }),
      OrderErrors.LOOKUP_PASSWORD_REQUIRED,
      /查单密码/,
    );
    await expectRefusal(
      createOrder(t.db, { ...guest, contactEmail: 'not-an-email', lookupPassword: 'secret1' }),
      OrderErrors.INVALID_INPUT,
      /邮箱格式不正确/,
    );
    const { order } = await createOrder(t.db, {
      ...guest,
      contactPhone: '138 0013 8000',
      lookupPassword: 'secret1',
    });
    expect(order.contactPhone).toBe('13800138000');
    const row = await t.owner
      .selectFrom('orders')
      .select('lookup_password_hash')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(row.lookup_password_hash).toMatch(/^\$argon2id\$/);
  });

  test('refusals are specific and write nothing: unknown listing, quantity, off sale, sold out', async () => {
    const shop = await buildShopSku(t.db, { codes: 2, minPerOrder: 1, maxPerOrder: 3 });
    const other = await buildShopSku(t.db, { codes: 1 });
    const before = await counts(t.owner);

    await expectRefusal(
      buildOrder(t.db, { tenantId: shop.tenantId, listingId: randomUUID() }),
      OrderErrors.LISTING_NOT_FOUND,
      /商品不存在或已下架/,
    );
    await expectRefusal(
      buildOrder(t.db, shop, { quantity: 4 }),
      OrderErrors.QUANTITY_OUT_OF_RANGE,
      /每单可购买 1–3 件/,
    );
    await expectRefusal(
      buildOrder(t.db, shop, { quantity: 3 }),
      OrderErrors.OUT_OF_STOCK,
      /库存不足，目前最多还能买 2 件/,
    );
    // Another shop's listing id is simply not found here.
    await expectRefusal(
      buildOrder(t.db, { tenantId: shop.tenantId, listingId: other.listingId }),
      OrderErrors.LISTING_NOT_FOUND,
      /商品不存在/,
    );
    expect(await counts(t.owner)).toEqual(before);

    await t.owner
      .updateTable('listings')
      .set({ visible: false })
      .where('id', '=', shop.listingId)
      .execute();
    await expectRefusal(buildOrder(t.db, shop), OrderErrors.NOT_ON_SALE, /暂停销售/);
    await t.owner
      .updateTable('listings')
      .set({ visible: true })
      .where('id', '=', shop.listingId)
      .execute();

    await buildOrder(t.db, shop, { quantity: 2 });
    await expectRefusal(buildOrder(t.db, shop), OrderErrors.OUT_OF_STOCK, /已售罄/);
    expect(await stock(t.owner, shop.skuId)).toEqual({ available: 0, reserved: 2, sold: 0 });
  });

  test('direct top-up lines check the account against the product rules; physical cards need an address', async () => {
    const topup = await buildShopSku(t.db, {
      productType: 'direct_topup',
      topupFields: [{ key: 'phone', label: '充值手机号', kind: 'mobile_cn', required: true }],
    });
    await expectRefusal(
      buildOrder(t.db, topup, {
        lines: [{ listingId: topup.listingId, quantity: 1, topupAccount: { phone: '12345' } }],
      }),
      OrderErrors.TOPUP_ACCOUNT_INVALID,
      /充值手机号应为 11 位/,
    );
    const { order } = await buildOrder(t.db, topup, {
      lines: [
        { listingId: topup.listingId, quantity: 1, topupAccount: { phone: '139-0000-1111' } },
      ],
    });
    const line = await t.owner
      .selectFrom('order_lines')
      .select('topup_account')
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(line.topup_account).toEqual({ phone: '13900001111' });

    const card = await buildShopSku(t.db, { productType: 'physical_card' });
    await expectRefusal(
      buildOrder(t.db, card),
      OrderErrors.SHIPPING_ADDRESS_REQUIRED,
      /需要填写收货地址/,
    );
    const address = {
      name: '张三',
      phone: '13800138000',
      region: '广东省 深圳市 南山区',
      address: '科技园 1 号',
    };
    const placed = await buildOrder(t.db, card, {
      lines: [{ listingId: card.listingId, quantity: 1, shippingAddress: address }],
    });
    expect(placed.order.lines[0]).toMatchObject({ productType: 'physical_card', quantity: 1 });
  });

  test('open unpaid orders are capped per contact, per account and per address', async () => {
    const shop = await buildShopSku(t.db, { codes: 20 });
    const guest = (n: number, ip = `198.51.100.${n}`) => ({
      customerId: null,
      contactEmail: 'drain@example.com',
      lookupPassword: 'secret1',
      ip,
    });
    for (let i = 0; i < 2; i++)
      await buildOrder(t.db, shop, guest(i), { limits: { perContact: 2 } });
    await expectRefusal(
      buildOrder(t.db, shop, guest(3), { limits: { perContact: 2 } }),
      OrderErrors.TOO_MANY_OPEN_ORDERS,
      /您还有 2 个未支付的订单/,
    );

    const customerId = randomUUID();
    await buildOrder(t.db, shop, { customerId }, { limits: { perCustomer: 1 } });
    await expectRefusal(
      buildOrder(t.db, shop, { customerId }, { limits: { perCustomer: 1 } }),
      OrderErrors.TOO_MANY_OPEN_ORDERS,
      /未支付的订单/,
    );

    const ip = '203.0.113.77';
    for (let i = 0; i < 3; i++) await buildOrder(t.db, shop, { ip }, { limits: { perIp: 3 } });
    await expectRefusal(
      buildOrder(t.db, shop, { ip }, { limits: { perIp: 3 } }),
      OrderErrors.TOO_MANY_OPEN_ORDERS,
      /当前网络下未支付的订单过多（3 个）/,
    );
  });

  test('shared-account codes give one use each, to distinct codes, up to their reuse limit', async () => {
    const shop = await buildShopSku(t.db, { codes: 2, codeKind: 'reusable', reuseLimit: 3 });
    expect(await stock(t.owner, shop.skuId)).toMatchObject({ available: 6 });
    await buildOrder(t.db, shop, { quantity: 2 });
    for (let i = 0; i < 4; i++) await buildOrder(t.db, shop);
    await expectRefusal(buildOrder(t.db, shop), OrderErrors.OUT_OF_STOCK, /已售罄/);

    const codes = await t.owner
      .selectFrom('card_codes')
      .select(['state', 'sold_count', 'allocation_seq'])
      .where('sku_id', '=', shop.skuId)
      .execute();
    expect(codes.map((c) => [c.state, c.sold_count, c.allocation_seq])).toEqual([
      ['sold', 3, 3],
      ['sold', 3, 3],
    ]);
    const units = await t.owner
      .selectFrom('code_allocations')
      .select(['code_id', 'unit', 'order_line_id'])
      .where('sku_id', '=', shop.skuId)
      .execute();
    expect(units).toHaveLength(6);
    const firstLine = units.filter(
      (u) => u === units[0] || u.order_line_id === units[0]!.order_line_id,
    );
    expect(new Set(firstLine.map((u) => u.code_id)).size).toBe(firstLine.length);
    expect(await stock(t.owner, shop.skuId)).toEqual({ available: 0, reserved: 6, sold: 0 });
  });
});

describe('expireOrder and cancelOrder', () => {
  async function pastDue(owner: Database, orderId: string) {
    await owner
      .updateTable('orders')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('id', '=', orderId)
      .execute();
  }

  async function placed(shop: ShopSku, quantity = 2) {
    return (await buildOrder(t.db, shop, { quantity })).order;
  }

  test('an expired unpaid order returns its codes to stock, once', async () => {
    const shop = await buildShopSku(t.db, { codes: 3 });
    const order = await placed(shop);
    const early = await withTenant(t.db, shop.tenantId, (trx) =>
      expireOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
    );
    expect(early.outcome).toBe('not_due');

    await pastDue(t.owner, order.id);
    const first = await withTenant(t.db, shop.tenantId, (trx) =>
      expireOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
    );
    const second = await withTenant(t.db, shop.tenantId, (trx) =>
      expireOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
    );
    expect(first).toEqual({ outcome: 'expired', skuIds: [shop.skuId] });
    expect(second).toEqual({ outcome: 'settled' });
    expect(await stock(t.owner, shop.skuId)).toEqual({ available: 3, reserved: 0, sold: 0 });
    const codes = await t.owner
      .selectFrom('card_codes')
      .select(['state', 'sold_count', 'reserved_until'])
      .where('sku_id', '=', shop.skuId)
      .execute();
    expect(
      codes.every((c) => c.state === 'available' && c.sold_count === 0 && !c.reserved_until),
    ).toBe(true);
    const lines = await t.owner
      .selectFrom('order_lines')
      .select('status')
      .where('order_id', '=', order.id)
      .execute();
    expect(lines.map((l) => l.status)).toEqual(['expired']);

    // The codes sell again.
    await placed(shop, 3);
    expect(await stock(t.owner, shop.skuId)).toEqual({ available: 0, reserved: 3, sold: 0 });
  });

  test('a released use of a shared-account code is taken again without colliding', async () => {
    const shop = await buildShopSku(t.db, { codes: 1, codeKind: 'reusable', reuseLimit: 2 });
    const a = await placed(shop, 1);
    await placed(shop, 1);
    await pastDue(t.owner, a.id);
    await withTenant(t.db, shop.tenantId, (trx) =>
      expireOrder(trx, { tenantId: shop.tenantId, orderId: a.id }),
    );
    expect(await stock(t.owner, shop.skuId)).toEqual({ available: 1, reserved: 1, sold: 0 });
    await placed(shop, 1);
    const units = await t.owner
      .selectFrom('code_allocations')
      .select('unit')
      .where('sku_id', '=', shop.skuId)
      .orderBy('unit')
      .execute();
    expect(units.map((u) => u.unit)).toEqual([2, 3]);
  });

  test('the buyer cancels an unpaid order; a second cancel says it is closed', async () => {
    const shop = await buildShopSku(t.db, { codes: 2 });
    const order = await placed(shop, 1);
    await withTenant(t.db, shop.tenantId, (trx) =>
      cancelOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
    );
    expect(await stock(t.owner, shop.skuId)).toEqual({ available: 2, reserved: 0, sold: 0 });
    await expectRefusal(
      withTenant(t.db, shop.tenantId, (trx) =>
        cancelOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
      ),
      OrderErrors.NOT_PENDING,
      /订单已关闭/,
    );
  });
});
