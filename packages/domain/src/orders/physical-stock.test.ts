import { randomUUID } from 'node:crypto';
import {
  appConnectionString,
  connectPostgres,
  withSupplier,
  withTenant,
  type DatabaseHandle,
} from '@cardshop/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverOrder } from '../delivery/deliver-order.js';
import { DeliveryErrors } from '../delivery/delivery.errors.js';
import { listShipments, markShipmentShipped } from '../delivery/ship-shipment.js';
import { isDomainError } from '../errors.js';
import { adjustPhysicalStock } from '../inventory/adjust-physical-stock.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { refundOrderLine } from '../payments/refund-order-line.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { buildOrder, buildShopSku, useTestDatabase, type ShopSku } from '../testing/index.js';
import { cancelOrder } from './cancel-order.js';
import { createOrder } from './create-order.js';
import { expireOrder } from './expire-order.js';
import { OrderErrors } from './orders.errors.js';

// Physical cards are counted stock: the supplier's quantity on hand is sku_stock.available, an
// order holds its cards (available -> reserved) until they ship (reserved -> sold), and expiry,
// cancellation or a refund before shipping puts them back on sale.

const t = useTestDatabase();
const gateway = createTestGateway({ secret: 'physical-stock-test-secret-'.padEnd(40, 'x') });
const providers = paymentProviders(gateway);
let pool: DatabaseHandle;

beforeAll(() => {
  // Enough connections for real contention, yet within a shared server's budget.
  pool = connectPostgres({ connectionString: appConnectionString(t.url), max: 12 });
});
afterAll(() => pool?.close());

const address = {
  name: '李四',
  phone: '13800138000',
  region: '北京市 海淀区',
  address: '中关村大街 1 号',
};

const stockOf = (skuId: string) =>
  t.owner
    .selectFrom('sku_stock')
    .select(['available', 'reserved', 'sold'])
    .where('sku_id', '=', skuId)
    .executeTakeFirstOrThrow();

const holdsOf = (orderId: string) =>
  t.owner
    .selectFrom('stock_holds')
    .select(['quantity', 'state'])
    .where('order_id', '=', orderId)
    .execute();

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

function order(shop: ShopSku, quantity = 1, overrides: Record<string, unknown> = {}) {
  return buildOrder(t.db, shop, {
    lines: [{ listingId: shop.listingId, quantity, shippingAddress: address }],
    ...overrides,
  }).then((r) => r.order);
}

async function pay(shop: ShopSku, orderId: string, amountFen: number) {
  const payment = await withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, providers, { tenantId: shop.tenantId, orderId, provider: 'test' }),
  );
  const { rawBody, headers } = gateway.notification({ reference: payment.reference, amountFen });
  return handlePaymentNotification(t.db, { providers }, { provider: 'test', rawBody, headers });
}

async function payAndDeliver(shop: ShopSku, orderId: string, amountFen: number) {
  expect((await pay(shop, orderId, amountFen)).outcome).toBe('paid');
  return withTenant(t.db, shop.tenantId, (trx) =>
    deliverOrder(trx, { tenantId: shop.tenantId, orderId }),
  );
}

async function pastDue(orderId: string) {
  await t.owner
    .updateTable('orders')
    .set({ expires_at: new Date(Date.now() - 1_000) })
    .where('id', '=', orderId)
    .execute();
}

const expire = (shop: ShopSku, orderId: string) =>
  withTenant(t.db, shop.tenantId, (trx) => expireOrder(trx, { tenantId: shop.tenantId, orderId }));

const shipmentOf = (orderId: string) =>
  t.owner
    .selectFrom('shipments')
    .select(['id', 'status'])
    .where('order_id', '=', orderId)
    .executeTakeFirst();

const ship = (shop: ShopSku, shipmentId: string, trackingNumber = 'SF1234567890') =>
  withSupplier(t.db, shop.supplier, (trx) =>
    markShipmentShipped(trx, { shipmentId, carrier: '顺丰速运', trackingNumber }),
  );

describe('physical card stock through orders', () => {
  test('30 concurrent buyers for 10 cards on hand: exactly 10 orders, the rest told it is sold out', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 10 });
    const buyers = Array.from({ length: 30 }, (_, i) => ({
      tenantId: shop.tenantId,
      idempotencyKey: `rush-${randomUUID()}`,
      customerId: randomUUID(),
      lines: [{ listingId: shop.listingId, quantity: 1, shippingAddress: address }],
      ip: `10.1.0.${i + 1}`,
    }));
    const outcomes = await Promise.allSettled(buyers.map((buyer) => createOrder(pool.db, buyer)));
    const orders = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.order] : []));
    const refusals = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [o.reason as unknown] : [],
    );

    expect(orders).toHaveLength(10);
    expect(refusals).toHaveLength(20);
    for (const error of refusals) {
      expect(isDomainError(error, OrderErrors.OUT_OF_STOCK), String(error)).toBe(true);
      expect((error as { userMessage: string }).userMessage).toBe(
        '很抱歉，“实体游戏卡（面值 10 元）”已售罄，请稍后再来或选择其他商品',
      );
    }
    expect(await stockOf(shop.skuId)).toEqual({ available: 0, reserved: 10, sold: 0 });
    const holds = await t.owner
      .selectFrom('stock_holds')
      .select(['order_id', 'quantity', 'state'])
      .where('sku_id', '=', shop.skuId)
      .execute();
    expect(holds).toHaveLength(10);
    expect(new Set(holds.map((h) => h.order_id)).size).toBe(10);
    expect(holds.every((h) => h.quantity === 1 && h.state === 'reserved')).toBe(true);
    // A refused checkout left nothing behind.
    const lines = await t.owner
      .selectFrom('order_lines')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('sku_id', '=', shop.skuId)
      .executeTakeFirstOrThrow();
    expect(Number(lines.n)).toBe(10);
  }, 60_000);

  test('asking for more than is left says how many can still be bought, and changes nothing', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 3 });
    const error = await refusal(order(shop, 4));
    expect(isDomainError(error, OrderErrors.OUT_OF_STOCK)).toBe(true);
    expect((error as { userMessage: string; details: unknown }).userMessage).toBe(
      '“实体游戏卡（面值 10 元）”库存不足，目前最多还能买 3 件，请减少数量后重试',
    );
    expect(await stockOf(shop.skuId)).toEqual({ available: 3, reserved: 0, sold: 0 });
    const none = await buildShopSku(t.db, { productType: 'physical_card', stock: 0 });
    const soldOut = await refusal(order(none));
    expect((soldOut as { userMessage: string }).userMessage).toMatch(/已售罄/);
  });

  test('expiry and cancellation put the cards back on sale, once', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 5 });
    const expiring = await order(shop, 2);
    const cancelled = await order(shop, 3);
    expect(await stockOf(shop.skuId)).toEqual({ available: 0, reserved: 5, sold: 0 });

    await pastDue(expiring.id);
    expect(await expire(shop, expiring.id)).toEqual({ outcome: 'expired', skuIds: [shop.skuId] });
    expect(await expire(shop, expiring.id)).toEqual({ outcome: 'settled' });
    expect(await stockOf(shop.skuId)).toEqual({ available: 2, reserved: 3, sold: 0 });
    expect(await holdsOf(expiring.id)).toEqual([]);

    expect(
      await withTenant(t.db, shop.tenantId, (trx) =>
        cancelOrder(trx, { tenantId: shop.tenantId, orderId: cancelled.id }),
      ),
    ).toEqual({ skuIds: [shop.skuId] });
    expect(await stockOf(shop.skuId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await holdsOf(cancelled.id)).toEqual([]);

    // The cards sell again.
    await order(shop, 5);
    expect(await stockOf(shop.skuId)).toEqual({ available: 0, reserved: 5, sold: 0 });
  });

  test('a card-code line and a physical line in one order are reserved and released together', async () => {
    const codes = await buildShopSku(t.db, { codes: 3 });
    const cards = await buildShopSku(t.db, {
      tenantId: codes.tenantId,
      productType: 'physical_card',
      stock: 4,
    });
    const placed = await buildOrder(t.db, codes, {
      lines: [
        { listingId: codes.listingId, quantity: 2 },
        { listingId: cards.listingId, quantity: 3, shippingAddress: address },
      ],
    });
    expect(await stockOf(codes.skuId)).toEqual({ available: 1, reserved: 2, sold: 0 });
    expect(await stockOf(cards.skuId)).toEqual({ available: 1, reserved: 3, sold: 0 });
    const cancelled = await withTenant(t.db, codes.tenantId, (trx) =>
      cancelOrder(trx, { tenantId: codes.tenantId, orderId: placed.order.id }),
    );
    expect(cancelled.skuIds.sort()).toEqual([codes.skuId, cards.skuId].sort());
    expect(await stockOf(codes.skuId)).toEqual({ available: 3, reserved: 0, sold: 0 });
    expect(await stockOf(cards.skuId)).toEqual({ available: 4, reserved: 0, sold: 0 });

    // Short on the physical card: neither line keeps anything.
    const error = await refusal(
      buildOrder(t.db, codes, {
        lines: [
          { listingId: codes.listingId, quantity: 1 },
          { listingId: cards.listingId, quantity: 5, shippingAddress: address },
        ],
      }),
    );
    expect(isDomainError(error, OrderErrors.OUT_OF_STOCK)).toBe(true);
    expect(await stockOf(codes.skuId)).toEqual({ available: 3, reserved: 0, sold: 0 });
    expect(await stockOf(cards.skuId)).toEqual({ available: 4, reserved: 0, sold: 0 });
  });

  test('paid cards stay reserved until shipped; shipping moves them to sold, once', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 6 });
    const placed = await order(shop, 2);
    const delivered = await payAndDeliver(shop, placed.id, placed.totalFen);
    expect(delivered).toMatchObject({ outcome: 'waiting', shipmentsCreated: 1 });
    expect(delivered.skuIds).toEqual([shop.skuId]);
    expect(await stockOf(shop.skuId)).toEqual({ available: 4, reserved: 2, sold: 0 });

    const shipment = (await shipmentOf(placed.id))!;
    expect(await ship(shop, shipment.id)).toEqual({ outcome: 'shipped' });
    expect(await stockOf(shop.skuId)).toEqual({ available: 4, reserved: 0, sold: 2 });
    expect(await holdsOf(placed.id)).toEqual([{ quantity: 2, state: 'sold' }]);

    // Correcting the tracking number moves nothing.
    expect(await ship(shop, shipment.id, 'SF0000000000')).toEqual({ outcome: 'corrected' });
    expect(await stockOf(shop.skuId)).toEqual({ available: 4, reserved: 0, sold: 2 });

    // Refunding a card already on its way does not put it back on sale.
    const [line] = await t.owner
      .selectFrom('order_lines')
      .select('id')
      .where('order_id', '=', placed.id)
      .execute();
    const refunded = await withTenant(t.db, shop.tenantId, (trx) =>
      refundOrderLine(trx, {
        tenantId: shop.tenantId,
        orderId: placed.id,
        lineId: line!.id,
        reason: 'requested',
      }),
    );
    expect(refunded.refunded).toBe(true);
    expect(await stockOf(shop.skuId)).toEqual({ available: 4, reserved: 0, sold: 2 });
    expect((await shipmentOf(placed.id))!.status).toBe('shipped');
  });

  test('a refund before shipping puts the cards back on sale and cancels the shipment', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 5 });
    const placed = await order(shop, 2);
    await payAndDeliver(shop, placed.id, placed.totalFen);
    const shipment = (await shipmentOf(placed.id))!;
    expect(
      (await withSupplier(t.db, shop.supplier, (trx) => listShipments(trx))).counts,
    ).toMatchObject({ pending: 1 });

    const [line] = await t.owner
      .selectFrom('order_lines')
      .select('id')
      .where('order_id', '=', placed.id)
      .execute();
    const refunded = await withTenant(t.db, shop.tenantId, (trx) =>
      refundOrderLine(trx, {
        tenantId: shop.tenantId,
        orderId: placed.id,
        lineId: line!.id,
        reason: 'requested',
      }),
    );
    expect(refunded).toMatchObject({ refunded: true, amountFen: placed.totalFen });
    expect(await stockOf(shop.skuId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await holdsOf(placed.id)).toEqual([]);
    expect(await shipmentOf(placed.id)).toEqual({ id: shipment.id, status: 'cancelled' });

    // The supplier no longer sees it to send, and cannot send it.
    const queue = await withSupplier(t.db, shop.supplier, (trx) => listShipments(trx));
    expect(queue.counts).toEqual({ pending: 0, shipped: 0, cancelled: 1 });
    expect(queue.shipments).toEqual([]);
    const cancelledView = await withSupplier(t.db, shop.supplier, (trx) =>
      listShipments(trx, { view: 'cancelled' }),
    );
    expect(cancelledView.shipments.map((s) => [s.id, s.status])).toEqual([
      [shipment.id, 'cancelled'],
    ]);
    const late = await refusal(ship(shop, shipment.id));
    expect(isDomainError(late, DeliveryErrors.SHIPMENT_CLOSED)).toBe(true);
    expect((late as { userMessage: string }).userMessage).toBe('这个发货单已取消，不需要再发货');
    expect(await stockOf(shop.skuId)).toEqual({ available: 5, reserved: 0, sold: 0 });

    // Refunding it again changes nothing.
    const again = await withTenant(t.db, shop.tenantId, (trx) =>
      refundOrderLine(trx, {
        tenantId: shop.tenantId,
        orderId: placed.id,
        lineId: line!.id,
        reason: 'requested',
      }),
    );
    expect(again).toEqual({ refunded: false });
    expect(await stockOf(shop.skuId)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  test('a refund before delivery ran releases the cards, and no shipment is made for them', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 2 });
    const placed = await order(shop, 1);
    expect((await pay(shop, placed.id, placed.totalFen)).outcome).toBe('paid');
    expect(await stockOf(shop.skuId)).toEqual({ available: 1, reserved: 1, sold: 0 });
    const [line] = await t.owner
      .selectFrom('order_lines')
      .select('id')
      .where('order_id', '=', placed.id)
      .execute();
    await withTenant(t.db, shop.tenantId, (trx) =>
      refundOrderLine(trx, {
        tenantId: shop.tenantId,
        orderId: placed.id,
        lineId: line!.id,
        reason: 'requested',
      }),
    );
    expect(await stockOf(shop.skuId)).toEqual({ available: 2, reserved: 0, sold: 0 });
    const delivered = await withTenant(t.db, shop.tenantId, (trx) =>
      deliverOrder(trx, { tenantId: shop.tenantId, orderId: placed.id }),
    );
    expect(delivered.shipmentsCreated).toBe(0);
    expect(await shipmentOf(placed.id)).toBeUndefined();
  });

  test('a late payment takes the cards again when they are there, and is refunded when not', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 2 });
    const placed = await order(shop, 2);
    const payment = await withTenant(t.db, shop.tenantId, (trx) =>
      startPayment(trx, providers, {
        tenantId: shop.tenantId,
        orderId: placed.id,
        provider: 'test',
      }),
    );
    await pastDue(placed.id);
    await expire(shop, placed.id);
    expect(await stockOf(shop.skuId)).toEqual({ available: 2, reserved: 0, sold: 0 });
    const late = gateway.notification({ reference: payment.reference, amountFen: placed.totalFen });
    const paid = await handlePaymentNotification(
      t.db,
      { providers },
      { provider: 'test', rawBody: late.rawBody, headers: late.headers },
    );
    expect(paid.outcome).toBe('late_paid');
    expect(await stockOf(shop.skuId)).toEqual({ available: 0, reserved: 2, sold: 0 });
    expect(await holdsOf(placed.id)).toEqual([{ quantity: 2, state: 'reserved' }]);

    // One more card comes in; an order for it expires, another buyer takes it, then the first
    // order's payment arrives: nothing left, so the money goes back.
    await withSupplier(t.db, shop.supplier, (trx) =>
      adjustPhysicalStock(
        trx,
        { skuId: shop.skuId, mode: 'add', quantity: 1, reason: '到货' },
        { type: 'system', id: 'test' },
      ),
    );
    const second = await order(shop, 1);
    const secondPayment = await withTenant(t.db, shop.tenantId, (trx) =>
      startPayment(trx, providers, {
        tenantId: shop.tenantId,
        orderId: second.id,
        provider: 'test',
      }),
    );
    await pastDue(second.id);
    await expire(shop, second.id);
    await order(shop, 1);
    const tooLate = gateway.notification({
      reference: secondPayment.reference,
      amountFen: second.totalFen,
    });
    const refunded = await handlePaymentNotification(
      t.db,
      { providers },
      { provider: 'test', rawBody: tooLate.rawBody, headers: tooLate.headers },
    );
    expect(refunded.outcome).toBe('late_refunded');
    expect(await holdsOf(second.id)).toEqual([]);
    expect(await stockOf(shop.skuId)).toEqual({ available: 0, reserved: 3, sold: 0 });
  });

  test('a shop cannot move a physical card’s counters without holding cards in it', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 5 });
    const moved = await withTenant(t.db, shop.tenantId, (trx) =>
      trx
        .updateTable('sku_stock')
        .set({ available: 1000 })
        .where('sku_id', '=', shop.skuId)
        .executeTakeFirst(),
    );
    expect(Number(moved.numUpdatedRows)).toBe(0);
    expect(await stockOf(shop.skuId)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });
});
