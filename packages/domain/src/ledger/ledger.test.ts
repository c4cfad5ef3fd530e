import { randomUUID } from 'node:crypto';
import { asSystem, sql, withSupplier, withTenant } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import {
  buildPrivateSupplier,
  buildShopSku,
  buildTenant,
  buildOrder,
  useTestDatabase,
} from '../testing/index.js';
import { getAccountBalance, owedOn } from './get-account-balance.js';
import { postEntry } from './post-entry.js';
import { platformFee, saleSplit } from './sale-postings.js';

const t = useTestDatabase();

describe('the database keeps the book balanced and append-only', () => {
  test('an entry whose lines do not sum to zero fails at commit, whoever writes it', async () => {
    const entry = randomUUID();
    await expect(
      asSystem(t.db, async (trx) => {
        await sql`insert into ledger_accounts (id, kind) values ('platform_revenue', 'platform_revenue'), ('refunds_payable', 'refunds_payable') on conflict do nothing`.execute(
          trx,
        );
        await sql`insert into ledger_entries (id, kind, idempotency_key) values (${entry}, 'test', ${`t:${entry}`})`.execute(
          trx,
        );
        await sql`insert into ledger_lines (entry_id, line_no, account_id, currency, amount_fen) values
          (${entry}, 1, 'platform_revenue', 'CNY', 100), (${entry}, 2, 'refunds_payable', 'CNY', -99)`.execute(
          trx,
        );
      }),
    ).rejects.toThrow(/does not balance: 1 CNY off/);
    await expect(
      asSystem(t.db, async (trx) => {
        await sql`insert into ledger_entries (id, kind, idempotency_key) values (${entry}, 'test', ${`t:${entry}`})`.execute(
          trx,
        );
      }),
    ).rejects.toThrow(/has 0 line\(s\)/);
    const left = await t.owner
      .selectFrom('ledger_entries')
      .select('id')
      .where('id', '=', entry)
      .execute();
    expect(left).toEqual([]);
  });

  test('entries and lines can be neither changed nor deleted, even by the owner', async () => {
    const shop = await buildShopSku(t.db, { codes: 0, productType: 'direct_topup' });
    await withTenant(t.db, shop.tenantId, (trx) =>
      postEntry(trx, {
        kind: 'test',
        idempotencyKey: `t:${randomUUID()}`,
        originTenantId: shop.tenantId,
        lines: [
          { account: { kind: 'platform_revenue' }, amountFen: 10 },
          { account: { kind: 'reseller_payable', tenantId: shop.tenantId }, amountFen: -10 },
        ],
      }),
    );
    await expect(sql`update ledger_lines set amount_fen = 1`.execute(t.owner)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from ledger_entries`.execute(t.owner)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_accounts`.execute(t.owner)).rejects.toThrow(/append-only/);
  });

  test('the same posting twice is refused by its idempotency key', async () => {
    const shop = await buildShopSku(t.db, { codes: 0, productType: 'direct_topup' });
    const entry = {
      kind: 'test',
      idempotencyKey: `sale:${randomUUID()}`,
      originTenantId: shop.tenantId,
      lines: [
        { account: { kind: 'gateway_clearing' as const, provider: 'test' }, amountFen: 5 },
        { account: { kind: 'reseller_payable' as const, tenantId: shop.tenantId }, amountFen: -5 },
      ],
    };
    await withTenant(t.db, shop.tenantId, (trx) => postEntry(trx, entry));
    await expect(withTenant(t.db, shop.tenantId, (trx) => postEntry(trx, entry))).rejects.toThrow(
      /ledger_entries_idempotency_key_key/,
    );
  });
});

describe('who sees what of the ledger and the code allocations', () => {
  test('a shop sees its own entries and accounts only, and posts only as itself', async () => {
    const a = await buildShopSku(t.db, { codes: 0, productType: 'direct_topup' });
    const b = await buildTenant(t.db);
    const lines = [
      {
        account: { kind: 'supplier_payable' as const, supplierId: a.supplier.id },
        amountFen: -700,
      },
      { account: { kind: 'gateway_clearing' as const, provider: 'test' }, amountFen: 700 },
    ];
    await withTenant(t.db, a.tenantId, (trx) =>
      postEntry(trx, {
        kind: 'test',
        idempotencyKey: `t:${randomUUID()}`,
        originTenantId: a.tenantId,
        lines,
      }),
    );
    // The shop could credit the supplier's account, yet cannot read it.
    const accounts = await withTenant(t.db, a.tenantId, (trx) =>
      trx.selectFrom('ledger_accounts').select('id').execute(),
    );
    expect(accounts.map((r) => r.id)).not.toContain(`supplier_payable:${a.supplier.id}`);
    const seenByB = await withTenant(t.db, b.id, async (trx) => ({
      entries: await trx.selectFrom('ledger_entries').select('id').execute(),
      lines: await trx.selectFrom('ledger_lines').select('entry_id').execute(),
    }));
    expect(seenByB).toEqual({ entries: [], lines: [] });
    await expect(
      withTenant(t.db, b.id, (trx) =>
        postEntry(trx, {
          kind: 'test',
          idempotencyKey: `t:${randomUUID()}`,
          originTenantId: a.tenantId,
          lines,
        }),
      ),
    ).rejects.toThrow(/row-level security/);
    // The supplier reads the lines on its payable, whichever shop posted them.
    const owed = await withSupplier(t.db, a.supplier, (trx) =>
      owedOn(trx, { kind: 'supplier_payable', supplierId: a.supplier.id }),
    );
    expect(owed).toBe(700);
    const clearing = await withSupplier(t.db, a.supplier, (trx) =>
      getAccountBalance(trx, { kind: 'gateway_clearing', provider: 'test' }),
    );
    expect(clearing).toBe(0);
  });

  test('a shop reaches only available codes of SKUs it lists and codes allocated to its lines', async () => {
    const a = await buildShopSku(t.db, { codes: 3 });
    const other = await buildShopSku(t.db, { codes: 2 });
    const { order } = await buildOrder(t.db, a);
    const visible = await withTenant(t.db, a.tenantId, (trx) =>
      trx.selectFrom('card_codes').select(['sku_id', 'state']).execute(),
    );
    expect(visible.filter((c) => c.sku_id === other.skuId)).toEqual([]);
    expect(visible.map((c) => c.state).sort()).toEqual(['available', 'available', 'reserved']);

    // Shop B, which does not list A's SKU, sees none of it and changes none of it.
    const changed = await withTenant(t.db, other.tenantId, (trx) =>
      trx
        .updateTable('card_codes')
        .set({ state: 'reserved', reserved_until: new Date() })
        .where('sku_id', '=', a.skuId)
        .executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
    const allocations = await withTenant(t.db, other.tenantId, (trx) =>
      trx
        .selectFrom('code_allocations')
        .select('code_id')
        .where('order_id', '=', order.id)
        .execute(),
    );
    expect(allocations).toEqual([]);
    const stock = await withTenant(t.db, other.tenantId, (trx) =>
      trx
        .updateTable('sku_stock')
        .set({ available: 999 })
        .where('sku_id', '=', a.skuId)
        .executeTakeFirst(),
    );
    expect(Number(stock.numUpdatedRows)).toBe(0);

    // Even on its own codes the shop cannot void or quarantine.
    await expect(
      withTenant(t.db, a.tenantId, (trx) =>
        trx
          .updateTable('card_codes')
          .set({ state: 'voided', voided_at: new Date() })
          .where('sku_id', '=', a.skuId)
          .where('state', '=', 'available')
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  test("a reseller's private-supplier scope is not widened by the shop's checkout policies", async () => {
    const shop = await buildShopSku(t.db, { codes: 2 });
    const privateSupplier = await buildPrivateSupplier(t.db, shop.tenantId);
    await buildOrder(t.db, shop);
    const seen = await withSupplier(t.db, privateSupplier, async (trx) => ({
      codes: await trx.selectFrom('card_codes').select('id').execute(),
      allocations: await trx.selectFrom('code_allocations').select('code_id').execute(),
    }));
    expect(seen).toEqual({ codes: [], allocations: [] });
  });

  test('a supplier sees which of its codes were allocated, and no one else’s', async () => {
    const a = await buildShopSku(t.db, { codes: 1 });
    const b = await buildShopSku(t.db, { codes: 1 });
    await buildOrder(t.db, a);
    await buildOrder(t.db, b);
    const seen = await withSupplier(t.db, a.supplier, (trx) =>
      trx.selectFrom('code_allocations').select('supplier_id').execute(),
    );
    expect(seen).toEqual([{ supplier_id: a.supplier.id }]);
  });
});

describe('sale split', () => {
  test('the fee is the bps share rounded down and never more than the margin', () => {
    expect(platformFee({ supplierId: 's', totalFen: 1999, wholesaleFen: 1000 }, 250)).toBe(49);
    expect(platformFee({ supplierId: 's', totalFen: 1000, wholesaleFen: 990 }, 500)).toBe(10);
    expect(platformFee({ supplierId: 's', totalFen: 1000, wholesaleFen: 1000 }, 500)).toBe(0);
    const split = saleSplit(
      { kind: 'gateway_clearing', provider: 'test' },
      'shop',
      [
        { supplierId: 'a', totalFen: 1200, wholesaleFen: 1000 },
        { supplierId: 'b', totalFen: 3333, wholesaleFen: 3000 },
      ],
      300,
    );
    expect(split.feeFen).toEqual([36, 99]);
    expect(split.lines.reduce((sum, l) => sum + l.amountFen, 0)).toBe(0);
  });
});
