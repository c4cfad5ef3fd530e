import { beforeAll, describe, expect, test } from 'vitest';
import { buildTenant, useTestRuntime } from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

const t = useTestRuntime();
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shop: { slug: string; id: string };

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shop = await buildTenant(t.db, {
    name: '星光卡铺',
    branding: { primaryColor: '#123456', tagline: '秒发卡密', notice: '春节不打烊' },
  });
});

const get = (host: string, path = '/', headers: Record<string, string> = {}) =>
  app.request(`http://${host}${path}`, { headers: { host, ...headers } });

describe('storefront', () => {
  test('serves the shop named by the Host header, in its branding, in Chinese by default', async () => {
    const res = await get(`${shop.slug}.localhost:3000`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain('<title>星光卡铺</title>');
    expect(html).toContain('--color-brand:#123456');
    expect(html).toContain('秒发卡密');
    expect(html).toContain('春节不打烊');
  });

  test('answers an unknown shop host with a 404 page that says so', async () => {
    const res = await get('no-such-shop.localhost:3000');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('找不到这家店铺');
    expect(html).toContain('no-such-shop.localhost:3000');
  });

  test('a host outside the platform domain that no shop verified is a 404 too', async () => {
    expect((await get('evil.example.com')).status).toBe(404);
  });

  test('a suspended shop is closed, not served', async () => {
    const closed = await buildTenant(t.db, { name: '歇业店' });
    await t.owner
      .updateTable('tenants')
      .set({ status: 'suspended' })
      .where('id', '=', closed.id)
      .execute();
    t.runtime.tenants.invalidate();
    const res = await get(`${closed.slug}.localhost`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('歇业店 目前暂停营业');
  });

  test('?lang=en switches to English and remembers it in a cookie', async () => {
    const res = await get(`${shop.slug}.localhost`, '/?lang=en');
    expect(await res.text()).toContain('<html lang="en"');
    expect(res.headers.get('set-cookie')).toMatch(/lang=en/);
    const again = await get(`${shop.slug}.localhost`, '/', { cookie: 'lang=en' });
    expect(await again.text()).toContain('All goods');
  });

  test('the bare platform domain shows the platform page, not a shop', async () => {
    const res = await get('localhost:3000');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('卡盟云');
  });

  test('/healthz reports the database and the queue', async () => {
    const res = await get('anything.localhost', '/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      database: { ok: true, kind: 'postgres' },
      queue: { ok: true, kind: 'bullmq' },
    });
  });

  test('/api answers JSON errors in the one shape', async () => {
    const res = await get(`${shop.slug}.localhost`, '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error: { code: 'not_found', doc_url: expect.any(String) },
    });
  });

  test('sends security headers', async () => {
    const res = await get(`${shop.slug}.localhost`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});
