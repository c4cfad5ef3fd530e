import { asSystem, withSupplier, withTenant } from '@cardshop/db';
import { expect, test } from 'vitest';
import { buildCategory, buildTenant, useTestDatabase } from '../testing/index.js';
import { createProduct } from './create-product.js';
import { createPrivateSupplier, getPrivateSupplierForTenant } from './private-supplier.js';

const t = useTestDatabase();

test('createPrivateSupplier makes an approved supplier owned by the shop, once', async () => {
  const shop = await buildTenant(t.db, { slug: 'own-goods', name: '自营小店' });
  const supplier = await asSystem(t.db, (trx) => createPrivateSupplier(trx, shop.id));
  expect(supplier).toMatchObject({
    slug: 'shop-own-goods',
    name: '自营小店（自营）',
    status: 'approved',
    ownerTenantId: shop.id,
  });
  const again = await asSystem(t.db, (trx) => createPrivateSupplier(trx, shop.id));
  expect(again.id).toBe(supplier.id);
  const found = await withTenant(t.db, shop.id, (trx) => getPrivateSupplierForTenant(trx, shop.id));
  expect(found?.id).toBe(supplier.id);
  const audit = await t.owner
    .selectFrom('platform_audit_log')
    .select('action')
    .where('target_id', '=', supplier.id)
    .execute();
  expect(audit).toEqual([{ action: 'supplier.create_private' }]);
});

test('a taken slug gets a numbered one, and a long shop slug still fits', async () => {
  const first = await buildTenant(t.db, { slug: 'clash' });
  await asSystem(t.db, (trx) =>
    trx.insertInto('suppliers').values({ slug: 'shop-clash-2x', name: 'x' }).execute(),
  );
  await asSystem(t.db, (trx) =>
    trx.insertInto('suppliers').values({ slug: 'shop-clash', name: 'x' }).execute(),
  );
  const supplier = await asSystem(t.db, (trx) => createPrivateSupplier(trx, first.id));
  expect(supplier.slug).toBe('shop-clash-2');
  const long = await buildTenant(t.db, { slug: `a${'b'.repeat(38)}c` });
  const longSupplier = await asSystem(t.db, (trx) => createPrivateSupplier(trx, long.id));
  expect(longSupplier.slug.length).toBeLessThanOrEqual(40);
  expect(longSupplier.slug.startsWith('shop-abbb')).toBe(true);
});

test('an unknown shop is refused', async () => {
  await expect(
    asSystem(t.db, (trx) => createPrivateSupplier(trx, '3b0f6d5c-1e2a-4f7b-8c9d-0a1b2c3d4e5f')),
  ).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
});

test('a private supplier’s products carry the shop as owner', async () => {
  const shop = await buildTenant(t.db);
  const supplier = await asSystem(t.db, (trx) => createPrivateSupplier(trx, shop.id));
  const category = await buildCategory(t.db);
  const product = await withSupplier(t.db, { id: supplier.id, ownerTenantId: shop.id }, (trx) =>
    createProduct(trx, { categoryId: category.id, type: 'card_code', name: '自营卡' }),
  );
  expect(product.ownerTenantId).toBe(shop.id);
});

test('shop traffic cannot create suppliers', async () => {
  const shop = await buildTenant(t.db);
  await expect(
    withTenant(t.db, shop.id, (trx) =>
      trx
        .insertInto('suppliers')
        .values({ slug: 'sneaky', name: 'x', status: 'approved', owner_tenant_id: shop.id })
        .execute(),
    ),
  ).rejects.toThrow(/permission denied/);
});
