import { randomUUID } from 'node:crypto';
import {
  appConnectionString,
  connectPostgres,
  withTenant,
  type DatabaseHandle,
} from '@cardshop/db';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deliverOrder } from '../delivery/deliver-order.js';
import { getOrderCodes } from '../delivery/get-order-codes.js';
import { isDomainError } from '../errors.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { buildShopSku, useTestDatabase, type ShopSku } from '../testing/index.js';
import { createOrder } from './create-order.js';
import { OrderErrors } from './orders.errors.js';

const t = useTestDatabase();
let pool: DatabaseHandle;
let shop: ShopSku;
const gateway = createTestGateway({ secret: 'concurrency-test-secret-'.padEnd(40, 'x') });
const providers = paymentProviders(gateway);

beforeAll(async () => {
  // Enough connections for real contention, yet within a shared server's budget.
  pool = connectPostgres({ connectionString: appConnectionString(t.url), max: 24 });
  shop = await buildShopSku(t.db, { codes: 100, maxPerOrder: 5 });
});
afterAll(() => pool?.close());

test('200 concurrent buyers for 100 codes: exactly 100 get one, no code twice, the rest are told it is sold out', async () => {
  const db = pool.db;
  const buyers = Array.from({ length: 200 }, (_, i) => ({
    tenantId: shop.tenantId,
    idempotencyKey: `rush-${randomUUID()}`,
    customerId: randomUUID(),
    lines: [{ listingId: shop.listingId, quantity: 1 }],
    ip: `10.0.${Math.floor(i / 250)}.${i % 250}`,
  }));
  const started = Date.now();
  const outcomes = await Promise.allSettled(buyers.map((buyer) => createOrder(db, buyer)));
  const orders = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.order] : []));
  const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));

  expect(orders).toHaveLength(100);
  expect(refusals).toHaveLength(100);
  for (const refusal of refusals) {
    expect(isDomainError(refusal, OrderErrors.OUT_OF_STOCK), String(refusal)).toBe(true);
    expect((refusal as { userMessage: string }).userMessage).toMatch(/已售罄/);
  }

  // Pay and deliver them all, concurrently too.
  await Promise.all(
    orders.map(async (order) => {
      const payment = await withTenant(db, shop.tenantId, (trx) =>
        startPayment(trx, providers, {
          tenantId: shop.tenantId,
          orderId: order.id,
          provider: 'test',
        }),
      );
      const { rawBody, headers } = gateway.notification({
        reference: payment.reference,
        amountFen: order.totalFen,
      });
      const paid = await handlePaymentNotification(
        db,
        { providers },
        {
          provider: 'test',
          rawBody,
          headers,
        },
      );
      expect(paid.outcome).toBe('paid');
      const delivered = await withTenant(db, shop.tenantId, (trx) =>
        deliverOrder(trx, { tenantId: shop.tenantId, orderId: order.id }),
      );
      expect(delivered.outcome).toBe('delivered');
    }),
  );
  expect(Date.now() - started).toBeLessThan(60_000);

  const allocations = await t.owner
    .selectFrom('code_allocations')
    .select(['code_id', 'order_id', 'state'])
    .where('sku_id', '=', shop.skuId)
    .execute();
  expect(allocations).toHaveLength(100);
  expect(new Set(allocations.map((a) => a.code_id)).size).toBe(100);
  expect(new Set(allocations.map((a) => a.order_id)).size).toBe(100);
  expect(allocations.every((a) => a.state === 'sold')).toBe(true);

  const stock = await t.owner
    .selectFrom('sku_stock')
    .select(['available', 'reserved', 'sold'])
    .where('sku_id', '=', shop.skuId)
    .executeTakeFirstOrThrow();
  expect(stock).toEqual({ available: 0, reserved: 0, sold: 100 });
  const states = await t.owner
    .selectFrom('card_codes')
    .select('state')
    .where('sku_id', '=', shop.skuId)
    .execute();
  expect(states.every((s) => s.state === 'sold')).toBe(true);

  const seen = new Set<string>();
  for (const order of orders) {
    const codes = await withTenant(db, shop.tenantId, (trx) =>
      getOrderCodes(trx, shop.vault, { tenantId: shop.tenantId, orderId: order.id }),
    );
    expect(codes).toHaveLength(1);
    seen.add(codes[0]!.code);
  }
  expect([...seen].sort()).toEqual([...shop.codes].sort());
}, 90_000);
