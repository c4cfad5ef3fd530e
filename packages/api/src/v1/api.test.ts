import { Hono } from 'hono';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  confirmStaffIdentity,
  createApiKey,
  createTestGateway,
  deliverOrder,
  handlePaymentNotification,
  paymentProviders,
  RATE_LIMITS,
  revokeApiKey,
  setStockDisplay,
  signInStaff,
  startPayment,
  validateStaffSession,
  withTenant,
  type StaffAuth,
} from '@cardshop/domain';
import {
  buildOrder,
  buildShopSku,
  buildStaff,
  buildStaffContext,
  staffSignedIn,
  TEST_PASSWORD,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import type { AppEnv } from '../types.js';
import { apiRoutes } from './index.js';

// The public API over HTTP (Hono's in-process fetch), mounted at /api as the app servers mount it,
// on real PostgreSQL and Redis.
const t = useTestRuntime();
let app: Hono<AppEnv>;

beforeAll(() => {
  app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('runtime', t.runtime);
    c.set('requestId', 'req-test');
    await next();
  });
  app.route('/api', apiRoutes());
});

interface Owner {
  tenantId: string;
  auth: StaffAuth;
}

async function shopOwner(tenantId: string): Promise<Owner> {
  const staff = await buildStaff(t.db, { tenantRoles: [{ tenantId, role: 'owner' }] });
  const { token } = staffSignedIn(
    await signInStaff(buildStaffContext(t.runtime), {
      email: staff.email,
      password: TEST_PASSWORD,
    }),
  );
  const session = (await validateStaffSession(t.db, token))!.session;
  const auth = { userId: staff.id, sessionId: session.id };
  await confirmStaffIdentity(buildStaffContext(t.runtime), auth, {
    method: 'password',
    password: TEST_PASSWORD,
  });
  return { tenantId, auth };
}

async function issueKey(owner: Owner, scopes: string[] = ['catalog:read', 'orders:read']) {
  return createApiKey(
    buildStaffContext(t.runtime),
    owner.auth,
    { tenantId: owner.tenantId, name: 'shop' },
    { name: 'ERP', scopes },
  );
}

function get(path: string, token?: string) {
  return app.request(`/api${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function json(res: Response) {
  return (await res.json()) as Record<string, unknown> & {
    error?: { code: string; message: string; doc_url: string };
  };
}

/** Pays for the order through the test gateway and delivers its codes. */
async function payAndDeliver(shop: ShopSku, orderId: string, totalFen: number) {
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, { tenantId: shop.tenantId, orderId, provider: 'test' }),
  );
  await handlePaymentNotification(
    t.db,
    { providers: paymentProviders(gateway), platformFeeBps: 0 },
    {
      provider: 'test',
      ...gateway.notification({ reference: payment.reference, amountFen: totalFen }),
    },
  );
  await withTenant(t.db, shop.tenantId, (trx) =>
    deliverOrder(trx, { tenantId: shop.tenantId, orderId }),
  );
}

describe('authentication', () => {
  let owner: Owner;
  beforeAll(async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    owner = await shopOwner(shop.tenantId);
  });

  test('no key, a bad key and a revoked key get the same 401 JSON error', async () => {
    const { key, token } = await issueKey(owner);
    await revokeApiKey(
      buildStaffContext(t.runtime),
      owner.auth,
      { tenantId: owner.tenantId, name: 'x' },
      key.id,
    );
    const answers = [
      await get('/v1/catalog'),
      await get('/v1/orders', 'cs_live_notakey'),
      await get('/v1/orders/2026112600000001', `cs_live_${'A'.repeat(12)}_${'b'.repeat(43)}`),
      await get('/v1/catalog', token),
    ];
    const bodies = [];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="cardshop-api"');
      expect(res.headers.get('content-type')).toContain('application/json');
      bodies.push(await json(res));
    }
    expect(bodies[0]).toEqual({
      error: {
        code: 'invalid_api_key',
        message: expect.stringContaining('API 密钥无效'),
        doc_url: '/docs/api/errors#invalid_api_key',
      },
    });
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
  });

  test('a key without the scope gets 403 naming the scope; with it, 200', async () => {
    const catalogOnly = await issueKey(owner, ['catalog:read']);
    const res = await get('/v1/orders', catalogOnly.token);
    expect(res.status).toBe(403);
    const body = await json(res);
    expect(body.error!.code).toBe('insufficient_scope');
    expect(body.error!.message).toContain('orders:read');
    expect((await get('/v1/catalog', catalogOnly.token)).status).toBe(200);
  });

  test('a key over its rate limit gets 429 with Retry-After', async () => {
    const { token } = await issueKey(owner, ['catalog:read']);
    for (let i = 0; i < RATE_LIMITS.apiPerKey.limit; i++) {
      const res = await get('/v1/catalog?limit=1', token);
      expect(res.status).toBe(200);
    }
    const res = await get('/v1/catalog?limit=1', token);
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await json(res)).error!.code).toBe('rate_limited');
  });

  test('the index needs no key and unknown paths stay JSON', async () => {
    expect((await get('/v1')).status).toBe(200);
    const res = await get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect((await json(res)).error!.code).toBe('not_found');
  });
});

describe('GET /api/v1/catalog', () => {
  let a: ShopSku;
  let a2: ShopSku;
  let b: ShopSku;
  let token: string;
  beforeAll(async () => {
    a = await buildShopSku(t.db, { codes: 3, priceFen: 1990 });
    a2 = await buildShopSku(t.db, { tenantId: a.tenantId, productType: 'direct_topup' });
    b = await buildShopSku(t.db, { codes: 2 });
    token = (await issueKey(await shopOwner(a.tenantId), ['catalog:read'])).token;
  });

  test("lists only the key's shop's listings, prices in fen, stock as the shop shows it", async () => {
    await withTenant(t.db, a.tenantId, (trx) => setStockDisplay(trx, 'exact'));
    const res = await get('/v1/catalog', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await json(res);
    const data = body.data as Array<Record<string, unknown>>;
    expect(data.map((d) => d.listing_id).sort()).toEqual([a.listingId, a2.listingId].sort());
    expect(JSON.stringify(body)).not.toContain(b.listingId);
    const card = data.find((d) => d.listing_id === a.listingId)!;
    expect(card).toEqual({
      object: 'listing',
      listing_id: a.listingId,
      product: {
        id: a.productId,
        name: '王者荣耀点券',
        type: 'card_code',
        category: expect.any(String),
        category_en: expect.any(String),
      },
      sku: { id: a.skuId, name: '面值 10 元', face_value_fen: null },
      price_fen: 1990,
      currency: 'CNY',
      min_per_order: 1,
      max_per_order: 10,
      stock: { display: 'exact', level: 'few', count: 3 },
    });
    // A top-up has no stock limit.
    expect(data.find((d) => d.listing_id === a2.listingId)!.stock).toEqual({
      display: 'exact',
      level: 'plenty',
      count: null,
    });
    expect(body).toMatchObject({ object: 'list', has_more: false, next_cursor: null });

    await withTenant(t.db, a.tenantId, (trx) => setStockDisplay(trx, 'status'));
    const hidden = (await json(await get('/v1/catalog', token))).data as Array<
      Record<string, unknown>
    >;
    expect(hidden.find((d) => d.listing_id === a.listingId)!.stock).toEqual({
      display: 'status',
      level: 'few',
      count: null,
    });
  });

  test('pages by cursor', async () => {
    const first = await json(await get('/v1/catalog?limit=1', token));
    expect(first.data).toHaveLength(1);
    expect(first.has_more).toBe(true);
    const second = await json(
      await get(`/v1/catalog?limit=1&cursor=${String(first.next_cursor)}`, token),
    );
    expect(second.data).toHaveLength(1);
    expect(second.has_more).toBe(false);
    const ids = [first, second].map(
      (p) => (p.data as Array<{ listing_id: string }>)[0]!.listing_id,
    );
    expect(ids.sort()).toEqual([a.listingId, a2.listingId].sort());
  });

  test('a listing the shop hides or the supplier delists is not on sale, as on the storefront', async () => {
    const hidden = await buildShopSku(t.db, { tenantId: a.tenantId, codes: 1 });
    const delisted = await buildShopSku(t.db, { tenantId: a.tenantId, codes: 1 });
    await t.owner
      .updateTable('listings')
      .set({ visible: false })
      .where('id', '=', hidden.listingId)
      .execute();
    await t.owner
      .updateTable('skus')
      .set({ status: 'delisted' })
      .where('id', '=', delisted.skuId)
      .execute();
    const body = await json(await get('/v1/catalog', token));
    const ids = (body.data as Array<{ listing_id: string }>).map((d) => d.listing_id);
    expect(ids.sort()).toEqual([a.listingId, a2.listingId].sort());
  });

  test('bad paging parameters are 422 in the error shape', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=%21%21']) {
      const res = await get(`/v1/catalog?${query}`, token);
      expect(res.status, query).toBe(422);
      expect((await json(res)).error!.code).toBe('invalid_request');
    }
  });
});

describe('orders', () => {
  let a: ShopSku;
  let b: ShopSku;
  let token: string;
  let delivered: { id: string; number: string; totalFen: number };
  let pending: Array<{ number: string }>;
  let foreign: { number: string };
  beforeAll(async () => {
    a = await buildShopSku(t.db, { codes: 5, priceFen: 1500 });
    b = await buildShopSku(t.db, { codes: 2 });
    token = (await issueKey(await shopOwner(a.tenantId))).token;
    const { order } = await buildOrder(t.db, a, { quantity: 2 });
    delivered = order;
    await payAndDeliver(a, order.id, order.totalFen);
    pending = [];
    for (let i = 0; i < 2; i++) pending.push((await buildOrder(t.db, a)).order);
    foreign = (await buildOrder(t.db, b)).order;
  });

  test('GET /api/v1/orders/:number shows status, lines, totals and times, never codes', async () => {
    const res = await get(`/v1/orders/${delivered.number}`, token);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      object: 'order',
      number: delivered.number,
      status: 'delivered',
      currency: 'CNY',
      total_fen: 3000,
      refunded_fen: 0,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      paid_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      delivered_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      lines: [
        {
          line_no: 1,
          product_id: a.productId,
          sku_id: a.skuId,
          product_type: 'card_code',
          product_name: '王者荣耀点券',
          sku_name: '面值 10 元',
          quantity: 2,
          unit_price_fen: 1500,
          total_fen: 3000,
          status: 'delivered',
          delivered_at: expect.any(String),
          refunded_at: null,
        },
      ],
    });
    const text = JSON.stringify(body);
    for (const code of a.codes) expect(text).not.toContain(code);
    expect(text).not.toMatch(/contact|phone|email|password/i);
  });

  test("another shop's order is 404, as is a malformed number", async () => {
    for (const number of [foreign.number, 'not-a-number', '0000000000000000']) {
      const res = await get(`/v1/orders/${number}`, token);
      expect(res.status).toBe(404);
      expect((await json(res)).error!.code).toBe('order_not_found');
    }
    const list = await json(await get('/v1/orders?limit=100', token));
    expect(JSON.stringify(list)).not.toContain(foreign.number);
  });

  test('GET /api/v1/orders lists newest first, filters by status and time, pages by cursor', async () => {
    const all = await json(await get('/v1/orders', token));
    const numbers = (all.data as Array<{ number: string }>).map((o) => o.number);
    expect(numbers).toEqual([pending[1]!.number, pending[0]!.number, delivered.number]);

    const onlyDelivered = await json(await get('/v1/orders?status=delivered', token));
    expect((onlyDelivered.data as Array<{ number: string }>).map((o) => o.number)).toEqual([
      delivered.number,
    ]);
    const future = await json(
      await get(`/v1/orders?since=${encodeURIComponent('2999-01-01T00:00:00Z')}`, token),
    );
    expect(future.data).toEqual([]);
    const today = await json(
      await get(`/v1/orders?since=${new Date(Date.now() - 3600_000).toISOString()}`, token),
    );
    expect(today.data).toHaveLength(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Record<string, unknown> = await json(
        await get(`/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`, token),
      );
      seen.push(...(page.data as Array<{ number: string }>).map((o) => o.number));
      cursor = page.next_cursor as string | null;
      expect(page.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual(numbers);
  });

  test('bad filters are 422 and say what is wrong', async () => {
    const cases: Array<[string, string]> = [
      ['status=shipped', 'status'],
      ['since=yesterday', 'since'],
      ['cursor=abc', 'cursor'],
    ];
    for (const [query, word] of cases) {
      const res = await get(`/v1/orders?${query}`, token);
      expect(res.status, query).toBe(422);
      const body = await json(res);
      expect(body.error!.code).toBe('invalid_request');
      expect(body.error!.message).toContain(word);
    }
  });
});
