import { sql, withSupplier, withTenant } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { refundOrderLine } from '../payments/refund-order-line.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { buildOrder, buildShopSku, useTestRuntime, type ShopSku } from '../testing/index.js';
import type { FinanceOwner } from './finance.queries.js';
import { getFinanceOverview, STATEMENT_PAGE_SIZE } from './get-finance-overview.js';

const t = useTestRuntime();
let shop: ShopSku;
const orders: Array<{ id: string; number: string; lineId: string }> = [];

/** An order of one unit, paid through the test gateway with no platform fee. */
async function paidOrder(sku: ShopSku) {
  const { order } = await buildOrder(t.db, sku);
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, sku.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, {
      tenantId: sku.tenantId,
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
    { providers: paymentProviders(gateway), platformFeeBps: 0 },
    { provider: 'test', rawBody, headers },
  );
  const line = await t.owner
    .selectFrom('order_lines')
    .select('id')
    .where('order_id', '=', order.id)
    .executeTakeFirstOrThrow();
  return { id: order.id, number: order.number, lineId: line.id };
}

beforeAll(async () => {
  // 20.00 retail over 12.00 wholesale: the shop's share of a sale is 8.00, the supplier's 12.00.
  shop = await buildShopSku(t.db, { codes: 5, priceFen: 2000, wholesaleFen: 1200 });
  orders.push(await paidOrder(shop), await paidOrder(shop));
  await withTenant(t.db, shop.tenantId, (trx) =>
    refundOrderLine(trx, {
      tenantId: shop.tenantId,
      orderId: orders[1]!.id,
      lineId: orders[1]!.lineId,
      reason: 'requested',
    }),
  );
});

describe('the statement of a shop and of its supplier', () => {
  test('a shop sees what it is owed and its sales and refunds, newest first, with the orders', async () => {
    const owner: FinanceOwner = { kind: 'shop', tenantId: shop.tenantId };
    const view = await withTenant(t.db, shop.tenantId, (trx) => getFinanceOverview(trx, owner));
    expect(view.owedFen).toBe(800);
    expect(view.payoutAccount).toBeNull();
    expect({ total: view.total, page: view.page, pageCount: view.pageCount }).toEqual({
      total: 3,
      page: 1,
      pageCount: 1,
    });
    expect(view.lines.map((l) => [l.kind, l.amountFen, l.orderNumber, l.description])).toEqual([
      ['refund', -800, orders[1]!.number, `退款扣回 · 订单 ${orders[1]!.number}`],
      ['sale', 800, orders[1]!.number, `销售收入 · 订单 ${orders[1]!.number}`],
      ['sale', 800, orders[0]!.number, `销售收入 · 订单 ${orders[0]!.number}`],
    ]);
    expect(view.lines[0]!.postedAt.getTime()).toBeGreaterThanOrEqual(
      view.lines[2]!.postedAt.getTime(),
    );
  });

  test('the supplier sees its payable from its own scope, without the shops’ orders', async () => {
    const owner: FinanceOwner = {
      kind: 'supplier',
      supplierId: shop.supplier.id,
      ownerTenantId: null,
    };
    const view = await withSupplier(t.db, { id: shop.supplier.id }, (trx) =>
      getFinanceOverview(trx, owner),
    );
    expect(view.owedFen).toBe(1200);
    expect(view.lines.map((l) => [l.kind, l.amountFen, l.orderNumber, l.description])).toEqual([
      ['refund', -1200, null, '退款扣回'],
      ['sale', 1200, null, '销售收入'],
      ['sale', 1200, null, '销售收入'],
    ]);
    // Each line says what its entry was and when, copied from the entry as it was written.
    const { rows } = await sql<{ mismatched: number }>`
      select count(*)::int as mismatched from ledger_lines l join ledger_entries e on e.id = l.entry_id
      where l.entry_kind <> e.kind or l.posted_at <> e.created_at`.execute(t.owner);
    expect(rows[0]!.mismatched).toBe(0);
  });

  test('another shop and another supplier see none of it', async () => {
    const other = await buildShopSku(t.db, { codes: 1 });
    const shopView = await withTenant(t.db, other.tenantId, (trx) =>
      getFinanceOverview(trx, { kind: 'shop', tenantId: shop.tenantId }),
    );
    expect({ owed: shopView.owedFen, lines: shopView.lines }).toEqual({ owed: 0, lines: [] });
    const supplierView = await withSupplier(t.db, { id: other.supplier.id }, (trx) =>
      getFinanceOverview(trx, {
        kind: 'supplier',
        supplierId: shop.supplier.id,
        ownerTenantId: null,
      }),
    );
    expect({ owed: supplierView.owedFen, lines: supplierView.lines }).toEqual({
      owed: 0,
      lines: [],
    });
  });

  test('pages hold 20 lines; a page past the end shows the last one', async () => {
    const busy = await buildShopSku(t.db, { codes: 25, priceFen: 1500, wholesaleFen: 1000 });
    for (let i = 0; i < 21; i++) await paidOrder(busy);
    const owner: FinanceOwner = { kind: 'shop', tenantId: busy.tenantId };
    const first = await withTenant(t.db, busy.tenantId, (trx) => getFinanceOverview(trx, owner));
    expect({ total: first.total, pageCount: first.pageCount, n: first.lines.length }).toEqual({
      total: 21,
      pageCount: 2,
      n: STATEMENT_PAGE_SIZE,
    });
    const last = await withTenant(t.db, busy.tenantId, (trx) =>
      getFinanceOverview(trx, owner, { page: '9' }),
    );
    expect({ page: last.page, n: last.lines.length }).toEqual({ page: 2, n: 1 });
    const garbage = await withTenant(t.db, busy.tenantId, (trx) =>
      getFinanceOverview(trx, owner, { page: 'abc' }),
    );
    expect(garbage.page).toBe(1);
    expect(new Set([...first.lines, ...last.lines].map((l) => l.id)).size).toBe(21);
    expect(first.owedFen).toBe(21 * 500);
  });
});
