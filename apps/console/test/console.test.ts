import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildStaff,
  buildSupplier,
  buildTenant,
  TEST_PASSWORD,
  useTestRuntime,
} from '@cardshop/domain/testing';
import { createConsoleServer } from '../server/index.js';

const t = useTestRuntime();
let app: Awaited<ReturnType<typeof createConsoleServer>>;
let operator: { email: string; id: string };
const HOST = '127.0.0.1:3001';
const ORIGIN = `http://${HOST}`;

beforeAll(async () => {
  app = await createConsoleServer(t.runtime);
  operator = await buildStaff(t.db, { platformRole: 'operator' });
  await buildTenant(t.db, { slug: 'console-shop', name: '后台测试店' });
  await buildSupplier(t.db, { slug: 'console-sup', name: '后台测试供货商' });
});

function request(path: string, init: RequestInit & { cookie?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set('host', HOST);
  if (init.cookie) headers.set('cookie', init.cookie);
  return app.request(`${ORIGIN}${path}`, { ...init, headers, redirect: 'manual' });
}

async function signIn(
  email: string,
  password = TEST_PASSWORD,
  headers: Record<string, string> = { origin: ORIGIN },
) {
  return request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ email, password, redirectTo: '/platform/suppliers' }).toString(),
  });
}

function sessionCookieFrom(res: Response): string {
  const cookie = res.headers.get('set-cookie') ?? '';
  const match = /cs_staff=([^;]+)/.exec(cookie);
  if (!match) throw new Error(`no session cookie in ${cookie}`);
  return `cs_staff=${match[1]}`;
}

describe('console sign-in', () => {
  test('pages need a session: an anonymous visit goes to the sign-in page and back', async () => {
    const res = await request('/platform/tenants');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Fplatform%2Ftenants');
  });

  test('an operator signs in, gets an HttpOnly session cookie, and sees shops and suppliers', async () => {
    const res = await signIn(operator.email);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/platform/suppliers');
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/);
    const cookie = sessionCookieFrom(res);

    const tenants = await request('/platform/tenants', { cookie });
    expect(tenants.status).toBe(200);
    const html = await tenants.text();
    expect(html).toContain('后台测试店');
    expect(html).toContain('console-shop.localhost:3000');

    const suppliers = await request('/platform/suppliers', { cookie });
    expect(await suppliers.text()).toContain('后台测试供货商');
  });

  test('each platform page view is written to the audit log as that operator', async () => {
    const cookie = sessionCookieFrom(await signIn(operator.email));
    await request('/platform/tenants', { cookie });
    const rows = await t.owner
      .selectFrom('platform_audit_log')
      .select(['action', 'data'])
      .where('actor_id', '=', operator.id)
      .where('action', '=', 'platform.scope')
      .execute();
    expect(rows.map((r) => (r.data as { purpose: string }).purpose)).toContain(
      'console: list shops',
    );
  });

  test('a wrong password is refused with a message and no cookie', async () => {
    const res = await signIn(operator.email, 'definitely-wrong');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/cs_staff=/);
    expect(await res.text()).toContain('邮箱或密码不正确');
  });

  test('a malformed email is refused with a field error', async () => {
    const res = await signIn('not-an-email');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('请输入有效的邮箱地址');
  });

  test('a sign-in posted from another site is refused (CSRF) and opens no session', async () => {
    const before = await t.owner
      .selectFrom('staff_sessions')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const forged = await signIn(operator.email, TEST_PASSWORD, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    const noOrigin = await signIn(operator.email, TEST_PASSWORD, {});
    expect(noOrigin.status).toBe(403);
    const after = await t.owner
      .selectFrom('staff_sessions')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test('staff without a platform role are signed in but get 403 on the platform area', async () => {
    const owner = await buildStaff(t.db);
    const cookie = sessionCookieFrom(await signIn(owner.email));
    const res = await request('/platform/tenants', { cookie });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('没有平台权限');
  });

  test('signing out kills the session at once', async () => {
    const cookie = sessionCookieFrom(await signIn(operator.email));
    const out = await request('/logout', { method: 'POST', cookie, headers: { origin: ORIGIN } });
    expect(out.status).toBe(302);
    expect(out.headers.get('set-cookie')).toMatch(/cs_staff=;/);
    const after = await request('/platform/tenants', { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  test('a sign-in never redirects off the site', async () => {
    const res = await request('/login', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: operator.email,
        password: TEST_PASSWORD,
        redirectTo: '//evil.example/x',
      }).toString(),
    });
    expect(res.headers.get('location')).toBe('/');
  });

  test('after sign-in, / takes an operator to the platform and a shop owner to their shop', async () => {
    const shop = await buildTenant(t.db, { name: '店主的店' });
    const owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
    const operatorHome = await request('/', {
      cookie: sessionCookieFrom(await signIn(operator.email)),
    });
    expect(operatorHome.headers.get('location')).toBe('/platform/tenants');
    const ownerHome = await request('/', { cookie: sessionCookieFrom(await signIn(owner.email)) });
    expect(ownerHome.headers.get('location')).toBe(`/shop/${shop.slug}`);
  });
});
