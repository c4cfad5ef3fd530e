import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { asPlatform, withSupplier, withTenant } from './scope.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

// Team rows: a supplier reads and writes only its own invitations and changes only its own staff
// rows; a shop sees none of them; and no team loses its last owner, whatever the code forgets.
let t: TestDatabase;
const ids = {} as {
  supplierA: string;
  supplierB: string;
  shop: string;
  owner: string;
  other: string;
};

function invitationId() {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(24)),
    (b) => 'abcdefghijkmnpqrstuvwxyz23456789'[b >> 3],
  ).join('');
}

function invitation(supplierId: string) {
  return {
    supplier_id: supplierId,
    id: invitationId(),
    email: `p-${randomUUID().slice(0, 8)}@example.com`,
    role: 'support' as const,
    token_hash: Buffer.alloc(32),
    expires_at: new Date(Date.now() + 60_000),
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const o = t.owner.db;
  const [a, b] = await o
    .insertInto('suppliers')
    .values([
      { slug: `ta-${randomUUID().slice(0, 6)}`, name: 'A', status: 'approved' },
      { slug: `tb-${randomUUID().slice(0, 6)}`, name: 'B', status: 'approved' },
    ])
    .returning('id')
    .execute();
  const shop = await o
    .insertInto('tenants')
    .values({ slug: `ts-${randomUUID().slice(0, 8)}`, name: 'Shop', branding: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [owner, other] = await o
    .insertInto('staff_users')
    .values([
      { email: `o-${randomUUID().slice(0, 8)}@example.com`, display_name: 'O' },
      { email: `x-${randomUUID().slice(0, 8)}@example.com`, display_name: 'X' },
    ])
    .returning('id')
    .execute();
  Object.assign(ids, {
    supplierA: a!.id,
    supplierB: b!.id,
    shop: shop.id,
    owner: owner!.id,
    other: other!.id,
  });
  await o
    .insertInto('supplier_staff')
    .values([
      { supplier_id: a!.id, user_id: owner!.id, role: 'owner' },
      { supplier_id: b!.id, user_id: owner!.id, role: 'owner' },
      { supplier_id: b!.id, user_id: other!.id, role: 'support' },
    ])
    .execute();
  await o
    .insertInto('supplier_invitations')
    .values([invitation(a!.id), invitation(b!.id)])
    .execute();
  await o
    .insertInto('tenant_memberships')
    .values({ tenant_id: shop.id, user_id: owner!.id, role: 'owner' })
    .execute();
});

afterAll(() => t?.drop());

test('a supplier sees only its own invitations, and a shop sees none', async () => {
  const seen = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
    sql<{ supplier_id: string }>`select distinct supplier_id from supplier_invitations`.execute(
      trx,
    ),
  );
  expect(seen.rows.map((r) => r.supplier_id)).toEqual([ids.supplierA]);
  const fromShop = await withTenant(t.app.db, ids.shop, (trx) =>
    sql<{ n: number }>`select count(*)::int as n from supplier_invitations`.execute(trx),
  );
  expect(fromShop.rows[0]!.n).toBe(0);
  await expect(
    withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
      trx.insertInto('supplier_invitations').values(invitation(ids.supplierB)).execute(),
    ),
  ).rejects.toThrow(/row-level security/);
});

test('a supplier changes only its own staff rows; everyone may still read who is on which team', async () => {
  const moved = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
    trx
      .updateTable('supplier_staff')
      .set({ role: 'finance' })
      .where('supplier_id', '=', ids.supplierB)
      .where('user_id', '=', ids.other)
      .executeTakeFirst(),
  );
  expect(Number(moved.numUpdatedRows)).toBe(0);
  const removed = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
    trx.deleteFrom('supplier_staff').where('supplier_id', '=', ids.supplierB).executeTakeFirst(),
  );
  expect(Number(removed.numDeletedRows)).toBe(0);
  await expect(
    withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
      trx
        .insertInto('supplier_staff')
        .values({ supplier_id: ids.supplierB, user_id: ids.other, role: 'owner' })
        .execute(),
    ),
  ).rejects.toThrow(/row-level security/);
  const fromShop = await withTenant(t.app.db, ids.shop, (trx) =>
    trx
      .selectFrom('supplier_staff')
      .select('user_id')
      .where('supplier_id', '=', ids.supplierB)
      .execute(),
  );
  expect(fromShop).toHaveLength(2);
  const own = await withSupplier(t.app.db, { id: ids.supplierB }, (trx) =>
    trx
      .updateTable('supplier_staff')
      .set({ role: 'finance' })
      .where('supplier_id', '=', ids.supplierB)
      .where('user_id', '=', ids.other)
      .executeTakeFirst(),
  );
  expect(Number(own.numUpdatedRows)).toBe(1);
});

test('the last owner of a shop or supplier cannot be demoted or removed, even by the platform', async () => {
  await expect(
    withTenant(t.app.db, ids.shop, (trx) =>
      trx
        .updateTable('tenant_memberships')
        .set({ role: 'manager' })
        .where('user_id', '=', ids.owner)
        .execute(),
    ),
  ).rejects.toThrow(/last owner/);
  await expect(
    withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
      trx.deleteFrom('supplier_staff').where('supplier_id', '=', ids.supplierA).execute(),
    ),
  ).rejects.toThrow(/last owner/);
  await expect(
    asPlatform(t.app.db, { actor: { type: 'system', id: 'test' }, purpose: 'test' }, (trx) =>
      trx.deleteFrom('tenant_memberships').where('tenant_id', '=', ids.shop).execute(),
    ),
  ).rejects.toThrow(/last owner/);
  // With a second owner, the first may step down.
  await withSupplier(t.app.db, { id: ids.supplierA }, async (trx) => {
    await trx
      .insertInto('supplier_staff')
      .values({ supplier_id: ids.supplierA, user_id: ids.other, role: 'owner' })
      .execute();
    await trx
      .updateTable('supplier_staff')
      .set({ role: 'manager' })
      .where('supplier_id', '=', ids.supplierA)
      .where('user_id', '=', ids.owner)
      .execute();
  });
  // A team that goes away takes its members with it.
  await t.owner.db.deleteFrom('tenants').where('id', '=', ids.shop).execute();
  const left = await t.owner.db
    .selectFrom('tenant_memberships')
    .select('user_id')
    .where('tenant_id', '=', ids.shop)
    .execute();
  expect(left).toEqual([]);
});
