import { describe, expect, test } from 'vitest';
import { buildTenant, useTestDatabase } from '../testing/index.js';
import { createTenantResolver, normalizeHost } from './resolve-tenant.js';

const t = useTestDatabase();

describe('createTenantResolver', () => {
  test('resolves <slug>.<platform domain> to that shop, ignoring port and case', async () => {
    const shop = await buildTenant(t.db, { name: '甲店' });
    const resolver = createTenantResolver({ db: t.db, platformDomain: 'localhost' });
    const result = await resolver.resolve(`${shop.slug.toUpperCase()}.localhost:3000`);
    expect(result).toMatchObject({ kind: 'shop', tenant: { id: shop.id, name: '甲店' } });
  });

  test('answers unknown for a slug no shop has, a nested label, and a garbage host', async () => {
    const resolver = createTenantResolver({ db: t.db, platformDomain: 'localhost' });
    expect((await resolver.resolve('nope-none.localhost')).kind).toBe('unknown');
    const shop = await buildTenant(t.db);
    expect((await resolver.resolve(`x.${shop.slug}.localhost`)).kind).toBe('unknown');
    expect((await resolver.resolve('bad host!')).kind).toBe('unknown');
    expect((await resolver.resolve(undefined)).kind).toBe('unknown');
  });

  test('the bare platform domain and www are the platform itself', async () => {
    const resolver = createTenantResolver({ db: t.db, platformDomain: 'shop.example.com' });
    expect(await resolver.resolve('shop.example.com')).toEqual({ kind: 'platform' });
    expect(await resolver.resolve('www.shop.example.com:443')).toEqual({ kind: 'platform' });
  });

  test('a verified custom domain reaches its shop; a pending one does not', async () => {
    const shop = await buildTenant(t.db);
    await t.owner
      .insertInto('tenant_domains')
      .values([
        {
          tenant_id: shop.id,
          hostname: `${shop.slug}.verified.test`,
          status: 'verified',
          verified_at: new Date(),
          verification_token: 'a',
        },
        { tenant_id: shop.id, hostname: `${shop.slug}.pending.test`, verification_token: 'b' },
      ])
      .execute();
    const resolver = createTenantResolver({ db: t.db, platformDomain: 'localhost' });
    expect(await resolver.resolve(`${shop.slug}.verified.test`)).toMatchObject({
      kind: 'shop',
      tenant: { id: shop.id },
    });
    expect((await resolver.resolve(`${shop.slug}.pending.test`)).kind).toBe('unknown');
  });

  test('caches answers until invalidated', async () => {
    const shop = await buildTenant(t.db, { name: '旧名' });
    const resolver = createTenantResolver({ db: t.db, platformDomain: 'localhost', ttlMs: 60_000 });
    await resolver.resolve(`${shop.slug}.localhost`);
    await t.owner.updateTable('tenants').set({ name: '新名' }).where('id', '=', shop.id).execute();
    expect(await resolver.resolve(`${shop.slug}.localhost`)).toMatchObject({
      tenant: { name: '旧名' },
    });
    resolver.invalidate();
    expect(await resolver.resolve(`${shop.slug}.localhost`)).toMatchObject({
      tenant: { name: '新名' },
    });
  });
});

test('normalizeHost strips the port and trailing dot and refuses IPv6 literals', () => {
  expect(normalizeHost('Demo.LocalHost:3000')).toBe('demo.localhost');
  expect(normalizeHost('demo.example.com.')).toBe('demo.example.com');
  expect(normalizeHost('[::1]:3000')).toBeNull();
  expect(normalizeHost('')).toBeNull();
});
