import { randomUUID } from 'node:crypto';
import { sql, withTenant, type Database } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { deliverOrder } from '../delivery/deliver-order.js';
import { isDomainError } from '../errors.js';
import { runOutboxJob } from '../jobs/run-job.js';
import { createLogger } from '../logger.js';
import { cancelOrder } from '../orders/cancel-order.js';
import { createOrder } from '../orders/create-order.js';
import { expireOrder } from '../orders/expire-order.js';
import { OrderErrors } from '../orders/orders.errors.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { encodePaymentReference } from '../payments/reference.js';
import { refundOrderLine } from '../payments/refund-order-line.js';
import { refundPayoutJob } from '../payments/refund-payout.job.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { buildShopSku, buildTenant, useTestDatabase, type ShopSku } from '../testing/index.js';

// Property: over any sequence of orders, payments (on time, late, replayed, duplicated),
// expiries, cancellations, deliveries and refunds, the ledger sums to zero, every entry balances,
// the gateway's clearing account holds exactly the money taken minus the money paid back, and each
// SKU's counters match its codes. fast-check is not installed here, so sequences come from a small
// seeded PRNG (a failing seed replays exactly); swap in fast-check's fc.commands when it is.

const t = useTestDatabase();
const gateway = createTestGateway({ secret: 'sequence-test-secret-'.padEnd(40, 'x') });
const providers = paymentProviders(gateway);
const silent = createLogger({ level: 'silent' });

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T | undefined =>
      items.length === 0 ? undefined : items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}

interface World {
  tenantId: string;
  skus: ShopSku[];
  customers: Array<string | null>;
  /** Orders this run placed, with the payment started for each (if any). */
  orders: Array<{ id: string; totalFen: number; paymentIds: string[] }>;
}

async function checkInvariants(owner: Database, world: World, step: string) {
  const total = await sql<{
    total: string | null;
  }>`select sum(amount_fen) as total from ledger_lines`.execute(owner);
  expect(Number(total.rows[0]!.total ?? 0), `${step}: ledger total`).toBe(0);
  const unbalanced = await sql`
    select entry_id from ledger_lines group by entry_id, currency having sum(amount_fen) <> 0`.execute(
    owner,
  );
  expect(unbalanced.rows, `${step}: unbalanced entries`).toEqual([]);

  // Clearing holds what succeeded payments brought in, minus what went back through the gateway.
  const clearing = await sql<{
    balance: string | null;
    taken: string | null;
    paid_out: string | null;
  }>`
    select
      (select sum(amount_fen) from ledger_lines where account_id = 'gateway_clearing:test') as balance,
      (select sum(amount_fen) from payments where status in ('succeeded', 'refunded')) as taken,
      (select sum(amount_fen) from refunds where destination = 'original_payment' and status = 'succeeded') as paid_out`.execute(
    owner,
  );
  const c = clearing.rows[0]!;
  expect(Number(c.balance ?? 0), `${step}: clearing`).toBe(
    Number(c.taken ?? 0) - Number(c.paid_out ?? 0),
  );

  // Every paid order has exactly one sale entry; unpaid ones none.
  const sales = await sql<{ id: string; status: string; sales: number }>`
    select o.id, o.status, (select count(*)::int from ledger_entries e where e.order_id = o.id and e.kind = 'sale') as sales
    from orders o where o.tenant_id = ${world.tenantId}`.execute(owner);
  for (const row of sales.rows) {
    const paid = !['pending_payment', 'expired', 'cancelled'].includes(row.status) && row.sales > 0;
    expect(row.sales, `${step}: sales of ${row.status} order`).toBe(paid ? 1 : 0);
  }

  for (const sku of world.skus) {
    const stock = await owner
      .selectFrom('sku_stock')
      .select(['available', 'reserved', 'sold'])
      .where('sku_id', '=', sku.skuId)
      .executeTakeFirstOrThrow();
    const codes = await sql<{ units: number; free: number; taken: number }>`
      select coalesce(sum(sell_limit), 0)::int as units,
             coalesce(sum(sell_limit - sold_count) filter (where state in ('available', 'sold')), 0)::int as free,
             coalesce(sum(sold_count), 0)::int as taken
      from card_codes where sku_id = ${sku.skuId}`.execute(owner);
    const allocations = await sql<{ reserved: number; sold: number }>`
      select count(*) filter (where state = 'reserved')::int as reserved,
             count(*) filter (where state = 'sold')::int as sold
      from code_allocations where sku_id = ${sku.skuId}`.execute(owner);
    const u = codes.rows[0]!;
    const a = allocations.rows[0]!;
    expect(stock.available + stock.reserved + stock.sold, `${step}: units conserved`).toBe(u.units);
    expect(stock, `${step}: counters match codes`).toEqual({
      available: u.free,
      reserved: a.reserved,
      sold: a.sold,
    });
    expect(u.taken, `${step}: sold_count matches allocations`).toBe(a.reserved + a.sold);
  }
}

async function runPayouts(db: Database, owner: Database) {
  const open = await owner
    .selectFrom('outbox')
    .select('id')
    .where('name', '=', refundPayoutJob.name)
    .where('completed_at', 'is', null)
    .execute();
  for (const job of open) {
    await runOutboxJob(
      refundPayoutJob,
      { id: job.id, attempt: 1, finalAttempt: false },
      { db, logger: silent },
    );
  }
}

async function runSequence(seed: number, steps: number) {
  const rnd = prng(seed);
  const tenantId = (await buildTenant(t.db)).id;
  const world: World = {
    tenantId,
    skus: [
      await buildShopSku(t.db, { tenantId, codes: 12, priceFen: 1290, wholesaleFen: 1000 }),
      await buildShopSku(t.db, {
        tenantId,
        codes: 3,
        codeKind: 'reusable',
        reuseLimit: 2,
        priceFen: 990,
        wholesaleFen: 500,
      }),
      await buildShopSku(t.db, {
        tenantId,
        productType: 'direct_topup',
        priceFen: 5000,
        wholesaleFen: 4900,
      }),
    ],
    customers: [randomUUID(), randomUUID(), null],
    orders: [],
  };
  const ordersIn = async (statuses: string[]) =>
    (
      await t.owner
        .selectFrom('orders')
        .select(['id', 'status'])
        .where('tenant_id', '=', tenantId)
        .where('status', 'in', statuses as never[])
        .execute()
    ).map((o) => world.orders.find((w) => w.id === o.id)!);
  const notify = async (paymentId: string, amountFen: number, times: number) => {
    const { rawBody, headers } = gateway.notification({
      reference: encodePaymentReference(tenantId, paymentId),
      amountFen,
    });
    for (let i = 0; i < times; i++) {
      await handlePaymentNotification(
        t.db,
        { providers, platformFeeBps: rnd.int(0, 800) },
        { provider: 'test', rawBody, headers },
      );
    }
  };

  const log: string[] = [];
  const statuses = new Set<string>();
  for (let step = 0; step < steps; step++) {
    const action = rnd.pick([
      'order',
      'order',
      'pay',
      'pay',
      'expire',
      'late',
      'deliver',
      'refund',
      'duplicate',
      'cancel',
    ] as const)!;
    log.push(action);
    const label = `seed ${seed} step ${step} (${log.slice(-6).join(' > ')})`;
    if (action === 'order') {
      const sku = rnd.pick(world.skus)!;
      const customerId = rnd.pick(world.customers)!;
      try {
        const { order } = await createOrder(
          t.db,
          {
            tenantId,
            idempotencyKey: `seq-${randomUUID()}`,
            customerId,
            ...(customerId === null
              ? { contactEmail: 'guest@example.com', lookupPassword: 'secret1' }
              : {}),
            lines: [
              {
                listingId: sku.listingId,
                quantity: rnd.int(1, 2),
                ...(sku.codes.length === 0 ? { topupAccount: { phone: '13900001111' } } : {}),
              },
            ],
          },
          { limits: { perContact: 100, perCustomer: 100, perIp: 100 } },
        );
        world.orders.push({ id: order.id, totalFen: order.totalFen, paymentIds: [] });
      } catch (error) {
        if (!isDomainError(error, OrderErrors.OUT_OF_STOCK)) throw error;
      }
    } else if (action === 'pay' || action === 'late') {
      const candidates = await ordersIn(
        action === 'pay' ? ['pending_payment'] : ['expired', 'cancelled'],
      );
      const order = rnd.pick(candidates.filter((o) => action === 'pay' || o.paymentIds.length > 0));
      if (order) {
        if (action === 'pay') {
          const payment = await withTenant(t.db, tenantId, (trx) =>
            startPayment(trx, providers, { tenantId, orderId: order.id, provider: 'test' }),
          );
          order.paymentIds.push(payment.paymentId);
          // Sometimes the buyer walks away before paying: the payment stays for a late one.
          if (rnd.chance(0.8)) await notify(payment.paymentId, order.totalFen, rnd.int(1, 3));
        } else {
          await notify(order.paymentIds[0]!, order.totalFen, rnd.int(1, 2));
        }
      }
    } else if (action === 'expire' || action === 'cancel') {
      const order = rnd.pick(await ordersIn(['pending_payment']));
      if (order) {
        if (action === 'expire') {
          await t.owner
            .updateTable('orders')
            .set({ expires_at: new Date(Date.now() - 1_000) })
            .where('id', '=', order.id)
            .execute();
          await withTenant(t.db, tenantId, (trx) =>
            expireOrder(trx, { tenantId, orderId: order.id }),
          );
        } else {
          await withTenant(t.db, tenantId, (trx) =>
            cancelOrder(trx, { tenantId, orderId: order.id }),
          );
        }
      }
    } else if (action === 'deliver') {
      const order = rnd.pick(await ordersIn(['paid', 'partially_delivered']));
      if (order)
        await withTenant(t.db, tenantId, (trx) =>
          deliverOrder(trx, { tenantId, orderId: order.id }),
        );
    } else if (action === 'refund') {
      const order = rnd.pick(
        await ordersIn(['paid', 'delivered', 'partially_delivered', 'partially_refunded']),
      );
      if (order) {
        const line = await t.owner
          .selectFrom('order_lines')
          .select('id')
          .where('order_id', '=', order.id)
          .executeTakeFirstOrThrow();
        await withTenant(t.db, tenantId, (trx) =>
          refundOrderLine(trx, {
            tenantId,
            orderId: order.id,
            lineId: line.id,
            reason: 'requested',
          }),
        );
        if (rnd.chance(0.7)) await runPayouts(t.db, t.owner);
      }
    } else {
      // A second payment of an order someone already paid.
      const order = rnd.pick(await ordersIn(['paid', 'delivered']));
      if (order) {
        const second = await t.owner
          .insertInto('payments')
          .values({
            tenant_id: tenantId,
            order_id: order.id,
            provider: 'test',
            amount_fen: order.totalFen,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await notify(second.id, order.totalFen, 1);
      }
    }
    await checkInvariants(t.owner, world, label);
    const now = await sql<{ status: string }>`
      select distinct status from orders where tenant_id = ${tenantId}`.execute(t.owner);
    for (const row of now.rows) statuses.add(row.status);
  }
  await runPayouts(t.db, t.owner);
  await checkInvariants(t.owner, world, `seed ${seed} end`);
  const kinds = await sql<{ kind: string }>`
    select distinct kind from ledger_entries where origin_tenant_id = ${tenantId}`.execute(t.owner);
  return { log, entryKinds: kinds.rows.map((r) => r.kind), orderStatuses: [...statuses] };
}

describe('random sequences of buying operations (seeded; fast-check should replace the PRNG)', () => {
  const seen = { entryKinds: new Set<string>(), orderStatuses: new Set<string>() };
  for (const seed of [1, 20261125, 4242, 77]) {
    test(`seed ${seed}: the ledger balances to zero and stock is conserved after every step`, async () => {
      const run = await runSequence(seed, 50);
      expect(run.log).toHaveLength(50);
      for (const kind of run.entryKinds) seen.entryKinds.add(kind);
      for (const status of run.orderStatuses) seen.orderStatuses.add(status);
    }, 60_000);
  }
  test('the sequences reached every kind of posting and the main order states', () => {
    expect([...seen.entryKinds].sort()).toEqual(
      expect.arrayContaining(['payment_to_balance', 'refund', 'refund_payout', 'sale']),
    );
    expect([...seen.orderStatuses]).toEqual(
      expect.arrayContaining(['delivered', 'expired', 'cancelled', 'paid', 'refunded']),
    );
  });
});
