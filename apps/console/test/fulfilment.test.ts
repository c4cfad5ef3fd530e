import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  createTestGateway,
  handlePaymentNotification,
  paymentProviders,
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

// The supplier's fulfilment queue over HTTP, with the runtime's worker running the jobs the
// actions queue (the shop's side of a finished top-up or a sent card), as in production.

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let supplier: { id: string; slug: string };
let stranger: { id: string; slug: string };
let topup: ShopSku;
let physical: ShopSku;
let ownerCookie: string;
let financeCookie: string;
let strangerCookie: string;
/** The fulfilment area; its top-up queue is the index route, so posts to it carry ?index. */
let base: string;

const topupFields = [
  { key: 'phone', label: '充值手机号', kind: 'mobile_cn' as const, required: true },
];
const address = {
  name: '李四',
  phone: '13800138000',
  region: '广东省 深圳市 南山区',
  address: '科技园路 1 号 A 座',
};

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  await t.runtime.startWorker();
  const created = await buildSupplier(t.db, { name: '速充供货商' });
  supplier = { id: created.id, slug: created.slug };
  base = `/supplier/${supplier.slug}/fulfilment`;
  const other = await buildSupplier(t.db, { name: '别家供货商' });
  stranger = { id: other.id, slug: other.slug };
  topup = await buildShopSku(t.db, {
    supplier: { id: supplier.id },
    productType: 'direct_topup',
    topupFields,
    priceFen: 5000,
    wholesaleFen: 4800,
  });
  physical = await buildShopSku(t.db, {
    tenantId: topup.tenantId,
    supplier: { id: supplier.id },
    productType: 'physical_card',
  });
  const owner = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: supplier.id, role: 'owner' }],
  });
  const finance = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: supplier.id, role: 'finance' }],
  });
  const theirs = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: stranger.id, role: 'owner' }],
  });
  ownerCookie = await client.signIn(owner.email);
  financeCookie = await client.signIn(finance.email);
  strangerCookie = await client.signIn(theirs.email);
});

/** Polls until check() returns something, for the work the worker does after an action. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A signed-in buyer's order, paid through the test gateway; the worker delivers it. */
async function paidOrder(shop: ShopSku, line: Record<string, unknown>, customerId = randomUUID()) {
  const { order } = await buildOrder(t.db, shop, {
    customerId,
    lines: [{ listingId: shop.listingId, quantity: 1, ...line }],
  });
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, {
      tenantId: shop.tenantId,
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
  t.runtime.kickOutbox();
  return { orderId: order.id, customerId };
}

async function taskOf(orderId: string) {
  return eventually(
    () =>
      t.owner
        .selectFrom('fulfilment_tasks')
        .select(['id', 'status', 'supplier_note'])
        .where('order_id', '=', orderId)
        .executeTakeFirst(),
    'the top-up task',
  );
}

async function orderState(orderId: string) {
  const order = await t.owner
    .selectFrom('orders')
    .select(['status', 'refunded_fen'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  const lines = await t.owner
    .selectFrom('order_lines')
    .select('status')
    .where('order_id', '=', orderId)
    .execute();
  return {
    status: order.status,
    refundedFen: order.refunded_fen,
    lines: lines.map((l) => l.status),
  };
}

function orderBecomes(orderId: string, status: string) {
  return eventually(async () => {
    const state = await orderState(orderId);
    return state.status === status ? state : undefined;
  }, `order ${orderId} to become ${status}`);
}

describe('supplier fulfilment: direct top-ups', () => {
  test('the queue shows the account to credit; 接单 then 完成 delivers the buyer’s line', async () => {
    const { orderId } = await paidOrder(topup, { topupAccount: { phone: '13900001111' } });
    const task = await taskOf(orderId);

    const page = await client.html(base, ownerCookie);
    expect(page.status).toBe(200);
    const text = unescapeHtml(page.text);
    expect(text).toContain('话费直充');
    expect(text).toContain('充值手机号');
    expect(text).toContain('13900001111');
    expect(text).toContain('复制');
    expect(text).toContain('接单');

    const accepted = await client.post(`${base}?index`, ownerCookie, {
      intent: 'accept',
      taskId: task.id,
    });
    expect(accepted.status).toBe(200);
    expect(unescapeHtml(await accepted.text())).toContain('已接单');
    expect((await taskOf(orderId)).status).toBe('accepted');
    const inProgress = unescapeHtml(
      (await client.html(`${base}?status=accepted`, ownerCookie)).text,
    );
    expect(inProgress).toContain('13900001111');

    const done = await client.post(`${base}?index`, ownerCookie, {
      intent: 'complete',
      taskId: task.id,
      note: '流水号 A123',
    });
    expect(done.status).toBe(200);
    expect(await taskOf(orderId)).toMatchObject({ status: 'done', supplier_note: '流水号 A123' });
    expect(await orderBecomes(orderId, 'delivered')).toMatchObject({ lines: ['delivered'] });
    const finished = unescapeHtml((await client.html(`${base}?status=done`, ownerCookie)).text);
    expect(finished).toContain('流水号 A123');

    // Done is final: failing it now is refused with a message.
    const late = await client.post(`${base}?index`, ownerCookie, {
      intent: 'fail',
      taskId: task.id,
      reason: '其实没充上',
    });
    expect(late.status).toBe(409);
    expect(unescapeHtml(await late.text())).toContain('这个充值任务已完成，不能再这样操作');
  });

  test('失败 needs a reason; with one the buyer’s line is refunded to their balance', async () => {
    const { orderId, customerId } = await paidOrder(topup, {
      topupAccount: { phone: '13900002222' },
    });
    const task = await taskOf(orderId);

    const noReason = await client.post(`${base}?index`, ownerCookie, {
      intent: 'fail',
      taskId: task.id,
      reason: ' ',
    });
    expect(noReason.status).toBe(422);
    expect(unescapeHtml(await noReason.text())).toContain('请填写充值失败的原因');
    expect((await taskOf(orderId)).status).toBe('pending');

    const failed = await client.post(`${base}?index`, ownerCookie, {
      intent: 'fail',
      taskId: task.id,
      reason: '该号码已停机，无法充值',
    });
    expect(failed.status).toBe(200);
    expect(unescapeHtml(await failed.text())).toContain('买家将收到这件商品的退款');
    expect(await orderBecomes(orderId, 'refunded')).toEqual({
      status: 'refunded',
      refundedFen: 5000,
      lines: ['refunded'],
    });
    const refund = await t.owner
      .selectFrom('refunds')
      .select(['amount_fen', 'destination', 'reason', 'status'])
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(refund).toEqual({
      amount_fen: 5000,
      destination: 'balance',
      reason: 'fulfilment_failed',
      status: 'succeeded',
    });
    const balance = await t.owner
      .selectFrom('ledger_lines')
      .select((eb) => eb.fn.sum<number>('amount_fen').as('sum'))
      .where('account_id', '=', `customer_balance:${topup.tenantId}:${customerId}`)
      .executeTakeFirstOrThrow();
    expect(Number(balance.sum)).toBe(-5000);
    const failedTab = unescapeHtml((await client.html(`${base}?status=failed`, ownerCookie)).text);
    expect(failedTab).toContain('该号码已停机，无法充值');
  });

  test('another supplier neither sees nor works the task; finance only reads', async () => {
    const { orderId } = await paidOrder(topup, { topupAccount: { phone: '13900003333' } });
    const task = await taskOf(orderId);

    const theirQueue = await client.html(`/supplier/${stranger.slug}/fulfilment`, strangerCookie);
    expect(theirQueue.status).toBe(200);
    expect(theirQueue.text).not.toContain('13900003333');
    const ours = await client.html(base, strangerCookie);
    expect(ours.status).toBe(404);
    const act = await client.post(`/supplier/${stranger.slug}/fulfilment?index`, strangerCookie, {
      intent: 'complete',
      taskId: task.id,
    });
    expect(act.status).toBe(404);
    expect(unescapeHtml(await act.text())).toContain('找不到这个充值任务');
    const intoOurs = await client.post(`${base}?index`, strangerCookie, {
      intent: 'accept',
      taskId: task.id,
    });
    expect(intoOurs.status).toBe(404);

    const readOnly = await client.html(base, financeCookie);
    expect(readOnly.status).toBe(200);
    expect(unescapeHtml(readOnly.text)).toContain('13900003333');
    const refused = await client.post(`${base}?index`, financeCookie, {
      intent: 'accept',
      taskId: task.id,
    });
    expect(refused.status).toBe(403);
    expect((await taskOf(orderId)).status).toBe('pending');
  });
});

describe('supplier fulfilment: physical cards', () => {
  test('the supplier sees the address, marks the card shipped, and the order is delivered', async () => {
    const { orderId } = await paidOrder(physical, { shippingAddress: address });
    const shipment = await eventually(
      () =>
        t.owner
          .selectFrom('shipments')
          .select(['id', 'status'])
          .where('order_id', '=', orderId)
          .executeTakeFirst(),
      'the shipment',
    );
    const page = unescapeHtml((await client.html(`${base}/shipments`, ownerCookie)).text);
    expect(page).toContain('实体游戏卡');
    expect(page).toContain('科技园路 1 号 A 座');
    expect(page).toContain('13800138000');
    expect(page).toContain('标记已发货');

    const bad = await client.post(`${base}/shipments`, ownerCookie, {
      intent: 'ship',
      shipmentId: shipment.id,
      carrier: '顺丰速运',
      trackingNumber: '单号？',
    });
    expect(bad.status).toBe(422);
    expect(unescapeHtml(await bad.text())).toContain('快递单号应为 4–40 位字母、数字或短横线');
    expect((await orderState(orderId)).status).toBe('paid');

    const shipped = await client.post(`${base}/shipments`, ownerCookie, {
      intent: 'ship',
      shipmentId: shipment.id,
      carrier: '顺丰速运',
      trackingNumber: 'SF1234567890123',
    });
    expect(shipped.status).toBe(200);
    expect(unescapeHtml(await shipped.text())).toContain('已标记发货');
    expect(await orderBecomes(orderId, 'delivered')).toMatchObject({ lines: ['delivered'] });
    const sent = unescapeHtml(
      (await client.html(`${base}/shipments?view=shipped`, ownerCookie)).text,
    );
    expect(sent).toContain('SF1234567890123');
    expect(sent).toContain('顺丰速运');

    const strangerShips = await client.post(
      `/supplier/${stranger.slug}/fulfilment/shipments`,
      strangerCookie,
      { intent: 'ship', shipmentId: shipment.id, carrier: '中通快递', trackingNumber: 'ZT0001' },
    );
    expect(strangerShips.status).toBe(404);
    const row = await t.owner
      .selectFrom('shipments')
      .select(['carrier', 'tracking_number'])
      .where('id', '=', shipment.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ carrier: '顺丰速运', tracking_number: 'SF1234567890123' });
  });
});
