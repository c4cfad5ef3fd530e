import { randomUUID } from 'node:crypto';
import { withTenant } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { deliverOrder } from '../delivery/deliver-order.js';
import { isDomainError } from '../errors.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { refundOrderLine } from '../payments/refund-order-line.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { buildCustomer, buildOrder, buildShopSku, useTestDatabase } from '../testing/index.js';
import type { ShopSku } from '../testing/index.js';
import { recordCodeReveal } from '../order-view/code-reveals.js';
import { getShopOrder } from './get-shop-order.js';
import { listShopOrders } from './list-shop-orders.js';
import { OrderErrors } from './orders.errors.js';

const t = useTestDatabase();
const gateway = createTestGateway({ secret: 'shop-orders-test-secret-'.padEnd(40, 'x') });
const providers = paymentProviders(gateway);

async function pay(shop: ShopSku, orderId: string, amountFen: number) {
  const payment = await withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, providers, { tenantId: shop.tenantId, orderId, provider: 'test' }),
  );
  const { rawBody, headers } = gateway.notification({ reference: payment.reference, amountFen });
  await handlePaymentNotification(
    t.db,
    { providers, platformFeeBps: 1000 },
    { provider: 'test', rawBody, headers },
  );
  await withTenant(t.db, shop.tenantId, (trx) =>
    deliverOrder(trx, { tenantId: shop.tenantId, orderId }),
  );
}

const list = (shop: ShopSku, input: { q?: string; status?: string; page?: number } = {}) =>
  withTenant(t.db, shop.tenantId, (trx) =>
    listShopOrders(trx, { tenantId: shop.tenantId, ...input }),
  );

describe('the shop’s orders in the console', () => {
  test('lists newest first, finds by number, phone, email or name, and filters by status', async () => {
    const shop = await buildShopSku(t.db, { codes: 6, priceFen: 1500, wholesaleFen: 1000 });
    const customer = await buildCustomer(t.db, shop.tenantId, { displayName: '王小明' });
    const mine = await buildOrder(t.db, shop, { customerId: customer.id, quantity: 2 });
    const guest = await buildOrder(t.db, shop, {
      customerId: null,
      contactEmail: 'guest.buyer@example.com',
      lookupPassword: 'secret1',
    });
    await pay(shop, mine.order.id, mine.order.totalFen);

    const all = await list(shop);
    expect(all.total).toBe(2);
    expect(all.orders.map((o) => o.id)).toEqual([guest.order.id, mine.order.id]);
    const paid = all.orders[1]!;
    // 30.00 sold, 20.00 wholesale, 3.00 platform fee (10 %): the shop keeps 7.00.
    expect(paid).toMatchObject({
      status: 'delivered',
      totalFen: 3000,
      marginFen: 700,
      customerName: '王小明',
      lineCount: 1,
      firstLine: '王者荣耀点券 · 面值 10 元 ×2',
    });
    expect(all.orders[0]).toMatchObject({ status: 'pending_payment', marginFen: 0 });

    const ids = async (input: { q?: string; status?: string }) =>
      (await list(shop, input)).orders.map((o) => o.id);
    expect(await ids({ q: mine.order.number })).toEqual([mine.order.id]);
    expect(await ids({ q: customer.phone!.slice(0, 7) })).toEqual([mine.order.id]);
    expect(await ids({ q: 'GUEST.buyer' })).toEqual([guest.order.id]);
    expect(await ids({ q: '小明' })).toEqual([mine.order.id]);
    expect(await ids({ q: '100%_' })).toEqual([]);
    expect(await ids({ status: 'delivered' })).toEqual([mine.order.id]);
    expect(await ids({ status: 'pending_payment' })).toEqual([guest.order.id]);
    expect(await list(shop, { status: 'bogus' })).toMatchObject({
      total: 2,
      filter: { status: null },
    });
  });

  test('the detail shows lines with wholesale and margin, payments, refunds and masked codes', async () => {
    const shop = await buildShopSku(t.db, { codes: 3, priceFen: 2000, wholesaleFen: 1200 });
    const { order } = await buildOrder(t.db, shop, { customerId: randomUUID(), quantity: 2 });
    await pay(shop, order.id, order.totalFen);
    const detail = await withTenant(t.db, shop.tenantId, (trx) =>
      getShopOrder(trx, shop.vault, { tenantId: shop.tenantId, orderId: order.id }),
    );
    expect(detail).toMatchObject({
      number: order.number,
      status: 'delivered',
      totalFen: 4000,
      wholesaleFen: 2400,
      platformFeeFen: 400,
      marginFen: 1200,
      refundedFen: 0,
    });
    expect(detail.payments).toMatchObject([
      { provider: 'test', amountFen: 4000, status: 'succeeded' },
    ]);
    const line = detail.lines[0]!;
    expect(line).toMatchObject({ wholesaleFen: 2400, platformFeeFen: 400, marginFen: 1200 });
    expect(line.codes).toHaveLength(2);
    const shown = JSON.stringify(detail);
    for (const code of shop.codes) expect(shown).not.toContain(code);
    for (const c of line.codes) {
      expect(c.masked).toMatch(/^CO\*{8}[A-Z0-9]{2}$/);
      expect(shop.codes.some((code) => code.endsWith(c.masked.slice(-2)))).toBe(true);
    }
    expect(detail.reveals).toEqual([]);

    // The buyer shows one code on the order page: the shop sees when, where from and which one.
    await withTenant(t.db, shop.tenantId, (trx) =>
      recordCodeReveal(trx, {
        tenantId: shop.tenantId,
        orderId: order.id,
        codeId: line.codes[0]!.codeId,
        via: 'page',
        ip: '203.0.113.9',
        userAgent: 'Mozilla/5.0 (iPhone)',
        session: { customerId: null, customerSessionId: null, browserId: 'browser-1' },
      }),
    );

    await withTenant(t.db, shop.tenantId, (trx) =>
      refundOrderLine(trx, {
        tenantId: shop.tenantId,
        orderId: order.id,
        lineId: line.id,
        reason: 'requested',
      }),
    );
    const refunded = await withTenant(t.db, shop.tenantId, (trx) =>
      getShopOrder(trx, shop.vault, { tenantId: shop.tenantId, orderId: order.id }),
    );
    expect(refunded).toMatchObject({ status: 'refunded', refundedFen: 4000, marginFen: 0 });
    expect(refunded.reveals).toMatchObject([
      {
        scope: 'code',
        via: 'page',
        ip: '203.0.113.9',
        browserId: 'browser-1',
        masked: line.codes[0]!.masked,
      },
    ]);
    expect(refunded.refunds).toMatchObject([
      { amountFen: 4000, destination: 'balance', reason: 'requested', status: 'succeeded' },
    ]);
  });

  test('a shop never sees another shop’s orders', async () => {
    const a = await buildShopSku(t.db, { codes: 2 });
    const b = await buildShopSku(t.db, { codes: 2 });
    const { order } = await buildOrder(t.db, a);
    expect((await list(b, { q: order.number })).orders).toEqual([]);
    expect((await list(b)).orders.map((o) => o.id)).not.toContain(order.id);
    const error = await withTenant(t.db, b.tenantId, (trx) =>
      // Even naming shop A's tenant id inside shop B's transaction finds nothing (RLS).
      getShopOrder(trx, b.vault, { tenantId: a.tenantId, orderId: order.id }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDomainError(error, OrderErrors.NOT_FOUND)).toBe(true);
  });
});
