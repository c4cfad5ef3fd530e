import { randomUUID } from 'node:crypto';
import { sql, withSupplier, withTenant, type Database } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import {
  buildOrder,
  buildShopSku,
  buildSupplier,
  useTestDatabase,
  type ShopSku,
} from '../testing/index.js';
import { OrderErrors } from '../orders/orders.errors.js';
import { shopRefundLine } from '../orders/shop-refund-line.js';
import { deliverOrder } from './deliver-order.js';
import { DeliveryErrors } from './delivery.errors.js';
import { finishFulfilment } from './finish-fulfilment.js';
import {
  acceptFulfilmentTask,
  completeFulfilmentTask,
  failFulfilmentTask,
  listFulfilmentTasks,
} from './fulfilment-tasks.js';
import { getOrderCodes } from './get-order-codes.js';

const t = useTestDatabase();
const gateway = createTestGateway({ secret: 'delivery-test-secret-'.padEnd(40, 'x') });
const providers = paymentProviders(gateway);

/** An order of the shop's SKU, paid through the test gateway (delivery queued, not run). */
async function paidOrder(
  shop: ShopSku,
  overrides: Parameters<typeof buildOrder>[2] = {},
): Promise<{ orderId: string; totalFen: number }> {
  const { order } = await buildOrder(t.db, shop, overrides);
  const payment = await withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, providers, { tenantId: shop.tenantId, orderId: order.id, provider: 'test' }),
  );
  const { rawBody, headers } = gateway.notification({
    reference: payment.reference,
    amountFen: order.totalFen,
  });
  const result = await handlePaymentNotification(
    t.db,
    { providers, platformFeeBps: 1000 },
    { provider: 'test', rawBody, headers },
  );
  expect(result.outcome).toBe('paid');
  return { orderId: order.id, totalFen: order.totalFen };
}

function deliver(shop: ShopSku, orderId: string) {
  return withTenant(t.db, shop.tenantId, (trx) =>
    deliverOrder(trx, { tenantId: shop.tenantId, orderId }),
  );
}

async function orderStatus(owner: Database, orderId: string) {
  const order = await owner
    .selectFrom('orders')
    .select(['status', 'refunded_fen', 'delivered_at'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  const lines = await owner
    .selectFrom('order_lines')
    .select('status')
    .where('order_id', '=', orderId)
    .execute();
  return { ...order, lines: lines.map((l) => l.status) };
}

describe('deliverOrder (自动发卡)', () => {
  test('marks the reserved codes sold exactly once and the buyer sees the very codes imported', async () => {
    const shop = await buildShopSku(t.db, { codes: 3 });
    const { orderId } = await paidOrder(shop, { quantity: 2 });

    const first = await deliver(shop, orderId);
    const second = await deliver(shop, orderId);
    expect(first).toMatchObject({ outcome: 'delivered', status: 'delivered', codesSold: 2 });
    expect(second).toMatchObject({ outcome: 'skipped', status: 'delivered', codesSold: 0 });

    const status = await orderStatus(t.owner, orderId);
    expect(status).toMatchObject({ status: 'delivered', lines: ['delivered'] });
    expect(status.delivered_at).not.toBeNull();
    const stock = await t.owner
      .selectFrom('sku_stock')
      .select(['available', 'reserved', 'sold'])
      .where('sku_id', '=', shop.skuId)
      .executeTakeFirstOrThrow();
    expect(stock).toEqual({ available: 1, reserved: 0, sold: 2 });

    const codes = await withTenant(t.db, shop.tenantId, (trx) =>
      getOrderCodes(trx, shop.vault, { tenantId: shop.tenantId, orderId }),
    );
    expect(codes).toHaveLength(2);
    for (const code of codes) expect(shop.codes).toContain(code.code);
    const states = await t.owner
      .selectFrom('card_codes')
      .select('state')
      .where(
        'id',
        'in',
        codes.map((c) => c.codeId),
      )
      .execute();
    expect(states.map((s) => s.state)).toEqual(['sold', 'sold']);
  });

  test('another shop can read none of these codes, even knowing the order id', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const { orderId } = await paidOrder(shop);
    await deliver(shop, orderId);
    const other = await buildShopSku(t.db, { codes: 1 });
    const seen = await withTenant(t.db, other.tenantId, (trx) =>
      getOrderCodes(trx, shop.vault, { tenantId: shop.tenantId, orderId }),
    );
    expect(seen).toEqual([]);
  });

  test('a sold code can never be released or given to another line', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const { orderId } = await paidOrder(shop);
    await deliver(shop, orderId);
    await expect(
      sql`delete from code_allocations where order_id = ${orderId}`.execute(t.owner),
    ).rejects.toThrow(/allocation is permanent/);
    const allocation = await t.owner
      .selectFrom('code_allocations')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    await expect(
      t.owner
        .insertInto('code_allocations')
        .values({
          ...allocation,
          order_line_id: allocation.order_line_id,
          state: 'reserved',
          sold_at: null,
        })
        .execute(),
    ).rejects.toThrow(/code_allocations_pkey/);
  });

  test('a physical card line gets a shipment for the logistics work; the order waits for it', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card' });
    const address = {
      name: '李四',
      phone: '13800138000',
      region: '北京市 海淀区',
      address: '中关村大街 1 号',
    };
    const { orderId } = await paidOrder(shop, {
      lines: [{ listingId: shop.listingId, quantity: 2, shippingAddress: address }],
    });
    expect(await deliver(shop, orderId)).toMatchObject({ outcome: 'waiting', shipmentsCreated: 1 });
    expect(await deliver(shop, orderId)).toMatchObject({ shipmentsCreated: 0 });
    const shipment = await t.owner
      .selectFrom('shipments')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(shipment).toMatchObject({ status: 'pending', quantity: 2, address });
    expect((await orderStatus(t.owner, orderId)).status).toBe('paid');
  });
});

describe('direct top-up fulfilment', () => {
  const topupFields = [
    { key: 'phone', label: '充值手机号', kind: 'mobile_cn' as const, required: true },
  ];

  async function topupOrder(shop: ShopSku, customerId: string | null = randomUUID()) {
    const { orderId, totalFen } = await paidOrder(shop, {
      customerId,
      ...(customerId === null ? { contactEmail: 'g@example.com', lookupPassword: 'secret1' } : {}),
      lines: [{ listingId: shop.listingId, quantity: 1, topupAccount: { phone: '13900001111' } }],
    });
    expect(await deliver(shop, orderId)).toMatchObject({ outcome: 'waiting', tasksCreated: 1 });
    const task = await t.owner
      .selectFrom('fulfilment_tasks')
      .select(['id', 'account', 'status'])
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ status: 'pending', account: { phone: '13900001111' } });
    return { orderId, totalFen, taskId: task.id };
  }

  async function finishFromOutbox(shop: ShopSku, taskId: string) {
    const job = await t.owner
      .selectFrom('outbox')
      .select('payload')
      .where('name', '=', 'delivery.fulfilment-result')
      .where(sql<boolean>`payload->>'taskId' = ${taskId}`)
      .executeTakeFirstOrThrow();
    expect(job.payload).toEqual({ tenantId: shop.tenantId, taskId });
    const run = () =>
      withTenant(t.db, shop.tenantId, (trx) =>
        finishFulfilment(trx, { tenantId: shop.tenantId, taskId }),
      );
    return [await run(), await run()];
  }

  test('the supplier accepts and completes a task; the line becomes delivered', async () => {
    const shop = await buildShopSku(t.db, { productType: 'direct_topup', topupFields });
    const { orderId, taskId } = await topupOrder(shop);
    const queue = await withSupplier(t.db, shop.supplier, (trx) => listFulfilmentTasks(trx));
    expect(queue.map((q) => q.id)).toEqual([taskId]);

    await withSupplier(t.db, shop.supplier, (trx) => acceptFulfilmentTask(trx, taskId));
    await withSupplier(t.db, shop.supplier, (trx) =>
      completeFulfilmentTask(trx, { taskId, note: '已充值' }),
    );
    expect(await finishFromOutbox(shop, taskId)).toEqual(['delivered', 'unchanged']);
    expect(await orderStatus(t.owner, orderId)).toMatchObject({
      status: 'delivered',
      lines: ['delivered'],
    });
    const again = await withSupplier(t.db, shop.supplier, (trx) =>
      failFulfilmentTask(trx, { taskId, reason: '账号错误' }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDomainError(again, DeliveryErrors.TASK_CLOSED)).toBe(true);
  });

  test('the shop cannot refund a top-up the supplier is still doing; once it is done it can', async () => {
    const shop = await buildShopSku(t.db, { productType: 'direct_topup', topupFields });
    const { orderId, taskId } = await topupOrder(shop);
    const line = await t.owner
      .selectFrom('order_lines')
      .select('id')
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    const refund = () =>
      withTenant(t.db, shop.tenantId, (trx) =>
        shopRefundLine(trx, {
          tenantId: shop.tenantId,
          orderId,
          actor: { type: 'staff', id: randomUUID() },
          refund: { lineId: line.id, reason: '买家要求退款' },
        }),
      );
    const refundRows = () =>
      t.owner.selectFrom('refunds').select('id').where('order_id', '=', orderId).execute();

    const whilePending = await refund().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDomainError(whilePending, OrderErrors.LINE_NOT_REFUNDABLE)).toBe(true);
    await withSupplier(t.db, shop.supplier, (trx) => acceptFulfilmentTask(trx, taskId));
    const whileAccepted = await refund().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDomainError(whileAccepted, OrderErrors.LINE_NOT_REFUNDABLE)).toBe(true);
    expect(await refundRows()).toEqual([]);

    await withSupplier(t.db, shop.supplier, (trx) => completeFulfilmentTask(trx, { taskId }));
    await finishFromOutbox(shop, taskId);
    const done = await refund();
    expect(done.amountFen).toBeGreaterThan(0);
    expect(await refundRows()).toHaveLength(1);
  });

  test('a failed task refunds the line to the balance and reverses its share of the sale', async () => {
    const shop = await buildShopSku(t.db, {
      productType: 'direct_topup',
      topupFields,
      priceFen: 5000,
      wholesaleFen: 4000,
    });
    const customerId = randomUUID();
    const { orderId, taskId } = await topupOrder(shop, customerId);
    await withSupplier(t.db, shop.supplier, (trx) =>
      failFulfilmentTask(trx, { taskId, reason: '运营商维护，暂时无法充值' }),
    );
    expect(await finishFromOutbox(shop, taskId)).toEqual(['refunded', 'unchanged']);
    expect(await orderStatus(t.owner, orderId)).toMatchObject({
      status: 'refunded',
      refunded_fen: 5000,
      lines: ['refunded'],
    });
    const lines = await t.owner
      .selectFrom('ledger_lines as l')
      .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
      .where('e.order_id', '=', orderId)
      .select(['e.kind', 'l.account_id', 'l.amount_fen'])
      .orderBy('e.created_at')
      .orderBy('l.line_no')
      .execute();
    // 10 % fee of 50.00 is 5.00, within the 10.00 margin; the refund takes every share back.
    expect(lines.map((l) => [l.kind, l.account_id.replace(/:.*/, ''), l.amount_fen])).toEqual([
      ['sale', 'gateway_clearing', 5000],
      ['sale', 'supplier_payable', -4000],
      ['sale', 'platform_revenue', -500],
      ['sale', 'reseller_payable', -500],
      ['refund', 'supplier_payable', 4000],
      ['refund', 'platform_revenue', 500],
      ['refund', 'reseller_payable', 500],
      ['refund', 'customer_balance', -5000],
    ]);
    const balance = await withTenant(t.db, shop.tenantId, (trx) =>
      owedOn(trx, { kind: 'customer_balance', tenantId: shop.tenantId, customerId }),
    );
    expect(balance).toBe(5000);
    const supplierOwed = await withSupplier(t.db, shop.supplier, (trx) =>
      owedOn(trx, { kind: 'supplier_payable', supplierId: shop.supplier.id }),
    );
    expect(supplierOwed).toBe(0);
  });

  test('a supplier sees and works only its own tasks', async () => {
    const shop = await buildShopSku(t.db, { productType: 'direct_topup', topupFields });
    const { taskId } = await topupOrder(shop);
    const stranger = { id: (await buildSupplier(t.db)).id };
    expect(await withSupplier(t.db, stranger, (trx) => listFulfilmentTasks(trx))).toEqual([]);
    const error = await withSupplier(t.db, stranger, (trx) =>
      completeFulfilmentTask(trx, { taskId }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDomainError(error, DeliveryErrors.TASK_NOT_FOUND)).toBe(true);
    const short = await withSupplier(t.db, shop.supplier, (trx) =>
      failFulfilmentTask(trx, { taskId, reason: ' ' }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDomainError(short, DeliveryErrors.REASON_REQUIRED)).toBe(true);
  });
});
