import { asSystem } from '@cardshop/db';
import { expect, test } from 'vitest';
import { buildStaff, buildSupplier, buildTenant, useTestDatabase } from '../testing/index.js';
import { listStaffAreas } from './staff-areas.js';

const t = useTestDatabase();

test("a staff member's areas are their own shops and suppliers, plus their shop's private supplier", async () => {
  const shopA = await buildTenant(t.db, { name: '甲店' });
  const shopB = await buildTenant(t.db, { name: '乙店' });
  const supplier = await buildSupplier(t.db, { name: '供货甲' });
  const privateSupplier = await asSystem(t.db, (trx) =>
    trx
      .insertInto('suppliers')
      .values({
        slug: `own-${shopA.slug}`,
        name: '甲店自营',
        status: 'approved',
        owner_tenant_id: shopA.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  const person = await buildStaff(t.db, {
    tenantRoles: [{ tenantId: shopA.id, role: 'owner' }],
    supplierRoles: [{ supplierId: supplier.id, role: 'manager' }],
  });
  await buildStaff(t.db, { tenantRoles: [{ tenantId: shopB.id, role: 'owner' }] });

  const areas = await listStaffAreas(t.db, { id: person.id, platformRole: null });
  expect(areas.platform).toBe(false);
  expect(areas.shops).toEqual([
    { tenantId: shopA.id, slug: shopA.slug, name: '甲店', role: 'owner' },
  ]);
  expect(areas.suppliers.map((s) => s.supplierId).sort()).toEqual(
    [supplier.id, privateSupplier.id].sort(),
  );
});

test('support staff of a shop do not get its private supplier, and outsiders get nothing', async () => {
  const shop = await buildTenant(t.db);
  await asSystem(t.db, (trx) =>
    trx
      .insertInto('suppliers')
      .values({
        slug: `own-${shop.slug}`,
        name: '自营',
        status: 'approved',
        owner_tenant_id: shop.id,
      })
      .execute(),
  );
  const support = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'support' }] });
  const outsider = await buildStaff(t.db);
  expect((await listStaffAreas(t.db, { id: support.id, platformRole: null })).suppliers).toEqual(
    [],
  );
  expect(await listStaffAreas(t.db, { id: outsider.id, platformRole: null })).toEqual({
    platform: false,
    shops: [],
    suppliers: [],
  });
});
