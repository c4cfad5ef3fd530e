import { asSystem } from '@cardshop/db';
import { expect, test } from 'vitest';
import { buildTenant, useTestDatabase } from '../testing/index.js';
import { createTenant } from './create-tenant.js';

const t = useTestDatabase();
const actor = { type: 'system', id: 'test' } as const;

test('createTenant stores the shop with its branding and audits it', async () => {
  const shop = await buildTenant(t.db, {
    slug: 'brand-new',
    name: '新店',
    branding: { primaryColor: '#112233', tagline: '你好' },
  });
  expect(shop).toMatchObject({
    slug: 'brand-new',
    name: '新店',
    status: 'active',
    branding: { primaryColor: '#112233', tagline: '你好' },
  });
  const audit = await t.owner
    .selectFrom('platform_audit_log')
    .selectAll()
    .where('subject_tenant_id', '=', shop.id)
    .execute();
  expect(audit.map((a) => a.action)).toEqual(['tenant.create']);
});

test('createTenant refuses a taken slug with a clear message and changes nothing', async () => {
  await buildTenant(t.db, { slug: 'taken-one' });
  const before = await t.owner
    .selectFrom('tenants')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await expect(
    asSystem(t.db, (trx) => createTenant(trx, actor, { slug: 'taken-one', name: '重复' })),
  ).rejects.toMatchObject({
    code: 'TENANT_SLUG_TAKEN',
    userMessage: '店铺地址“taken-one”已被使用，请换一个',
  });
  const after = await t.owner
    .selectFrom('tenants')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  expect(after.n).toBe(before.n);
});

test('createTenant refuses reserved and malformed slugs and bad colours', async () => {
  await expect(
    asSystem(t.db, (trx) => createTenant(trx, actor, { slug: 'console', name: 'x' })),
  ).rejects.toMatchObject({
    code: 'TENANT_SLUG_RESERVED',
  });
  await expect(
    asSystem(t.db, (trx) => createTenant(trx, actor, { slug: '-bad-', name: 'x' })),
  ).rejects.toThrow(/店铺地址只能使用/);
  await expect(
    asSystem(t.db, (trx) =>
      createTenant(trx, actor, { slug: 'colour', name: 'x', branding: { primaryColor: 'red' } }),
    ),
  ).rejects.toThrow(/#RRGGBB/);
});

test('tenant traffic cannot create shops: only the platform scope can', async () => {
  await expect(
    t.db.insertInto('tenants').values({ slug: 'sneaky', name: 'x', branding: '{}' }).execute(),
  ).rejects.toThrow(/permission denied/);
});
