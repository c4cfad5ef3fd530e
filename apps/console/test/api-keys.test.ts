import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { listDevInbox } from '@cardshop/domain';
import {
  buildOrder,
  buildShopSku,
  buildStaff,
  buildTenant,
  TEST_PASSWORD,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let shop: ShopSku;
let slug: string;
let orderNumber: string;
let otherOrderNumber: string;
const people = {} as Record<
  'owner' | 'manager' | 'support' | 'finance',
  { id: string; email: string; cookie: string }
>;
const TOKEN = /cs_live_[A-Za-z0-9]{12}_[A-Za-z0-9]{43}/;

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const tenant = await buildTenant(t.db, { name: '星光卡铺' });
  slug = tenant.slug;
  shop = await buildShopSku(t.db, { tenantId: tenant.id, codes: 3 });
  orderNumber = (await buildOrder(t.db, shop)).order.number;
  const other = await buildShopSku(t.db, { codes: 1 });
  otherOrderNumber = (await buildOrder(t.db, other)).order.number;
  for (const role of ['owner', 'manager', 'support', 'finance'] as const) {
    const staff = await buildStaff(t.db, { tenantRoles: [{ tenantId: tenant.id, role }] });
    people[role] = { id: staff.id, email: staff.email, cookie: await client.signIn(staff.email) };
  }
});

async function page(path: string, cookie: string) {
  const res = await client.html(path, cookie);
  return { status: res.status, html: unescapeHtml(res.text) };
}

function keys() {
  return t.owner
    .selectFrom('api_keys')
    .selectAll()
    .where('tenant_id', '=', shop.tenantId)
    .orderBy('created_at')
    .execute();
}

function api(path: string, token: string) {
  return client.request(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
}

describe('the API keys page', () => {
  test('owners and managers open it from the nav; support and finance get 403 and no tab', async () => {
    for (const who of ['owner', 'manager'] as const) {
      const { status, html } = await page(`/shop/${slug}/api`, people[who].cookie);
      expect(status).toBe(200);
      expect(html).toContain('API 密钥');
      expect(html).toContain(`href="/shop/${slug}/api"`);
      expect(html).toContain('还没有 API 密钥');
      expect(html).toContain(`.${t.runtime.env.PLATFORM_DOMAIN}`);
      expect(html).toContain('/api/v1');
      expect(html).toContain('密钥就是店铺数据的钥匙');
    }
    for (const who of ['support', 'finance'] as const) {
      const { status, html } = await page(`/shop/${slug}/api`, people[who].cookie);
      expect(status).toBe(403);
      expect(html).toContain('管理 API 密钥');
      const refused = await client.post(`/shop/${slug}/api`, people[who].cookie, {
        intent: 'create',
        name: 'ERP',
        scopes: 'orders:read',
        verifyMethod: 'password',
        verifyPassword: TEST_PASSWORD,
      });
      expect(refused.status).toBe(403);
      const overview = await page(`/shop/${slug}`, people[who].cookie);
      expect(overview.html).not.toContain(`href="/shop/${slug}/api"`);
    }
    expect(await keys()).toEqual([]);
  });

  test('creating a key without a recent confirmation is refused, asks for one, changes nothing', async () => {
    const refused = await client.post(`/shop/${slug}/api`, people.owner.cookie, {
      intent: 'create',
      name: 'ERP 对接',
      scopes: 'orders:read',
      lifetime: 'never',
    });
    expect(refused.status).toBe(403);
    const html = unescapeHtml(await refused.text());
    expect(html).toContain('创建 API 密钥是敏感操作，需要先验证身份');
    expect(html).toContain('name="verifyPassword"');
    expect(html).toContain('value="ERP 对接"');
    expect(html).not.toMatch(TOKEN);

    const wrong = await client.post(`/shop/${slug}/api`, people.owner.cookie, {
      intent: 'create',
      name: 'ERP 对接',
      scopes: 'orders:read',
      verifyMethod: 'password',
      verifyPassword: 'not-my-password',
    });
    expect(wrong.status).toBe(400);
    expect(unescapeHtml(await wrong.text())).toContain('密码不正确');
    expect(await keys()).toEqual([]);
    expect(await listDevInbox(t.runtime.env.DATA_DIR, { to: people.owner.email })).toEqual([]);
  });

  test('confirmed in the form, the key is shown once, works at once, and only its hash is kept', async () => {
    const res = await client.post(`/shop/${slug}/api`, people.manager.cookie, {
      intent: 'create',
      name: 'ERP 对接',
      scopes: 'orders:read',
      lifetime: '365',
      verifyMethod: 'password',
      verifyPassword: TEST_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = unescapeHtml(await res.text());
    expect(html).toContain('密钥「ERP 对接」已创建：请立即复制保存');
    const token = TOKEN.exec(html)![0];
    const secret = token.split('_')[3]!;

    const rows = await keys();
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.secret_hash).toString('hex')).toBe(
      createHash('sha256').update(secret).digest('hex'),
    );
    expect(rows[0]).toMatchObject({
      name: 'ERP 对接',
      scopes: ['orders:read'],
      created_by: people.manager.id,
    });

    // The /api the console server mounts answers to it, for this shop only.
    const mine = await api(`/orders/${orderNumber}`, token);
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { number: string }).number).toBe(orderNumber);
    expect((await api(`/orders/${otherOrderNumber}`, token)).status).toBe(404);
    expect((await api('/catalog', token)).status).toBe(403);

    // Shown once: the page lists it by prefix, never whole again.
    const again = await page(`/shop/${slug}/api`, people.manager.cookie);
    expect(again.html).not.toContain(secret);
    expect(again.html).toContain(`cs_live_${rows[0]!.prefix}_…`);
    expect(again.html).toContain('读取订单');
    expect(again.html).toContain('最近使用：');

    // The owner is told (in-site and by mail); the manager who made it is not an owner.
    const account = await page('/account', people.owner.cookie);
    expect(account.html).toContain('API 密钥已创建');
    const mail = await listDevInbox(t.runtime.env.DATA_DIR, { to: people.owner.email });
    expect(mail.map((m) => m.subject)).toEqual(['【卡盟云】账号安全提醒：API 密钥已创建']);
    expect(await listDevInbox(t.runtime.env.DATA_DIR, { to: people.manager.email })).toEqual([]);
  });

  test('revoking a key stops it at once and is audited', async () => {
    const [row] = await keys();
    // Within the five minutes of the last confirmation, a second key goes straight through.
    const res = await client.post(`/shop/${slug}/api`, people.manager.cookie, {
      intent: 'create',
      name: '对账',
      scopes: 'catalog:read',
    });
    expect(res.status).toBe(200);
    const token = TOKEN.exec(unescapeHtml(await res.text()))![0];
    expect((await api('/catalog', token)).status).toBe(200);
    const second = (await keys()).find((k) => k.id !== row!.id)!;

    const revoked = await client.post(`/shop/${slug}/api`, people.owner.cookie, {
      intent: 'revoke',
      keyId: second.id,
    });
    expect(revoked.status).toBe(200);
    const html = unescapeHtml(await revoked.text());
    expect(html).toContain('密钥「对账」已撤销');
    expect(html).toContain('已撤销');
    const answer = await api('/catalog', token);
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_api_key',
    );

    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'actor_id'])
      .where('tenant_id', '=', shop.tenantId)
      .where('action', 'like', 'api_key.%')
      .orderBy('occurred_at')
      .execute();
    expect(audit).toEqual([
      { action: 'api_key.created', actor_id: people.manager.id },
      { action: 'api_key.created', actor_id: people.manager.id },
      { action: 'api_key.revoked', actor_id: people.owner.id },
    ]);

    // Another shop's key id is not found here.
    const missing = await client.post(`/shop/${slug}/api`, people.owner.cookie, {
      intent: 'revoke',
      keyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.status).toBe(404);
  });

  test('the page speaks English too', async () => {
    const { status, html } = await page(`/shop/${slug}/api?lang=en`, people.owner.cookie);
    expect(status).toBe(200);
    expect(html).toContain('API keys');
    expect(html).toContain("A key is a key to the shop's data");
    expect(html).toContain('Read orders');
    expect(html).toContain('Revoked');
  });
});
