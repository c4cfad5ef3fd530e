import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { asSystem, withSupplier, withTenant } from './scope.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

// Payout accounts: a supplier's is seen and changed from its own scope only (shops and other
// suppliers see none); and ledger lines carry their entry's kind and time, so a supplier can read
// a statement of its payable without the shops' entries.
let t: TestDatabase;
const ids = {} as { supplierA: string; supplierB: string; shop: string };

const account = (supplierId: string) => ({
  supplier_id: supplierId,
  kind: 'bank_card',
  bank_name: '招商银行',
  account_hint: '**** 5673',
  holder_hint: '*三',
  sealed: Buffer.alloc(64, 7),
});

beforeAll(async () => {
  t = await createTestDatabase();
  const o = t.owner.db;
  const [a, b] = await o
    .insertInto('suppliers')
    .values([
      { slug: `pa-${randomUUID().slice(0, 6)}`, name: 'A', status: 'approved' },
      { slug: `pb-${randomUUID().slice(0, 6)}`, name: 'B', status: 'approved' },
    ])
    .returning('id')
    .execute();
  const shop = await o
    .insertInto('tenants')
    .values({ slug: `ps-${randomUUID().slice(0, 8)}`, name: 'Shop', branding: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(ids, { supplierA: a!.id, supplierB: b!.id, shop: shop.id });
  await o
    .insertInto('supplier_payout_accounts')
    .values([account(ids.supplierA), account(ids.supplierB)] as never)
    .execute();
});

afterAll(() => t?.drop());

test('a supplier sees and changes only its own payout account; a shop sees none', async () => {
  const seen = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
    sql<{ supplier_id: string }>`select supplier_id from supplier_payout_accounts`.execute(trx),
  );
  expect(seen.rows.map((r) => r.supplier_id)).toEqual([ids.supplierA]);
  const changed = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
    sql`update supplier_payout_accounts set holder_hint = '*四' where supplier_id = ${ids.supplierB}`.execute(
      trx,
    ),
  );
  expect(Number(changed.numAffectedRows)).toBe(0);
  await expect(
    withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
      sql`insert into supplier_payout_accounts (supplier_id, kind, account_hint, holder_hint, sealed)
          values (${ids.supplierB}, 'alipay', 'x', 'y', ${Buffer.alloc(64)})
          on conflict (supplier_id) do update set holder_hint = excluded.holder_hint`.execute(trx),
    ),
  ).rejects.toThrow(/row-level security/);
  const fromShop = await withTenant(t.app.db, ids.shop, (trx) =>
    sql<{ n: number }>`select count(*)::int as n from supplier_payout_accounts`.execute(trx),
  );
  expect(fromShop.rows[0]!.n).toBe(0);
});

test('a bank card needs its bank, an Alipay account has none', async () => {
  await expect(
    t.owner.db
      .updateTable('supplier_payout_accounts')
      .set({ bank_name: null })
      .where('supplier_id', '=', ids.supplierA)
      .execute(),
  ).rejects.toThrow(/violates check constraint/);
  await expect(
    t.owner.db
      .updateTable('supplier_payout_accounts')
      .set({ kind: 'alipay' })
      .where('supplier_id', '=', ids.supplierA)
      .execute(),
  ).rejects.toThrow(/violates check constraint/);
});

test('ledger lines take their entry’s kind and time as they are written; a supplier reads its own', async () => {
  const entry = randomUUID();
  await withTenant(t.app.db, ids.shop, async (trx) => {
    await sql`insert into ledger_accounts (id, kind, owner_supplier_id)
      values (${`supplier_payable:${ids.supplierA}`}, 'supplier_payable', ${ids.supplierA}),
             (${`supplier_payable:${ids.supplierB}`}, 'supplier_payable', ${ids.supplierB})
      on conflict do nothing`.execute(trx);
    await sql`insert into ledger_entries (id, kind, idempotency_key, origin_tenant_id)
      values (${entry}, 'sale', ${`test:${entry}`}, ${ids.shop})`.execute(trx);
    await sql`insert into ledger_lines (entry_id, line_no, account_id, currency, amount_fen) values
      (${entry}, 1, ${`supplier_payable:${ids.supplierA}`}, 'CNY', -700),
      (${entry}, 2, ${`supplier_payable:${ids.supplierB}`}, 'CNY', 700)`.execute(trx);
  });
  const mine = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
    sql<{
      entry_kind: string;
      posted_at: Date;
      amount_fen: string;
    }>`select entry_kind, posted_at, amount_fen from ledger_lines`.execute(trx),
  );
  expect(mine.rows.map((r) => [r.entry_kind, Number(r.amount_fen)])).toEqual([['sale', -700]]);
  const posted = await asSystem(t.app.db, (trx) =>
    sql<{ created_at: Date }>`select created_at from ledger_entries where id = ${entry}`.execute(
      trx,
    ),
  );
  expect(mine.rows[0]!.posted_at).toEqual(posted.rows[0]!.created_at);
  // The entries themselves stay the shop's.
  const entries = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
    sql<{ n: number }>`select count(*)::int as n from ledger_entries`.execute(trx),
  );
  expect(entries.rows[0]!.n).toBe(0);
});
