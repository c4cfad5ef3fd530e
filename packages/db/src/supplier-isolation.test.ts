import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { withSupplier, withTenant } from './scope.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

// Supplier-owned inventory: a supplier sees and writes only its own codes, batches and
// notifications; shops and other suppliers see none of them; private goods stay in their shop.
let t: TestDatabase;
const ids = {} as {
  supplierA: string;
  supplierB: string;
  skuA: string;
  skuB: string;
  productB: string;
  category: string;
  shop: string;
  otherShop: string;
  privateSupplier: string;
  privateSku: string;
};

beforeAll(async () => {
  t = await createTestDatabase();
  const o = t.owner.db;
  const [shop, otherShop] = await o
    .insertInto('tenants')
    .values([
      { slug: `p-${randomUUID().slice(0, 8)}`, name: 'Shop', branding: '{}' },
      { slug: `q-${randomUUID().slice(0, 8)}`, name: 'Other', branding: '{}' },
    ])
    .returning('id')
    .execute();
  const [sa, sb, sp] = await o
    .insertInto('suppliers')
    .values([
      { slug: `sa-${randomUUID().slice(0, 6)}`, name: 'A', status: 'approved' },
      { slug: `sb-${randomUUID().slice(0, 6)}`, name: 'B', status: 'approved' },
      {
        slug: `sp-${randomUUID().slice(0, 6)}`,
        name: 'Private',
        status: 'approved',
        owner_tenant_id: shop!.id,
      },
    ])
    .returning('id')
    .execute();
  const category = await o
    .insertInto('categories')
    .values({ slug: `c-${randomUUID().slice(0, 6)}`, name: '游戏', name_en: 'Games' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const product = (supplier: string, owner: string | null = null) =>
    o
      .insertInto('products')
      .values({
        supplier_id: supplier,
        owner_tenant_id: owner,
        category_id: category.id,
        type: 'card_code',
        name: 'P',
        topup_fields: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const sku = (productId: string, supplier: string, owner: string | null = null) =>
    o
      .insertInto('skus')
      .values({
        product_id: productId,
        supplier_id: supplier,
        owner_tenant_id: owner,
        name: 'S',
        wholesale_price_fen: 500,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const pa = await product(sa!.id);
  const pb = await product(sb!.id);
  const pp = await product(sp!.id, shop!.id);
  Object.assign(ids, {
    supplierA: sa!.id,
    supplierB: sb!.id,
    privateSupplier: sp!.id,
    category: category.id,
    shop: shop!.id,
    otherShop: otherShop!.id,
    productB: pb.id,
    skuA: (await sku(pa.id, sa!.id)).id,
    skuB: (await sku(pb.id, sb!.id)).id,
    privateSku: (await sku(pp.id, sp!.id, shop!.id)).id,
  });
  for (const [supplier, skuId] of [
    [ids.supplierA, ids.skuA],
    [ids.supplierB, ids.skuB],
  ] as const) {
    const batch = await o
      .insertInto('code_batches')
      .values({ supplier_id: supplier, sku_id: skuId, source: 'paste' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await o
      .insertInto('card_codes')
      .values({
        supplier_id: supplier,
        sku_id: skuId,
        batch_id: batch.id,
        key_id: 'k1',
        sealed: new Uint8Array([1]),
        blind_index: new Uint8Array([2]),
      })
      .execute();
    await o
      .insertInto('supplier_notifications')
      .values({ supplier_id: supplier, kind: 'test', title: 'x', data: '{}' })
      .execute();
  }
});

afterAll(() => t?.drop());

test('a supplier sees only its own codes, batches and notifications, with no filter in the query', async () => {
  for (const table of ['card_codes', 'code_batches', 'supplier_notifications']) {
    const { rows } = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
      sql<{ supplier_id: string }>`select distinct supplier_id from ${sql.table(table)}`.execute(
        trx,
      ),
    );
    expect({ table, owners: rows.map((r) => r.supplier_id) }).toEqual({
      table,
      owners: [ids.supplierA],
    });
  }
});

test('a shop sees no card codes or batches at all', async () => {
  for (const table of ['card_codes', 'code_batches', 'supplier_notifications']) {
    const { rows } = await withTenant(t.app.db, ids.shop, (trx) =>
      sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx),
    );
    expect({ table, n: rows[0]!.n }).toEqual({ table, n: 0 });
  }
});

test("a supplier cannot change another supplier's goods or add codes to its SKU", async () => {
  const changed = await withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
    trx
      .updateTable('skus')
      .set({ wholesale_price_fen: 1 })
      .where('id', '=', ids.skuB)
      .executeTakeFirst(),
  );
  expect(Number(changed.numUpdatedRows)).toBe(0);
  await expect(
    withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
      trx
        .insertInto('products')
        .values({
          supplier_id: ids.supplierB,
          category_id: ids.category,
          type: 'card_code',
          name: 'X',
          topup_fields: '[]',
        })
        .execute(),
    ),
  ).rejects.toThrow(/row-level security/);
  await expect(
    withSupplier(t.app.db, { id: ids.supplierA }, (trx) =>
      trx
        .insertInto('code_batches')
        .values({ supplier_id: ids.supplierB, sku_id: ids.skuB, source: 'paste' })
        .execute(),
    ),
  ).rejects.toThrow(/row-level security/);
});

test('private goods are visible in their own shop only, and no other shop can list them', async () => {
  const mine = await withTenant(t.app.db, ids.shop, (trx) =>
    trx.selectFrom('skus').select('id').where('id', '=', ids.privateSku).execute(),
  );
  expect(mine).toHaveLength(1);
  const theirs = await withTenant(t.app.db, ids.otherShop, (trx) =>
    trx.selectFrom('skus').select('id').where('id', '=', ids.privateSku).execute(),
  );
  expect(theirs).toHaveLength(0);
  const product = await t.owner.db
    .selectFrom('skus')
    .select('product_id')
    .where('id', '=', ids.privateSku)
    .executeTakeFirstOrThrow();
  await expect(
    withTenant(t.app.db, ids.otherShop, (trx) =>
      trx
        .insertInto('listings')
        .values({
          tenant_id: ids.otherShop,
          sku_id: ids.privateSku,
          sku_owner_key: ids.shop,
          product_id: product.product_id,
          pricing_mode: 'fixed',
          retail_price_fen: 900,
          price_fen: 900,
        })
        .execute(),
    ),
  ).rejects.toThrow(/violates (check|foreign key) constraint/);
  // Claiming the SKU is public does not get past the foreign key either.
  await expect(
    withTenant(t.app.db, ids.otherShop, (trx) =>
      trx
        .insertInto('listings')
        .values({
          tenant_id: ids.otherShop,
          sku_id: ids.privateSku,
          sku_owner_key: '00000000-0000-0000-0000-000000000000',
          product_id: product.product_id,
          pricing_mode: 'fixed',
          retail_price_fen: 900,
          price_fen: 900,
        })
        .execute(),
    ),
  ).rejects.toThrow(/foreign key/);
});

test("a product's owner must match its supplier's, so private goods cannot be made public by mistake", async () => {
  await expect(
    t.owner.db
      .insertInto('products')
      .values({
        supplier_id: ids.privateSupplier,
        owner_tenant_id: null,
        category_id: ids.category,
        type: 'card_code',
        name: 'Leak',
        topup_fields: '[]',
      })
      .execute(),
  ).rejects.toThrow(/owner_tenant_id must equal/);
});
