import { randomUUID } from 'node:crypto';
import { asPlatform, sql, withTenant, type Database, type PlatformActor } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { postEntry } from '../ledger/post-entry.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { payWithBalance } from '../payments/pay-with-balance.js';
import { paymentProviders } from '../payments/provider.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import { buildOrder, buildShopSku, buildStaff, useTestDatabase } from '../testing/index.js';
import { readPlatformFeeBps } from './platform-settings.queries.js';
import { platformGetSettings, platformUpdateSettings } from './platform-update-settings.js';

const t = useTestDatabase();
const gateway = createTestGateway({ secret: 'settings-test-secret-'.padEnd(48, 'x') });
const providers = paymentProviders(gateway);

async function operator(db: Database): Promise<PlatformActor> {
  const staff = await buildStaff(db, { platformRole: 'operator' });
  return { type: 'staff', id: staff.id, ip: '203.0.113.9' };
}

function setFee(actor: PlatformActor, platformFeeBps: number) {
  return asPlatform(t.db, { actor, purpose: 'test: platform fee' }, (trx) =>
    platformUpdateSettings(trx, actor, { platformFeeBps }),
  );
}

async function ledgerLines(owner: Database, orderId: string) {
  const rows = await owner
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .where('e.order_id', '=', orderId)
    .select(['e.id', 'l.account_id', 'l.amount_fen'])
    .orderBy('l.line_no')
    .execute();
  return rows;
}

async function ledgerTotal(owner: Database) {
  const row = await owner
    .selectFrom('ledger_lines')
    .select(sql<string | null>`sum(amount_fen)`.as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total ?? 0);
}

describe('platform settings: the platform fee', () => {
  test('starts at 0; a shop reads it through app_platform_fee_bps() but cannot read or change the row', async () => {
    const shop = await buildShopSku(t.db, { codes: 0 });
    expect(await withTenant(t.db, shop.tenantId, (trx) => readPlatformFeeBps(trx))).toBe(0);
    await expect(
      withTenant(t.db, shop.tenantId, (trx) =>
        trx.selectFrom('platform_settings').selectAll().execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(t.db, shop.tenantId, (trx) =>
        trx.updateTable('platform_settings').set({ platform_fee_bps: 3000 }).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  test('an operator sets the fee, audited with the value before and after', async () => {
    const actor = await operator(t.db);
    const saved = await setFee(actor, 500);
    expect(saved).toMatchObject({
      changed: true,
      settings: { platformFeeBps: 500, updatedBy: { id: actor.id } },
    });
    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select(['action', 'data', 'ip'])
      .where('actor_id', '=', actor.id)
      .orderBy('occurred_at')
      .execute();
    // One transaction: both rows carry the same time, so their order is not defined.
    expect(audit.map((a) => a.action).sort()).toEqual([
      'platform.scope',
      'platform_settings.update',
    ]);
    expect(audit.find((a) => a.action === 'platform_settings.update')).toMatchObject({
      ip: '203.0.113.9',
      data: { before: { platformFeeBps: 0 }, after: { platformFeeBps: 500 } },
    });
    const shop = await buildShopSku(t.db, { codes: 0 });
    expect(await withTenant(t.db, shop.tenantId, (trx) => readPlatformFeeBps(trx))).toBe(500);
    // Setting the same value again changes and records nothing.
    expect((await setFee(actor, 500)).changed).toBe(false);
    const updates = await t.owner
      .selectFrom('platform_audit_log')
      .select('id')
      .where('action', '=', 'platform_settings.update')
      .where('actor_id', '=', actor.id)
      .execute();
    expect(updates).toHaveLength(1);
    await setFee(actor, 0);
  });

  test.each([
    [3001, '平台手续费不能超过 30%'],
    [-1, '平台手续费不能为负数'],
    [12.5, '平台手续费最多精确到 0.01%'],
  ])(
    '%s basis points are refused with a clear message and change nothing',
    async (bps, message) => {
      const actor = await operator(t.db);
      await expect(setFee(actor, bps)).rejects.toMatchObject({
        code: 'SETTINGS_INVALID_INPUT',
        status: 422,
        userMessage: message,
      });
      const now = await asPlatform(t.db, { actor, purpose: 'test: read' }, platformGetSettings);
      expect(now.platformFeeBps).toBe(0);
    },
  );

  test('a gateway sale under a 5 % fee posts the fee to platform revenue and the ledger balances', async () => {
    const actor = await operator(t.db);
    await setFee(actor, 500);
    try {
      const shop = await buildShopSku(t.db, { codes: 2, priceFen: 2000, wholesaleFen: 1000 });
      const { order } = await buildOrder(t.db, shop, { quantity: 2 });
      const payment = await withTenant(t.db, shop.tenantId, (trx) =>
        startPayment(trx, providers, {
          tenantId: shop.tenantId,
          orderId: order.id,
          provider: 'test',
        }),
      );
      const result = await handlePaymentNotification(
        t.db,
        { providers },
        {
          provider: 'test',
          ...gateway.notification({ reference: payment.reference, amountFen: 4000 }),
        },
      );
      expect(result.outcome).toBe('paid');
      const row = await t.owner
        .selectFrom('orders')
        .select('platform_fee_fen')
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      // 5 % of 40.00 is 2.00, within the 20.00 margin.
      expect(row.platform_fee_fen).toBe(200);
      const lines = await ledgerLines(t.owner, order.id);
      expect(lines.map((l) => [l.account_id.replace(/:.*/, ''), l.amount_fen])).toEqual([
        ['gateway_clearing', 4000],
        ['supplier_payable', -2000],
        ['platform_revenue', -200],
        ['reseller_payable', -1800],
      ]);
      expect(lines.reduce((sum, l) => sum + l.amount_fen, 0)).toBe(0);
      expect(await ledgerTotal(t.owner)).toBe(0);
    } finally {
      await setFee(actor, 0);
    }
  });

  test('paying with the balance uses the fee set at that moment', async () => {
    const actor = await operator(t.db);
    await setFee(actor, 500);
    try {
      const shop = await buildShopSku(t.db, { codes: 1, priceFen: 3000, wholesaleFen: 2000 });
      const customerId = randomUUID();
      await withTenant(t.db, shop.tenantId, (trx) =>
        postEntry(trx, {
          kind: 'balance_topup',
          idempotencyKey: `topup:${randomUUID()}`,
          originTenantId: shop.tenantId,
          lines: [
            { account: { kind: 'gateway_clearing', provider: 'test' }, amountFen: 3000 },
            {
              account: { kind: 'customer_balance', tenantId: shop.tenantId, customerId },
              amountFen: -3000,
            },
          ],
        }),
      );
      const { order } = await buildOrder(t.db, shop, { customerId });
      await withTenant(t.db, shop.tenantId, (trx) =>
        payWithBalance(trx, { tenantId: shop.tenantId, orderId: order.id, customerId }),
      );
      const lines = await ledgerLines(t.owner, order.id);
      expect(lines.map((l) => [l.account_id.replace(/:.*/, ''), l.amount_fen])).toEqual([
        ['customer_balance', 3000],
        ['supplier_payable', -2000],
        ['platform_revenue', -150],
        ['reseller_payable', -850],
      ]);
      expect(await ledgerTotal(t.owner)).toBe(0);
    } finally {
      await setFee(actor, 0);
    }
  });
});
