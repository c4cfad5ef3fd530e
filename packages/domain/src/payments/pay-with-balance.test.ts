import { randomUUID } from 'node:crypto';
import { withTenant } from '@cardshop/db';
import { expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { postEntry } from '../ledger/post-entry.js';
import { buildOrder, buildShopSku, useTestDatabase, type ShopSku } from '../testing/index.js';
import { payWithBalance } from './pay-with-balance.js';
import { PaymentErrors } from './payments.errors.js';

const t = useTestDatabase();

/** Money the customer holds in the shop, as a gateway top-up would book it. */
async function credit(shop: ShopSku, customerId: string, amountFen: number) {
  await withTenant(t.db, shop.tenantId, (trx) =>
    postEntry(trx, {
      kind: 'balance_topup',
      idempotencyKey: `topup:${randomUUID()}`,
      originTenantId: shop.tenantId,
      lines: [
        { account: { kind: 'gateway_clearing', provider: 'test' }, amountFen },
        {
          account: { kind: 'customer_balance', tenantId: shop.tenantId, customerId },
          amountFen: -amountFen,
        },
      ],
    }),
  );
}

function balanceOf(shop: ShopSku, customerId: string) {
  return withTenant(t.db, shop.tenantId, (trx) =>
    owedOn(trx, { kind: 'customer_balance', tenantId: shop.tenantId, customerId }),
  );
}

function pay(shop: ShopSku, orderId: string, customerId: string) {
  return withTenant(t.db, shop.tenantId, (trx) =>
    payWithBalance(trx, { tenantId: shop.tenantId, orderId, customerId }, { platformFeeBps: 1000 }),
  );
}

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; userMessage: string },
  );
}

test('paying with the balance pays at once, books the sale from the balance and queues delivery', async () => {
  const shop = await buildShopSku(t.db, { codes: 2, priceFen: 1200, wholesaleFen: 1000 });
  const customerId = randomUUID();
  await credit(shop, customerId, 5000);
  const { order } = await buildOrder(t.db, shop, { customerId });

  const paid = await pay(shop, order.id, customerId);
  expect(paid.balanceFen).toBe(3800);
  expect(await balanceOf(shop, customerId)).toBe(3800);
  const row = await t.owner
    .selectFrom('orders')
    .select(['status', 'platform_fee_fen'])
    .where('id', '=', order.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ status: 'paid', platform_fee_fen: 120 });
  const lines = await t.owner
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .where('e.order_id', '=', order.id)
    .select(['l.account_id', 'l.amount_fen'])
    .orderBy('l.line_no')
    .execute();
  expect(lines.map((l) => [l.account_id.replace(/:.*/, ''), l.amount_fen])).toEqual([
    ['customer_balance', 1200],
    ['supplier_payable', -1000],
    ['platform_revenue', -120],
    ['reseller_payable', -80],
  ]);
  const jobs = await t.owner
    .selectFrom('outbox')
    .select('payload')
    .where('name', '=', 'delivery.deliver-order')
    .execute();
  expect(jobs.map((j) => j.payload)).toContainEqual({ tenantId: shop.tenantId, orderId: order.id });

  const again = await refusal(pay(shop, order.id, customerId));
  expect(again?.code).toBe(PaymentErrors.ORDER_NOT_PAYABLE);
  expect(again?.userMessage).toBe('订单已支付，无需重复支付');
});

test('a balance short of the total is refused with both amounts, and nothing changes', async () => {
  const shop = await buildShopSku(t.db, { codes: 1, priceFen: 1200 });
  const customerId = randomUUID();
  await credit(shop, customerId, 1000);
  const { order } = await buildOrder(t.db, shop, { customerId });
  const error = await refusal(pay(shop, order.id, customerId));
  expect(isDomainError(error, PaymentErrors.INSUFFICIENT_BALANCE)).toBe(true);
  expect(error?.userMessage).toBe('余额不足：当前余额 10.00 元，订单需支付 12.00 元');
  expect(await balanceOf(shop, customerId)).toBe(1000);
  const payments = await t.owner
    .selectFrom('payments')
    .select('id')
    .where('order_id', '=', order.id)
    .execute();
  expect(payments).toEqual([]);
});

test('two orders paid from one balance at once never take it below zero', async () => {
  const shop = await buildShopSku(t.db, { codes: 2, priceFen: 1200 });
  const customerId = randomUUID();
  await credit(shop, customerId, 2000);
  const a = (await buildOrder(t.db, shop, { customerId })).order;
  const b = (await buildOrder(t.db, shop, { customerId })).order;
  const results = await Promise.allSettled([
    pay(shop, a.id, customerId),
    pay(shop, b.id, customerId),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(isDomainError(rejected.reason, PaymentErrors.INSUFFICIENT_BALANCE)).toBe(true);
  expect(await balanceOf(shop, customerId)).toBe(800);
});

test("another buyer's order cannot be paid from this balance", async () => {
  const shop = await buildShopSku(t.db, { codes: 1 });
  const customerId = randomUUID();
  await credit(shop, customerId, 5000);
  const { order } = await buildOrder(t.db, shop, { customerId: randomUUID() });
  const error = await refusal(pay(shop, order.id, customerId));
  expect(error?.code).toBe(PaymentErrors.ORDER_NOT_FOUND);
  expect(await balanceOf(shop, customerId)).toBe(5000);
});
