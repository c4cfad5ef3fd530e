import { createHash } from 'node:crypto';
import { sql, withTenant } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import type { StaffAuth } from '../identity/staff-auth-context.js';
import { confirmStaffIdentity } from '../identity/staff-confirmation.js';
import { signInStaff } from '../identity/sign-in-staff.js';
import { listStaffNotices } from '../identity/staff-notices.js';
import { validateStaffSession } from '../identity/staff-sessions.js';
import { listDevInbox } from '../messaging/dev-inbox.js';
import { RATE_LIMITS } from '../security/limits.js';
import { getApiOrder } from '../shop-api/get-api-order.js';
import {
  buildOrder,
  buildShopSku,
  buildStaff,
  buildStaffContext,
  buildTenant,
  staffSignedIn,
  TEST_PASSWORD,
  useTestRuntime,
} from '../testing/index.js';
import type { ApiKeyShop } from './api-key-guard.js';
import { parseApiKeyToken } from './api-key-token.js';
import { authenticateApiKey, type ApiPrincipal } from './authenticate-api-key.js';
import { createApiKey, MAX_ACTIVE_API_KEYS } from './create-api-key.js';
import { listApiKeys } from './list-api-keys.js';
import { revokeApiKey } from './revoke-api-key.js';

const t = useTestRuntime();
const ctx = (now?: () => number) =>
  buildStaffContext(t.runtime, { ip: '203.0.113.20', ...(now ? { now } : {}) });

async function signedIn(overrides: Parameters<typeof buildStaff>[1]) {
  const staff = await buildStaff(t.db, overrides);
  const { token } = staffSignedIn(
    await signInStaff(buildStaffContext(t.runtime), {
      email: staff.email,
      password: TEST_PASSWORD,
    }),
  );
  const session = (await validateStaffSession(t.db, token))!.session;
  const auth: StaffAuth = { userId: staff.id, sessionId: session.id };
  return { staff, auth };
}

async function confirmed(overrides: Parameters<typeof buildStaff>[1]) {
  const member = await signedIn(overrides);
  await confirmStaffIdentity(buildStaffContext(t.runtime), member.auth, {
    method: 'password',
    password: TEST_PASSWORD,
  });
  return member;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isDomainError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const deps = (now?: () => number) => ({
  db: t.db,
  rateLimiter: t.runtime.rateLimiter,
  ...(now ? { now } : {}),
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, ip: '198.51.100.30' });

function keyRows(tenantId: string) {
  return t.owner.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).execute();
}

function auditActions(tenantId: string) {
  return t.owner
    .selectFrom('tenant_audit_log')
    .select(['action', 'actor_id', 'ip', 'data'])
    .where('tenant_id', '=', tenantId)
    .where('action', 'like', 'api_key.%')
    .orderBy('occurred_at')
    .execute();
}

describe('creating a shop API key', () => {
  let shop: ApiKeyShop;
  beforeAll(async () => {
    const tenant = await buildTenant(t.db, { name: '星光卡铺' });
    shop = { tenantId: tenant.id, name: '星光卡铺' };
  });

  test('without a recent confirmation it is refused and changes nothing', async () => {
    const { auth } = await signedIn({ tenantRoles: [{ tenantId: shop.tenantId, role: 'owner' }] });
    const error = await refusal(
      createApiKey(ctx(), auth, shop, { name: 'ERP 对接', scopes: ['orders:read'] }),
    );
    expect(error.code).toBe('CONFIRMATION_REQUIRED');
    expect(error.status).toBe(403);
    expect(error.userMessage).toContain('创建 API 密钥是敏感操作');
    expect(await keyRows(shop.tenantId)).toEqual([]);
    expect(await auditActions(shop.tenantId)).toEqual([]);
    expect((await listStaffNotices(t.db, auth.userId)).items).toEqual([]);
  });

  test('with one, the key is shown once, only its hash is stored, and the owners are told', async () => {
    const owner = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.tenantId, role: 'owner' }],
    });
    const finance = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.tenantId, role: 'finance' }],
    });
    const { staff, auth } = await confirmed({
      tenantRoles: [{ tenantId: shop.tenantId, role: 'manager' }],
    });
    const { key, token } = await createApiKey(ctx(), auth, shop, {
      name: '  ERP 对接 ',
      scopes: ['orders:read', 'catalog:read', 'orders:read'],
      lifetime: '90',
    });
    expect(token).toMatch(/^cs_live_[A-Za-z0-9]{12}_[A-Za-z0-9]{43}$/);
    const parts = parseApiKeyToken(token)!;
    expect(key).toMatchObject({
      name: 'ERP 对接',
      prefix: parts.prefix,
      hint: `cs_live_${parts.prefix}_…`,
      scopes: ['catalog:read', 'orders:read'],
      status: 'active',
    });
    expect(key.expiresAt!.getTime() - key.createdAt.getTime()).toBe(90 * 24 * 60 * 60 * 1000);

    const [row] = await keyRows(shop.tenantId);
    expect(Buffer.from(row!.secret_hash).toString('hex')).toBe(
      createHash('sha256').update(parts.secret).digest('hex'),
    );
    const stored = JSON.stringify(row, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
    );
    expect(stored).not.toContain(parts.secret);
    expect(stored).not.toContain(token);

    // It works as soon as it is shown.
    const principal = await authenticateApiKey(deps(), bearer(token));
    expect(principal).toEqual({
      tenantId: shop.tenantId,
      keyId: key.id,
      scopes: ['catalog:read', 'orders:read'],
    });

    expect(await auditActions(shop.tenantId)).toEqual([
      {
        action: 'api_key.created',
        actor_id: staff.id,
        ip: '203.0.113.20',
        data: {
          name: 'ERP 对接',
          prefix: parts.prefix,
          scopes: ['catalog:read', 'orders:read'],
          expiresAt: key.expiresAt!.toISOString(),
        },
      },
    ]);
    // The owner is told, in-site and by mail; the finance member is not an owner.
    const notices = (await listStaffNotices(t.db, owner.id)).items;
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'api_key_created', title: 'API 密钥已创建' });
    expect(notices[0]!.body).toContain('「ERP 对接」');
    expect(notices[0]!.body).toContain(`cs_live_${parts.prefix}_…`);
    expect(notices[0]!.body).toContain('读取店铺的全部订单');
    expect(notices[0]!.body).not.toContain(parts.secret);
    const mail = (await listDevInbox(t.runtime.env.DATA_DIR, { to: owner.email })).filter(
      (m) => m.channel === 'email',
    );
    expect(mail.map((m) => m.subject)).toEqual(['【卡盟云】账号安全提醒：API 密钥已创建']);
    expect(JSON.stringify(mail)).not.toContain(parts.secret);
    expect((await listStaffNotices(t.db, finance.id)).items).toEqual([]);
  });

  test('bad input is refused with the reason and stores nothing', async () => {
    const tenant = await buildTenant(t.db);
    const area = { tenantId: tenant.id, name: 'x' };
    const { auth } = await confirmed({ tenantRoles: [{ tenantId: tenant.id, role: 'owner' }] });
    const cases: Array<[unknown, string, string]> = [
      [{ name: '', scopes: ['orders:read'] }, 'name', '请给密钥起个名字'],
      [{ name: 'x'.repeat(41), scopes: ['orders:read'] }, 'name', '名称最多 40 个字'],
      [{ name: 'ERP', scopes: [] }, 'scopes', '请至少选择一项权限'],
      [{ name: 'ERP', scopes: ['orders:write'] }, 'scopes.0', '权限范围只能是读取商品或读取订单'],
      [{ name: 'ERP', scopes: ['orders:read'], lifetime: '7' }, 'lifetime', '有效期只能是'],
    ];
    for (const [input, field, message] of cases) {
      const error = await refusal(createApiKey(ctx(), auth, area, input));
      expect(error.code).toBe('API_KEY_INVALID_INPUT');
      expect(error.status).toBe(422);
      expect((error.details!.fieldErrors as Record<string, string>)[field]).toContain(message);
    }
    expect(await keyRows(tenant.id)).toEqual([]);
  });

  test('support and finance members (no api.manage) are refused, confirmed or not', async () => {
    for (const role of ['support', 'finance'] as const) {
      const { auth } = await confirmed({ tenantRoles: [{ tenantId: shop.tenantId, role }] });
      const before = (await keyRows(shop.tenantId)).length;
      const error = await refusal(
        createApiKey(ctx(), auth, shop, { name: 'ERP', scopes: ['orders:read'] }),
      );
      expect(error.code).toBe('PERMISSION_DENIED');
      expect(error.userMessage).toContain('管理 API 密钥');
      expect(await keyRows(shop.tenantId)).toHaveLength(before);
    }
  });

  test('someone on another shop cannot make keys for this one', async () => {
    const other = await buildTenant(t.db);
    const { auth } = await confirmed({ tenantRoles: [{ tenantId: other.id, role: 'owner' }] });
    const before = (await keyRows(shop.tenantId)).length;
    const error = await refusal(
      createApiKey(ctx(), auth, shop, { name: 'ERP', scopes: ['orders:read'] }),
    );
    expect(error.code).toBe('API_KEY_NOT_A_MEMBER');
    expect(await keyRows(shop.tenantId)).toHaveLength(before);
  });

  test(`at most ${MAX_ACTIVE_API_KEYS} keys are in force; a revoked one frees a place`, async () => {
    const tenant = await buildTenant(t.db);
    const area = { tenantId: tenant.id, name: '满额小店' };
    const { auth } = await confirmed({ tenantRoles: [{ tenantId: tenant.id, role: 'owner' }] });
    const made = [];
    for (let i = 0; i < MAX_ACTIVE_API_KEYS; i++) {
      made.push(await createApiKey(ctx(), auth, area, { name: `K${i}`, scopes: ['catalog:read'] }));
    }
    const error = await refusal(
      createApiKey(ctx(), auth, area, { name: 'one too many', scopes: ['catalog:read'] }),
    );
    expect(error.code).toBe('API_KEY_LIMIT_REACHED');
    expect(error.status).toBe(409);
    expect(await keyRows(tenant.id)).toHaveLength(MAX_ACTIVE_API_KEYS);

    await revokeApiKey(ctx(), auth, area, made[0]!.key.id);
    await createApiKey(ctx(), auth, area, { name: 'replacement', scopes: ['catalog:read'] });
    const list = await withTenant(t.db, tenant.id, (trx) =>
      listApiKeys(trx, { tenantId: tenant.id, now: Date.now() }),
    );
    expect(list.active).toBe(MAX_ACTIVE_API_KEYS);
    expect(list.keys).toHaveLength(MAX_ACTIVE_API_KEYS + 1);
    expect(list.keys[0]!.name).toBe('replacement');
  });
});

describe('authenticating API requests', () => {
  let shop: ApiKeyShop;
  let auth: StaffAuth;
  beforeAll(async () => {
    const tenant = await buildTenant(t.db, { name: '月光卡铺' });
    shop = { tenantId: tenant.id, name: '月光卡铺' };
    auth = (await confirmed({ tenantRoles: [{ tenantId: tenant.id, role: 'owner' }] })).auth;
  });

  const newKey = (input: Record<string, unknown> = {}) =>
    createApiKey(ctx(), auth, shop, { name: 'ERP', scopes: ['orders:read'], ...input });

  test('missing, malformed, unknown, wrong, revoked and expired keys all get the same 401', async () => {
    const good = await newKey();
    const revoked = await newKey();
    await revokeApiKey(ctx(), auth, shop, revoked.key.id);
    const { prefix, secret } = parseApiKeyToken(good.token)!;
    const wrongSecret = `cs_live_${prefix}_${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const unknown = `cs_live_${'Z'.repeat(12)}_${secret}`;
    const tries = [
      { authorization: null, ip: null },
      { authorization: good.token, ip: null },
      { authorization: 'Basic dXNlcjpwYXNz', ip: null },
      bearer('cs_live_short'),
      bearer(unknown),
      bearer(wrongSecret),
      bearer(revoked.token),
    ];
    const messages = new Set<string>();
    for (const request of tries) {
      const error = await refusal(authenticateApiKey(deps(), request));
      expect(error.code).toBe('INVALID_API_KEY');
      expect(error.status).toBe(401);
      messages.add(error.userMessage);
    }
    expect(messages.size).toBe(1);

    // Expiry: a 30-day key stops working after 30 days.
    const expiring = await newKey({ lifetime: '30' });
    await t.owner
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - 1000), created_at: new Date(Date.now() - 60_000) })
      .where('id', '=', expiring.key.id)
      .execute();
    const expired = await refusal(authenticateApiKey(deps(), bearer(expiring.token)));
    expect(expired.userMessage).toBe([...messages][0]);

    expect((await authenticateApiKey(deps(), bearer(good.token))).keyId).toBe(good.key.id);
  });

  test("a suspended shop's keys stop working until it is active again", async () => {
    const tenant = await buildTenant(t.db);
    const owner = await confirmed({ tenantRoles: [{ tenantId: tenant.id, role: 'owner' }] });
    const { token } = await createApiKey(
      ctx(),
      owner.auth,
      { tenantId: tenant.id, name: 'x' },
      {
        name: 'ERP',
        scopes: ['orders:read'],
      },
    );
    const setStatus = (status: 'active' | 'suspended') =>
      t.owner.updateTable('tenants').set({ status }).where('id', '=', tenant.id).execute();
    await setStatus('suspended');
    expect((await refusal(authenticateApiKey(deps(), bearer(token)))).code).toBe('INVALID_API_KEY');
    await setStatus('active');
    expect((await authenticateApiKey(deps(), bearer(token))).tenantId).toBe(tenant.id);
  });

  test('revoking is audited, takes effect at once, and is not repeated', async () => {
    const { key, token } = await newKey({ name: '待撤销' });
    await authenticateApiKey(deps(), bearer(token));
    const view = await revokeApiKey(ctx(), auth, shop, key.id);
    expect(view.status).toBe('revoked');
    expect((await refusal(authenticateApiKey(deps(), bearer(token)))).status).toBe(401);
    await revokeApiKey(ctx(), auth, shop, key.id);
    const revocations = (await auditActions(shop.tenantId)).filter(
      (a) => a.action === 'api_key.revoked' && (a.data as { name: string }).name === '待撤销',
    );
    expect(revocations).toHaveLength(1);
  });

  test("a shop cannot revoke another shop's key", async () => {
    const { key, token } = await newKey();
    const other = await buildTenant(t.db);
    const stranger = await confirmed({ tenantRoles: [{ tenantId: other.id, role: 'owner' }] });
    const error = await refusal(
      revokeApiKey(ctx(), stranger.auth, { tenantId: other.id, name: 'x' }, key.id),
    );
    expect(error.code).toBe('API_KEY_NOT_FOUND');
    expect((await authenticateApiKey(deps(), bearer(token))).keyId).toBe(key.id);
  });

  test('the last use is recorded at most once a minute', async () => {
    const { key, token } = await newKey();
    const lastUse = () =>
      t.owner
        .selectFrom('api_keys')
        .select(['last_used_at', 'last_used_ip'])
        .where('id', '=', key.id)
        .executeTakeFirstOrThrow();
    expect(await lastUse()).toEqual({ last_used_at: null, last_used_ip: null });
    const start = Date.now();
    await authenticateApiKey(
      deps(() => start),
      bearer(token),
    );
    expect(await lastUse()).toEqual({
      last_used_at: new Date(start),
      last_used_ip: '198.51.100.30',
    });
    await authenticateApiKey(
      deps(() => start + 30_000),
      {
        authorization: `Bearer ${token}`,
        ip: '198.51.100.31',
      },
    );
    expect((await lastUse()).last_used_at).toEqual(new Date(start));
    await authenticateApiKey(
      deps(() => start + 61_000),
      {
        authorization: `Bearer ${token}`,
        ip: '198.51.100.32',
      },
    );
    expect(await lastUse()).toEqual({
      last_used_at: new Date(start + 61_000),
      last_used_ip: '198.51.100.32',
    });
  });

  test('each key has its own rate limit (429 with the wait)', async () => {
    const busy = await newKey();
    const quiet = await newKey();
    for (let i = 0; i < RATE_LIMITS.apiPerKey.limit; i++) {
      await authenticateApiKey(deps(), bearer(busy.token));
    }
    const error = await refusal(authenticateApiKey(deps(), bearer(busy.token)));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.status).toBe(429);
    expect(Number(error.details!.retryAfterMs)).toBeGreaterThan(0);
    expect(Number(error.details!.retryAfterMs)).toBeLessThanOrEqual(60_000);
    expect((await authenticateApiKey(deps(), bearer(quiet.token))).keyId).toBe(quiet.key.id);
  });

  test('the key lookup function is open to the app role and shows one prefix at a time', async () => {
    const { token } = await newKey();
    const { prefix } = parseApiKeyToken(token)!;
    const { rows } = await sql<{
      tenant_id: string;
      active: boolean;
    }>`select tenant_id, active from app_api_key_lookup(${prefix})`.execute(t.db);
    expect(rows).toEqual([{ tenant_id: shop.tenantId, active: true }]);
    // Without a tenant, the app role itself sees no keys at all.
    const { rows: bare } = await sql<{
      n: number;
    }>`select count(*)::int as n from api_keys`.execute(t.db);
    expect(bare).toEqual([{ n: 0 }]);
  });
});

describe('what a key reads', () => {
  test("a key of shop A cannot read shop B's order, which reads as not found", async () => {
    const a = await buildShopSku(t.db, { codes: 2 });
    const b = await buildShopSku(t.db, { codes: 2 });
    const { order: orderA } = await buildOrder(t.db, a);
    const { order: orderB } = await buildOrder(t.db, b);
    const keyOf = async (tenantId: string): Promise<ApiPrincipal> => {
      const { auth } = await confirmed({ tenantRoles: [{ tenantId, role: 'owner' }] });
      const { token } = await createApiKey(
        ctx(),
        auth,
        { tenantId, name: 'x' },
        {
          name: 'ERP',
          scopes: ['orders:read'],
        },
      );
      return authenticateApiKey(deps(), bearer(token));
    };
    const keyA = await keyOf(a.tenantId);
    expect((await getApiOrder(t.db, keyA, orderA.number)).number).toBe(orderA.number);
    const error = await refusal(getApiOrder(t.db, keyA, orderB.number));
    expect(error.code).toBe('ORDER_NOT_FOUND');
    expect(error.status).toBe(404);
    const keyB = await keyOf(b.tenantId);
    expect((await getApiOrder(t.db, keyB, orderB.number)).number).toBe(orderB.number);
  });
});
