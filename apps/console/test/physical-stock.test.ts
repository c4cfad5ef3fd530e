import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  createTestGateway,
  deliverOrder,
  handlePaymentNotification,
  paymentProviders,
  refundOrderLine,
  startPayment,
  withTenant,
} from '@cardshop/domain';
import {
  buildOrder,
  buildShopSku,
  buildStaff,
  buildSupplier,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

// A physical card's quantity on hand, kept by its supplier on the SKU page over HTTP.

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let physical: ShopSku;
let skuUrl: string;
let ownerCookie: string;
let supportCookie: string;
let shipmentsUrl: string;
let productUrl: string;

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const supplier = await buildSupplier(t.db, { name: '实体卡供货商' });
  physical = await buildShopSku(t.db, {
    supplier: { id: supplier.id },
    productType: 'physical_card',
    stock: 0,
    lowStockThreshold: 2,
  });
  skuUrl = `/supplier/${supplier.slug}/products/${physical.productId}/skus/${physical.skuId}`;
  shipmentsUrl = `/supplier/${supplier.slug}/fulfilment/shipments`;
  productUrl = `/supplier/${supplier.slug}/products/${physical.productId}`;
  const owner = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: supplier.id, role: 'owner' }],
  });
  const support = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: supplier.id, role: 'support' }],
  });
  ownerCookie = await client.signIn(owner.email);
  supportCookie = await client.signIn(support.email);
});

const stock = () =>
  t.owner
    .selectFrom('sku_stock')
    .select(['available', 'reserved', 'sold'])
    .where('sku_id', '=', physical.skuId)
    .executeTakeFirstOrThrow();

describe('physical card stock in the console', () => {
  test('the SKU page sets, adds and removes cards with a reason, and lists every change', async () => {
    const page = await client.html(skuUrl, ownerCookie);
    expect(page.status).toBe(200);
    expect(unescapeHtml(page.text)).toContain('调整库存');

    const set = await client.post(skuUrl, ownerCookie, {
      intent: 'stock',
      mode: 'set',
      quantity: '30',
      reason: '首批到货',
    });
    expect(set.status).toBe(302);
    expect(set.headers.get('location')).toBe(`${skuUrl}?notice=stockAdjusted&count=30`);
    const added = await client.post(skuUrl, ownerCookie, {
      intent: 'stock',
      mode: 'add',
      quantity: '5',
      reason: '补货',
    });
    expect(added.status).toBe(302);
    const removed = await client.post(skuUrl, ownerCookie, {
      intent: 'stock',
      mode: 'remove',
      quantity: '3',
      reason: '运输损坏',
    });
    expect(removed.headers.get('location')).toBe(`${skuUrl}?notice=stockAdjusted&count=32`);
    expect(await stock()).toEqual({ available: 32, reserved: 0, sold: 0 });

    const after = unescapeHtml(
      (await client.html(`${skuUrl}?notice=stockAdjusted&count=32`, ownerCookie)).text,
    );
    expect(after).toContain('库存已更新，现在在手 32 件');
    expect(after).toContain('库存调整记录');
    for (const text of ['设为 30', '增加 5', '减少 3', '首批到货', '补货', '运输损坏', '35 → 32']) {
      expect(after).toContain(text);
    }
  });

  test('going below what orders hold is refused on the form, with the numbers, and changes nothing', async () => {
    await buildOrder(t.db, physical, {
      customerId: randomUUID(),
      lines: [
        {
          listingId: physical.listingId,
          quantity: 2,
          shippingAddress: {
            name: '李四',
            phone: '13800138000',
            region: '北京市 海淀区',
            address: '中关村大街 1 号',
          },
        },
      ],
    });
    const before = await stock();
    expect(before).toMatchObject({ reserved: 2 });
    const res = await client.post(skuUrl, ownerCookie, {
      intent: 'stock',
      mode: 'set',
      quantity: '1',
      reason: '盘点',
    });
    expect(res.status).toBe(409);
    const body = unescapeHtml(await res.text());
    expect(body).toContain(
      '库存不能少于 2 件：这些已被待支付或待发货的订单占用，发货或订单关闭后才会释放',
    );
    expect(await stock()).toEqual(before);

    const bad = await client.post(skuUrl, ownerCookie, {
      intent: 'stock',
      mode: 'add',
      quantity: '十',
      reason: '',
    });
    expect(bad.status).toBe(400);
    expect(unescapeHtml(await bad.text())).toContain('数量应为整数');
    const noReason = await client.post(skuUrl, ownerCookie, {
      intent: 'stock',
      mode: 'add',
      quantity: '4',
      reason: ' ',
    });
    expect(noReason.status).toBe(422);
    expect(unescapeHtml(await noReason.text())).toContain('请填写调整原因');
    expect(await stock()).toEqual(before);
  });

  test('support staff see the stock but cannot change it', async () => {
    const page = unescapeHtml((await client.html(skuUrl, supportCookie)).text);
    expect(page).toContain('在手库存');
    expect(page).not.toContain('保存库存');
    const before = await stock();
    const res = await client.post(skuUrl, supportCookie, {
      intent: 'stock',
      mode: 'add',
      quantity: '100',
      reason: '想加库存',
    });
    expect(res.status).toBe(403);
    expect(await stock()).toEqual(before);
  });

  test('a line refunded before shipping leaves the cards on sale and its shipment under 已取消', async () => {
    const { order } = await buildOrder(t.db, physical, {
      customerId: randomUUID(),
      lines: [
        {
          listingId: physical.listingId,
          quantity: 1,
          shippingAddress: {
            name: '王五',
            phone: '13800138001',
            region: '上海市 浦东新区',
            address: '世纪大道 100 号',
          },
        },
      ],
    });
    const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
    const payment = await withTenant(t.db, physical.tenantId, (trx) =>
      startPayment(trx, t.runtime.payments, {
        tenantId: physical.tenantId,
        orderId: order.id,
        provider: 'test',
      }),
    );
    const { rawBody, headers } = gateway.notification({
      reference: payment.reference,
      amountFen: order.totalFen,
    });
    await handlePaymentNotification(
      t.db,
      { providers: paymentProviders(gateway) },
      { provider: 'test', rawBody, headers },
    );
    await withTenant(t.db, physical.tenantId, (trx) =>
      deliverOrder(trx, { tenantId: physical.tenantId, orderId: order.id }),
    );
    const pending = unescapeHtml((await client.html(shipmentsUrl, ownerCookie)).text);
    expect(pending).toContain('世纪大道 100 号');
    const before = await stock();

    await withTenant(t.db, physical.tenantId, (trx) =>
      refundOrderLine(trx, {
        tenantId: physical.tenantId,
        orderId: order.id,
        lineId: order.lines[0]!.id,
        reason: 'requested',
      }),
    );
    expect(await stock()).toEqual({
      available: before.available + 1,
      reserved: before.reserved - 1,
      sold: 0,
    });
    expect(unescapeHtml((await client.html(shipmentsUrl, ownerCookie)).text)).not.toContain(
      '世纪大道 100 号',
    );
    const cancelled = unescapeHtml(
      (await client.html(`${shipmentsUrl}?view=cancelled`, ownerCookie)).text,
    );
    expect(cancelled).toContain('世纪大道 100 号');
    expect(cancelled).toContain('买家在发货前已退款，请不要寄出。');
  });

  test('a new physical-card SKU starts with the cards on hand typed in; a bad count adds nothing', async () => {
    const fields = {
      intent: 'save',
      name: '200 元面值',
      wholesalePrice: '196',
      faceValue: '200',
      minPerOrder: '1',
      maxPerOrder: '5',
      lowStockThreshold: '3',
      sortOrder: '2',
      status: 'active',
    };
    const bad = await client.post(`${productUrl}/skus/new`, ownerCookie, {
      ...fields,
      initialStock: '-4',
    });
    expect(bad.status).toBe(400);
    expect(unescapeHtml(await bad.text())).toContain('初始库存不能为负数');
    const none = await t.owner
      .selectFrom('skus')
      .select('id')
      .where('name', '=', '200 元面值')
      .executeTakeFirst();
    expect(none).toBeUndefined();

    const form = unescapeHtml((await client.html(`${productUrl}/skus/new`, ownerCookie)).text);
    expect(form).toContain('初始库存（件，可选）');
    expect(form).toContain('库存预警数量');
    const res = await client.post(`${productUrl}/skus/new`, ownerCookie, {
      ...fields,
      initialStock: '25',
    });
    expect(res.status).toBe(302);
    const sku = await t.owner
      .selectFrom('skus')
      .innerJoin('sku_stock', 'sku_stock.sku_id', 'skus.id')
      .select(['skus.id', 'skus.low_stock_threshold', 'sku_stock.available', 'sku_stock.reserved'])
      .where('skus.name', '=', '200 元面值')
      .executeTakeFirstOrThrow();
    expect(sku).toMatchObject({ low_stock_threshold: 3, available: 25, reserved: 0 });
    const history = await t.owner
      .selectFrom('stock_adjustments')
      .select(['kind', 'quantity', 'reason', 'created_by'])
      .where('sku_id', '=', sku.id)
      .execute();
    expect(history).toEqual([
      { kind: 'set', quantity: 25, reason: '初始库存', created_by: expect.any(String) },
    ]);
  });
});
