import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildCustomer,
  buildTenant,
  CUSTOMER_PASSWORD,
  readDevCode,
  uniqueIp,
  uniquePhone,
  useTestRuntime,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

// TRUST_PROXY lets each test speak from its own client address (X-Forwarded-For), as it would
// behind the platform's proxy, so per-address limits of one test do not spill into another.
const t = useTestRuntime({ TRUST_PROXY: 'true' });
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shopA: { id: string; slug: string; name: string };
let shopB: { id: string; slug: string; name: string };
const hostOf = (shop: { slug: string }) => `${shop.slug}.localhost:3000`;
const IPHONE_WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.40';

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shopA = await buildTenant(t.db, { name: '星光卡铺' });
  shopB = await buildTenant(t.db, { name: '月光卡铺' });
});

interface Client {
  host: string;
  ip: string;
  cookie: string | null;
}
const client = (shop = shopA, ip = uniqueIp()): Client => ({
  host: hostOf(shop),
  ip,
  cookie: null,
});

function headers(c: Client, extra: Record<string, string> = {}) {
  return {
    host: c.host,
    'x-forwarded-for': c.ip,
    'user-agent': IPHONE_WECHAT,
    ...(c.cookie ? { cookie: c.cookie } : {}),
    ...extra,
  };
}

function get(c: Client, path: string) {
  return app.request(`http://${c.host}${path}`, { headers: headers(c), redirect: 'manual' });
}

async function post(
  c: Client,
  path: string,
  form: Record<string, string>,
  origin = `http://${c.host}`,
) {
  const res = await app.request(`http://${c.host}${path}`, {
    method: 'POST',
    headers: headers(c, {
      origin,
      'content-type': 'application/x-www-form-urlencoded',
    }),
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  const set = res.headers.getSetCookie().find((h) => h.startsWith('cs_customer='));
  if (set) {
    const value = set.split(';')[0]!;
    c.cookie = value === 'cs_customer=' ? null : value;
  }
  return res;
}

const customerCookieOf = (res: Response) =>
  res.headers.getSetCookie().find((h) => h.startsWith('cs_customer='));

describe('storefront customer accounts', () => {
  test('registering with a phone and password signs in with a host-only, HttpOnly session cookie and no Max-Age', async () => {
    const c = client();
    const phone = uniquePhone();
    const res = await post(c, '/register', {
      intent: 'password',
      identifier: phone,
      password: 'hunter-2026',
      displayName: '小明',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account');
    const cookie = customerCookieOf(res)!;
    expect(cookie).toMatch(
      /^cs_customer=[a-z2-9]{24}\.[a-z2-9]{24}; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect(cookie).not.toMatch(/Domain=|Max-Age|Expires|Secure/);
    const account = await get(c, '/account');
    expect(account.status).toBe(200);
    const html = await account.text();
    expect(html).toContain('小明');
    expect(html).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(html).toContain('账号安全小贴士');
    expect(account.headers.get('cache-control')).toBe('private, no-store');
  });

  test('a weak password is answered on the form with a clear message and no account', async () => {
    const c = client();
    const phone = uniquePhone();
    const res = await post(c, '/register', {
      intent: 'password',
      identifier: phone,
      password: '12345678',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('密码不能全是数字，请加入字母或符号');
    expect(c.cookie).toBeNull();
    const rows = await t.owner
      .selectFrom('customers')
      .select('id')
      .where('phone', '=', phone)
      .execute();
    expect(rows).toEqual([]);
  });

  test('signing in with "remember me" sets a cookie that lasts 30 days', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const c = client();
    const res = await post(c, '/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
      remember: 'on',
      redirectTo: '/account/sessions',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account/sessions');
    expect(customerCookieOf(res)).toMatch(/; Max-Age=2592000(;|$)/);
  });

  test('using a remembered session slides its 30-day cookie forward; a browser session gets no cookie back', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const remembered = client();
    const plain = client();
    const form = { intent: 'password', identifier: customer.phone!, password: CUSTOMER_PASSWORD };
    await post(remembered, '/login', { ...form, remember: 'on' });
    await post(plain, '/login', form);
    await t.owner
      .updateTable('customer_sessions')
      .set({ last_used_at: new Date(Date.now() - 5 * 60_000) })
      .where('customer_id', '=', customer.id)
      .execute();
    const slid = await get(remembered, '/account');
    expect(slid.status).toBe(200);
    expect(customerCookieOf(slid)).toMatch(/; Max-Age=2592000(;|$)/);
    const browser = await get(plain, '/account');
    expect(browser.status).toBe(200);
    expect(customerCookieOf(browser)).toBeUndefined();
  });

  test('signs up with an SMS code read from the dev inbox and sees the session listed', async () => {
    const c = client();
    const phone = uniquePhone();
    const sent = await post(c, '/login?tab=code', { intent: 'send-code', identifier: phone });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain(`验证码已发送到 ${phone.slice(0, 3)}****${phone.slice(7)}`);
    const code = await readDevCode(t.runtime.env.DATA_DIR, phone);
    const res = await post(c, '/login?tab=code', {
      intent: 'code',
      identifier: phone,
      code,
      remember: 'on',
    });
    expect(res.status).toBe(302);
    expect(customerCookieOf(res)).toMatch(/Max-Age=2592000/);
    const sessions = await get(c, '/account/sessions');
    expect(sessions.status).toBe(200);
    const html = await sessions.text();
    expect(html).toContain('微信 · iPhone');
    expect(html).toContain('当前设备');
    expect(html).toContain(`IP ${c.ip}`);
  });

  test('a session cookie of shop A is rejected on shop B', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const a = client(shopA);
    await post(a, '/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
    });
    expect((await get(a, '/account')).status).toBe(200);
    const b: Client = { ...a, host: hostOf(shopB) };
    const res = await get(b, '/account');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Faccount');
    // The stale cookie is cleared on B, and A's session still works.
    expect(customerCookieOf(res)).toMatch(/^cs_customer=; .*Max-Age=0/);
    expect((await get(a, '/account')).status).toBe(200);
  });

  test('a revoked session is dead at once', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const phone = client();
    const laptop = client();
    const form = { intent: 'password', identifier: customer.phone!, password: CUSTOMER_PASSWORD };
    await post(phone, '/login', form);
    await post(laptop, '/login', form);
    const laptopSession = await t.owner
      .selectFrom('customer_sessions')
      .select('id')
      .where('customer_id', '=', customer.id)
      .where('ip', '=', laptop.ip)
      .executeTakeFirstOrThrow();
    const res = await post(phone, '/account/sessions', {
      intent: 'revoke',
      sessionId: laptopSession.id,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('已退出该设备');
    expect((await get(laptop, '/account')).status).toBe(302);
    expect((await get(phone, '/account')).status).toBe(200);
  });

  test('changing the password signs every other device out', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const me = client();
    const other = client();
    const form = { intent: 'password', identifier: customer.phone!, password: CUSTOMER_PASSWORD };
    await post(me, '/login', form);
    await post(other, '/login', { ...form, remember: 'on' });
    // A sensitive operation: the form carries the second confirmation (the current password).
    const res = await post(me, '/account/password', {
      intent: 'change',
      verifyMethod: 'password',
      verifyPassword: CUSTOMER_PASSWORD,
      newPassword: 'brand-new-2026',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('密码已修改，其他 1 台设备已退出登录');
    expect((await get(other, '/account')).status).toBe(302);
    expect((await get(me, '/account')).status).toBe(200);
  });

  test('signing out is a POST that ends the session and clears the cookie', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const c = client();
    await post(c, '/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
    });
    const stolen = c.cookie;
    expect((await get(c, '/logout')).status).toBe(302);
    expect((await get(c, '/account')).status).toBe(200);
    const res = await post(c, '/logout', {});
    expect(res.status).toBe(302);
    expect(c.cookie).toBeNull();
    expect((await get({ ...c, cookie: stolen }, '/account')).status).toBe(302);
  });
});

describe('storefront account security', () => {
  test('brute force on one account is locked out with a message saying when to try again', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    for (let i = 0; i < 4; i++) {
      const res = await post(client(), '/login', {
        intent: 'password',
        identifier: customer.phone!,
        password: `guess-${i}-wrong`,
      });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('账号或密码不正确');
    }
    const locked = await post(client(), '/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: 'guess-4-wrong',
    });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(
      /登录失败次数过多，已暂时锁定。请 1 分钟后（北京时间 \d\d:\d\d 之后）再试/,
    );
    const right = await post(client(), '/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
    });
    expect(right.status).toBe(429);
  });

  test('brute force from one address is locked out for every account', async () => {
    const attacker = client();
    for (let i = 0; i < 10; i++) {
      await post(attacker, '/login', {
        intent: 'password',
        identifier: uniquePhone(),
        password: 'spray-password-1',
      });
    }
    const victim = await buildCustomer(t.db, shopA.id);
    const res = await post(attacker, '/login', {
      intent: 'password',
      identifier: victim.phone!,
      password: CUSTOMER_PASSWORD,
    });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('登录失败次数过多');
    expect(attacker.cookie).toBeNull();
  });

  test('asking for codes too often is refused with how long to wait', async () => {
    const c = client();
    const phone = uniquePhone();
    expect(
      (await post(c, '/login?tab=code', { intent: 'send-code', identifier: phone })).status,
    ).toBe(200);
    const again = await post(client(), '/register?tab=code', {
      intent: 'send-code',
      identifier: phone,
    });
    expect(again.status).toBe(429);
    expect(await again.text()).toMatch(/获取验证码过于频繁，请 (\d+ 秒|1 分钟)后再试/);
  });

  test('sign-in failure and "code sent" answers do not reveal whether an account exists', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const unknown = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const alertOf = async (res: Response) => {
      const html = await res.text();
      return [res.status, /role="(?:alert|status)"[^>]*>([^<]*)</.exec(html)?.[1]];
    };
    const wrong = await post(client(), '/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: 'not-the-password',
    });
    const none = await post(client(), '/login', {
      intent: 'password',
      identifier: unknown,
      password: 'not-the-password',
    });
    expect(await alertOf(wrong)).toEqual([401, '账号或密码不正确']);
    expect(await alertOf(none)).toEqual([401, '账号或密码不正确']);
    const known = await post(client(), '/forgot', {
      intent: 'send-code',
      identifier: customer.phone!,
    });
    const missing = await post(client(), '/forgot', { intent: 'send-code', identifier: unknown });
    const mask = (p: string) => `${p.slice(0, 3)}****${p.slice(7)}`;
    expect((await known.text()).replace(mask(customer.phone!), 'X')).toContain(
      '如果可以接收，验证码已发送到 X',
    );
    expect((await missing.text()).replace(mask(unknown), 'X')).toContain(
      '如果可以接收，验证码已发送到 X',
    );
    expect([known.status, missing.status]).toEqual([200, 200]);
  });

  test('a forged cross-site POST to /login is refused before it reaches the page', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const c = client();
    const res = await post(
      c,
      '/login',
      { intent: 'password', identifier: customer.phone!, password: CUSTOMER_PASSWORD },
      'http://evil.example.com',
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('跨站请求已被拒绝');
    expect(c.cookie).toBeNull();
    // Another shop of the platform is a different site too.
    const sibling = await post(
      c,
      '/login',
      { intent: 'password', identifier: customer.phone!, password: CUSTOMER_PASSWORD },
      `http://${hostOf(shopB)}`,
    );
    expect(sibling.status).toBe(403);
    const sessions = await t.owner
      .selectFrom('customer_sessions')
      .select('id')
      .where('customer_id', '=', customer.id)
      .execute();
    expect(sessions).toEqual([]);
  });

  test('a forged cross-site POST cannot revoke sessions or sign out', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const c = client();
    await post(c, '/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
    });
    const res = await post(
      c,
      '/account/sessions',
      { intent: 'revoke-others' },
      'http://evil.example.com',
    );
    expect(res.status).toBe(403);
    expect((await post(c, '/logout', {}, 'http://evil.example.com')).status).toBe(403);
    expect((await get(c, '/account')).status).toBe(200);
  });

  test('the account pages exist only on a shop’s address', async () => {
    const res = await app.request('http://localhost:3000/login', {
      headers: { host: 'localhost:3000' },
    });
    expect(res.status).toBe(404);
  });
});
