import { randomUUID } from 'node:crypto';
import { sql, withSupplier, withTenant } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { buildOrder, buildShopSku, buildSupplier, useTestDatabase } from '../testing/index.js';
import type { ShopSku } from '../testing/index.js';
import type { CreateOrderInput } from '../orders/orders.schemas.js';
import { deliverOrder } from './deliver-order.js';
import { DeliveryErrors } from './delivery.errors.js';
import { finishShipment } from './finish-shipment.js';
import { getFulfilmentQueue } from './fulfilment-queue.js';
import { acceptFulfilmentTask } from './fulfilment-tasks.js';
import { listShipments, markShipmentShipped } from './ship-shipment.js';

const t = useTestDatabase();
const gateway = createTestGateway({ secret: 'shipment-test-secret-'.padEnd(40, 'x') });
const providers = paymentProviders(gateway);

const address = {
  name: '李四',
  phone: '13800138000',
  region: '北京市 海淀区',
  address: '中关村大街 1 号',
};

/** An order paid through the test gateway and delivered (shipments and tasks created). */
async function paidAndDelivered(shop: ShopSku, lines: CreateOrderInput['lines']) {
  const { order } = await buildOrder(t.db, shop, { customerId: randomUUID(), lines });
  const payment = await withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, providers, { tenantId: shop.tenantId, orderId: order.id, provider: 'test' }),
  );
  const { rawBody, headers } = gateway.notification({
    reference: payment.reference,
    amountFen: order.totalFen,
  });
  await handlePaymentNotification(t.db, { providers }, { provider: 'test', rawBody, headers });
  await withTenant(t.db, shop.tenantId, (trx) =>
    deliverOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
  );
  return order.id;
}

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function statusOf(orderId: string) {
  const order = await t.owner
    .selectFrom('orders')
    .select('status')
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  const lines = await t.owner
    .selectFrom('order_lines')
    .select(['product_type', 'status'])
    .where('order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
  return { status: order.status, lines: lines.map((l) => `${l.product_type}:${l.status}`) };
}

describe('physical card shipments', () => {
  test('the supplier sees what to send and where; marking it shipped delivers the line once', async () => {
    const card = await buildShopSku(t.db, { codes: 2 });
    const physical = await buildShopSku(t.db, {
      tenantId: card.tenantId,
      productType: 'physical_card',
    });
    const orderId = await paidAndDelivered(card, [
      { listingId: card.listingId, quantity: 1 },
      { listingId: physical.listingId, quantity: 2, shippingAddress: address },
    ]);
    expect(await statusOf(orderId)).toEqual({
      status: 'partially_delivered',
      lines: ['card_code:delivered', 'physical_card:paid'],
    });

    const queue = await withSupplier(t.db, physical.supplier, (trx) => listShipments(trx));
    expect(queue.counts).toEqual({ pending: 1, shipped: 0, cancelled: 0 });
    const shipment = queue.shipments[0]!;
    expect(shipment).toMatchObject({
      orderId,
      productName: '实体游戏卡',
      skuName: '面值 10 元',
      quantity: 2,
      address,
      status: 'pending',
    });

    const done = await withSupplier(t.db, physical.supplier, (trx) =>
      markShipmentShipped(trx, {
        shipmentId: shipment.id,
        carrier: '顺丰速运',
        trackingNumber: ' sf 1234 5678 9012 ',
      }),
    );
    expect(done).toEqual({ outcome: 'shipped' });
    const row = await t.owner
      .selectFrom('shipments')
      .select(['status', 'carrier', 'tracking_number', 'shipped_at'])
      .where('id', '=', shipment.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'shipped',
      carrier: '顺丰速运',
      tracking_number: 'SF123456789012',
    });
    expect(row.shipped_at).toBeInstanceOf(Date);

    const job = await t.owner
      .selectFrom('outbox')
      .select('payload')
      .where('name', '=', 'delivery.shipment-shipped')
      .where(sql<boolean>`payload->>'shipmentId' = ${shipment.id}`)
      .executeTakeFirstOrThrow();
    expect(job.payload).toEqual({ tenantId: physical.tenantId, shipmentId: shipment.id });
    const finish = () =>
      withTenant(t.db, physical.tenantId, (trx) =>
        finishShipment(trx, { tenantId: physical.tenantId, shipmentId: shipment.id }),
      );
    expect([await finish(), await finish()]).toEqual(['delivered', 'unchanged']);
    expect(await statusOf(orderId)).toEqual({
      status: 'delivered',
      lines: ['card_code:delivered', 'physical_card:delivered'],
    });

    // A typo in the tracking number can be corrected; no second delivery job is queued.
    const fixed = await withSupplier(t.db, physical.supplier, (trx) =>
      markShipmentShipped(trx, {
        shipmentId: shipment.id,
        carrier: '顺丰速运',
        trackingNumber: 'SF123456789013',
      }),
    );
    expect(fixed).toEqual({ outcome: 'corrected' });
    const jobs = await t.owner
      .selectFrom('outbox')
      .select('id')
      .where('name', '=', 'delivery.shipment-shipped')
      .where(sql<boolean>`payload->>'shipmentId' = ${shipment.id}`)
      .execute();
    expect(jobs).toHaveLength(1);
    const after = await withSupplier(t.db, physical.supplier, (trx) =>
      listShipments(trx, { view: 'shipped' }),
    );
    expect(after.counts).toEqual({ pending: 0, shipped: 1, cancelled: 0 });
    expect(after.shipments[0]).toMatchObject({ trackingNumber: 'SF123456789013' });
  });

  test('a bad tracking number or a missing carrier is refused and changes nothing', async () => {
    const physical = await buildShopSku(t.db, { productType: 'physical_card' });
    await paidAndDelivered(physical, [
      { listingId: physical.listingId, quantity: 1, shippingAddress: address },
    ]);
    const [shipment] = (await withSupplier(t.db, physical.supplier, (trx) => listShipments(trx)))
      .shipments;
    const bad = await refusal(
      withSupplier(t.db, physical.supplier, (trx) =>
        markShipmentShipped(trx, {
          shipmentId: shipment!.id,
          carrier: '中通快递',
          trackingNumber: '单号#1',
        }),
      ),
    );
    expect(isDomainError(bad, DeliveryErrors.TRACKING_INVALID)).toBe(true);
    expect((bad as { userMessage: string }).userMessage).toBe(
      '快递单号应为 4–40 位字母、数字或短横线',
    );
    const noCarrier = await refusal(
      withSupplier(t.db, physical.supplier, (trx) =>
        markShipmentShipped(trx, {
          shipmentId: shipment!.id,
          carrier: ' ',
          trackingNumber: 'ZT0000000001',
        }),
      ),
    );
    expect((noCarrier as { userMessage: string }).userMessage).toBe('请选择或填写快递公司');
    const row = await t.owner
      .selectFrom('shipments')
      .select(['status', 'carrier', 'tracking_number'])
      .where('id', '=', shipment!.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', carrier: null, tracking_number: null });
  });

  test('another supplier neither sees nor ships the shipment', async () => {
    const physical = await buildShopSku(t.db, { productType: 'physical_card' });
    await paidAndDelivered(physical, [
      { listingId: physical.listingId, quantity: 1, shippingAddress: address },
    ]);
    const [shipment] = (await withSupplier(t.db, physical.supplier, (trx) => listShipments(trx)))
      .shipments;
    const stranger = { id: (await buildSupplier(t.db)).id };
    const theirs = await withSupplier(t.db, stranger, (trx) => listShipments(trx));
    expect(theirs.shipments).toEqual([]);
    expect(theirs.counts).toEqual({ pending: 0, shipped: 0, cancelled: 0 });
    const error = await refusal(
      withSupplier(t.db, stranger, (trx) =>
        markShipmentShipped(trx, {
          shipmentId: shipment!.id,
          carrier: '顺丰速运',
          trackingNumber: 'SF0000000001',
        }),
      ),
    );
    expect(isDomainError(error, DeliveryErrors.SHIPMENT_NOT_FOUND)).toBe(true);
    const row = await t.owner
      .selectFrom('shipments')
      .select('status')
      .where('id', '=', shipment!.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });
});

describe('the top-up queue', () => {
  test('filters by state, counts each state and labels the account fields', async () => {
    const topup = await buildShopSku(t.db, {
      productType: 'direct_topup',
      topupFields: [
        { key: 'game_id', label: '游戏角色 ID', kind: 'game_id', required: true },
        { key: 'server', label: '区服', kind: 'text', required: false },
      ],
    });
    const account = { game_id: 'player-42', server: '华东一区' };
    await paidAndDelivered(topup, [
      { listingId: topup.listingId, quantity: 1, topupAccount: account },
    ]);
    await paidAndDelivered(topup, [
      { listingId: topup.listingId, quantity: 1, topupAccount: { game_id: 'player-43' } },
    ]);
    const waiting = await withSupplier(t.db, topup.supplier, (trx) => getFulfilmentQueue(trx));
    expect(waiting.status).toBe('pending');
    expect(waiting.counts).toEqual({ pending: 2, accepted: 0, done: 0, failed: 0 });
    expect(waiting.tasks[0]!.fields).toEqual([
      { key: 'game_id', label: '游戏角色 ID', value: 'player-42' },
      { key: 'server', label: '区服', value: '华东一区' },
    ]);
    expect(waiting.tasks[1]!.fields).toEqual([
      { key: 'game_id', label: '游戏角色 ID', value: 'player-43' },
    ]);

    await withSupplier(t.db, topup.supplier, (trx) =>
      acceptFulfilmentTask(trx, waiting.tasks[0]!.id),
    );
    const accepted = await withSupplier(t.db, topup.supplier, (trx) =>
      getFulfilmentQueue(trx, { status: 'accepted' }),
    );
    expect(accepted.counts).toEqual({ pending: 1, accepted: 1, done: 0, failed: 0 });
    expect(accepted.tasks.map((task) => task.id)).toEqual([waiting.tasks[0]!.id]);
    const unknown = await withSupplier(t.db, topup.supplier, (trx) =>
      getFulfilmentQueue(trx, { status: 'nonsense', page: 99 }),
    );
    expect(unknown).toMatchObject({ status: 'pending', page: 1, pageCount: 1 });
  });
});
