import { randomUUID } from 'node:crypto';
import { migrateToLatest, openEmbedded, withTenant, type Database } from '@cardshop/db';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deliverOrder } from '../delivery/deliver-order.js';
import { getOrderCodes } from '../delivery/get-order-codes.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { buildOrder, buildShopSku } from '../testing/index.js';

// `npm start` with no configuration runs on PGlite: the same checkout must work there, as the app
// role, on its single session.
let db: Database;
let close: () => Promise<void>;

beforeAll(async () => {
  const embedded = await openEmbedded({});
  db = embedded.handle.db;
  close = embedded.handle.close;
  await migrateToLatest(db);
  await embedded.dropToAppRole();
});
afterAll(() => close?.());

test('on the embedded database a guest buys, pays through the test gateway and gets the code', async () => {
  const shop = await buildShopSku(db, { codes: 2 });
  const { order } = await buildOrder(db, shop, {
    customerId: null,
    contactEmail: `g-${randomUUID().slice(0, 6)}@example.com`,
    lookupPassword: 'secret1',
  });
  const gateway = createTestGateway({ secret: 'embedded-test-secret-'.padEnd(40, 'x') });
  const providers = paymentProviders(gateway);
  const payment = await withTenant(db, shop.tenantId, (trx) =>
    startPayment(trx, providers, { tenantId: shop.tenantId, orderId: order.id, provider: 'test' }),
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
  const codes = await withTenant(db, shop.tenantId, (trx) =>
    getOrderCodes(trx, shop.vault, { tenantId: shop.tenantId, orderId: order.id }),
  );
  expect(codes).toHaveLength(1);
  expect(shop.codes).toContain(codes[0]!.code);
});
