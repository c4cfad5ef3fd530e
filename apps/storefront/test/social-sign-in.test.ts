import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  QQ_ME_URL,
  QQ_TOKEN_URL,
  QQ_USERINFO_URL,
  WECHAT_TOKEN_URL,
  WECHAT_USERINFO_URL,
} from '@cardshop/domain';
import {
  buildCustomer,
  buildTenant,
  CUSTOMER_PASSWORD,
  fakeQq,
  fakeWechat,
  readDevCode,
  uniqueIp,
  uniquePhone,
  useTestRuntime,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

const WECHAT = { appId: 'wx5f0e8d7c6b5a4f3e', appSecret: 'wechat-app-secret-for-tests' };
const QQ = { appId: '101888777', appKey: 'qq-app-key-for-tests' };

// MSW stands in for WeChat's and QQ's servers only; everything else is the real storefront on
// the real database. Any other outgoing request fails the test.
const wechat = fakeWechat(WECHAT);
const qq = fakeQq(QQ);
const providers = setupServer(
  http.get(WECHAT_TOKEN_URL, ({ request }) => wechat.handler(request)),
  http.get(WECHAT_USERINFO_URL, ({ request }) => wechat.handler(request)),
  http.get(QQ_TOKEN_URL, ({ request }) => qq.handler(request)),
  http.get(QQ_ME_URL, ({ request }) => qq.handler(request)),
  http.get(QQ_USERINFO_URL, ({ request }) => qq.handler(request)),
);

const t = useTestRuntime({
  TRUST_PROXY: 'true',
  WECHAT_APP_ID: WECHAT.appId,
  WECHAT_APP_SECRET: WECHAT.appSecret,
  QQ_APP_ID: QQ.appId,
  QQ_APP_KEY: QQ.appKey,
});
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shopA: { id: string; slug: string; name: string };
let shopB: { id: string; slug: string; name: string };
const hostOf = (shop: { slug: string }) => `${shop.slug}.localhost:3000`;

beforeAll(async () => {
  providers.listen({ onUnhandledRequest: 'error' });
  app = await createStorefrontServer(t.runtime);
  shopA = await buildTenant(t.db, { name: '星光卡铺' });
  shopB = await buildTenant(t.db, { name: '月光卡铺' });
});
afterEach(() => providers.resetHandlers());
afterAll(() => providers.close());

/** A browser: its shop host, its address and its cookies (with their paths). */
interface Browser {
  host: string;
  ip: string;
  cookies: Map<string, { value: string; path: string }>;
}
const browser = (shop = shopA): Browser => ({
  host: hostOf(shop),
  ip: uniqueIp(),
  cookies: new Map(),
});

function cookieHeader(b: Browser, path: string) {
  return [...b.cookies]
    .filter(([, c]) => path.startsWith(c.path))
    .map(([name, c]) => `${name}=${c.value}`)
    .join('; ');
}

function keep(b: Browser, res: Response) {
  for (const header of res.headers.getSetCookie()) {
    const [pair, ...attrs] = header.split(';').map((s) => s.trim());
    const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
    const path = attrs.find((a) => a.startsWith('Path='))?.slice(5) ?? '/';
    if (!value || attrs.includes('Max-Age=0')) b.cookies.delete(name);
    else b.cookies.set(name, { value, path });
  }
  return res;
}

async function get(b: Browser, path: string) {
  const cookie = cookieHeader(b, path);
  return keep(
    b,
    await app.request(`http://${b.host}${path}`, {
      headers: { host: b.host, 'x-forwarded-for': b.ip, ...(cookie ? { cookie } : {}) },
      redirect: 'manual',
    }),
  );
}

async function post(b: Browser, path: string, form: Record<string, string>) {
  const cookie = cookieHeader(b, path);
  return keep(
    b,
    await app.request(`http://${b.host}${path}`, {
      method: 'POST',
      headers: {
        host: b.host,
        'x-forwarded-for': b.ip,
        origin: `http://${b.host}`,
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    }),
  );
}

/** Presses the WeChat / QQ button; answers where the provider would send the person back. */
async function startWith(b: Browser, provider: 'wechat' | 'qq', form: Record<string, string> = {}) {
  const res = await post(b, `/auth/${provider}`, { intent: 'sign_in', ...form });
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get('location')!);
  return {
    to,
    state: to.searchParams.get('state')!,
    redirectUri: to.searchParams.get('redirect_uri')!,
  };
}

/** The provider's redirect back to the shop, as the browser follows it. */
function comeBack(b: Browser, redirectUri: string, params: Record<string, string>) {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return get(b, url.pathname + url.search);
}

async function signInWithPassword(b: Browser, phone: string) {
  const res = await post(b, '/login', {
    intent: 'password',
    identifier: phone,
    password: CUSTOMER_PASSWORD,
  });
  expect(res.status).toBe(302);
}

/** The second confirmation linking asks for (password), as the confirmation page takes it. */
async function confirmIdentity(b: Browser) {
  const res = await post(
    b,
    '/account/confirm?action=link_identity&redirectTo=%2Faccount%2Fconnections',
    {
      intent: 'confirm',
      verifyMethod: 'password',
      verifyPassword: CUSTOMER_PASSWORD,
    },
  );
  expect(res.status).toBe(302);
}

const auditOf = (tenantId: string, action: string) =>
  t.owner
    .selectFrom('tenant_audit_log')
    .select(['actor_id', 'data', 'target_id'])
    .where('tenant_id', '=', tenantId)
    .where('action', '=', action)
    .orderBy('occurred_at', 'desc')
    .execute();

const identitiesOf = (tenantId: string, subject: string) =>
  t.owner
    .selectFrom('customer_identities')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('subject', '=', subject)
    .execute();

let seq = 0;
const wechatUser = (nickname = '小微') => {
  seq += 1;
  return {
    openid: `oWx${Date.now().toString(36)}${seq}`,
    unionid: `oUn${Date.now().toString(36)}${seq}`,
    nickname,
    headimgurl: 'http://thirdwx.qlogo.cn/mmopen/vi_32/avatar/132',
  };
};

describe('sign-in with WeChat and QQ', () => {
  test('the login page offers WeChat and QQ inside the sign-in form, so "remember me" goes along', async () => {
    const res = await get(browser(), '/login');
    const html = await res.text();
    expect(html).toMatch(/formaction="\/auth\/wechat"/i);
    expect(html).toMatch(/formaction="\/auth\/qq"/i);
    expect(html).toContain('其他登录方式');
  });

  test('pressing WeChat goes to the QR-code page with a signed state and a browser-bound cookie', async () => {
    const b = browser();
    const res = await post(b, '/auth/wechat', { intent: 'sign_in', redirectTo: '/account/orders' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe('https://open.weixin.qq.com/connect/qrconnect');
    expect(to.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(to.searchParams)).toEqual({
      appid: WECHAT.appId,
      redirect_uri: `http://${b.host}/auth/wechat/callback`,
      response_type: 'code',
      scope: 'snsapi_login',
      state: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cs_oauth='))!;
    expect(cookie).toMatch(
      /^cs_oauth=[A-Za-z0-9_-]{32}; Path=\/auth; HttpOnly; SameSite=Lax; Max-Age=1800$/,
    );
  });

  test('an unknown WeChat is never merged: it opens a new account with a proved phone and no password, then signs straight in', async () => {
    const existing = await buildCustomer(t.db, shopA.id);
    const user = wechatUser('小微同学');
    const b = browser();
    const { state, redirectUri } = await startWith(b, 'wechat', {
      remember: 'on',
      redirectTo: '/account/orders',
    });
    const back = await comeBack(b, redirectUri, { code: wechat.approve(user), state });
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toMatch(/^\/auth\/continue\?flow=[0-9a-f-]{36}$/);
    expect(b.cookies.has('cs_customer')).toBe(false);
    expect(await identitiesOf(shopA.id, user.unionid)).toEqual([]);

    const choose = await get(b, back.headers.get('location')!);
    expect(choose.status).toBe(200);
    const page = await choose.text();
    expect(page).toContain('小微同学');
    expect(page).toContain('创建新账号');
    expect(page).toContain('已有本店账号？');

    // A number that already has an account here is refused: that person links instead.
    const flowPath = back.headers.get('location')!;
    const taken = await post(b, flowPath, {
      panel: 'create',
      intent: 'create',
      identifier: existing.phone!,
      code: '123456',
    });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('这个手机号已在本店注册');
    expect(await identitiesOf(shopA.id, user.unionid)).toEqual([]);

    const phone = uniquePhone();
    const sent = await post(b, flowPath, {
      panel: 'create',
      intent: 'send-code',
      identifier: phone,
    });
    expect(sent.status).toBe(200);
    const created = await post(b, flowPath, {
      panel: 'create',
      intent: 'create',
      identifier: phone,
      code: await readDevCode(t.runtime.env.DATA_DIR, phone),
    });
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toBe('/account/orders');
    expect(created.headers.getSetCookie().find((c) => c.startsWith('cs_customer='))).toMatch(
      /Max-Age=2592000/,
    );
    const customer = await t.owner
      .selectFrom('customers')
      .selectAll()
      .where('tenant_id', '=', shopA.id)
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ display_name: '小微同学', password_hash: null, email: null });
    expect(await identitiesOf(shopA.id, user.unionid)).toEqual([
      expect.objectContaining({
        customer_id: customer.id,
        provider: 'wechat',
        openid: user.openid,
        unionid: user.unionid,
        nickname: '小微同学',
        avatar_url: 'https://thirdwx.qlogo.cn/mmopen/vi_32/avatar/132',
      }),
    ]);
    expect((await auditOf(shopA.id, 'customer.identity_linked'))[0]).toMatchObject({
      actor_id: customer.id,
      data: { provider: 'wechat', via: 'new_account' },
    });
    // The pending identity is used up: the same page cannot open a second account.
    expect((await get(b, flowPath)).status).toBe(410);

    // Next time, on another browser without "remember me": straight in, a browser-session cookie.
    const later = browser();
    const again = await startWith(later, 'wechat', { redirectTo: '/account' });
    const signedIn = await comeBack(later, again.redirectUri, {
      code: wechat.approve(user),
      state: again.state,
    });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('location')).toBe('/account');
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('cs_customer='))!;
    expect(session).not.toMatch(/Max-Age/);
    expect((await get(later, '/account')).status).toBe(200);
    expect((await auditOf(shopA.id, 'customer.sign_in'))[0]).toMatchObject({
      actor_id: customer.id,
      data: { method: 'wechat', remember: false },
    });
  });

  test('a state comes back once, only to the browser and shop that started it', async () => {
    const user = wechatUser();
    const b = browser();
    const first = await startWith(b, 'wechat');
    const code = wechat.approve(user);
    expect((await comeBack(b, first.redirectUri, { code, state: first.state })).status).toBe(302);
    const replayed = await comeBack(b, first.redirectUri, { code, state: first.state });
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('这次微信登录已失效');

    // Another browser (no cookie, or its own cookie) cannot use this browser's state.
    const second = await startWith(b, 'wechat');
    const attacker = browser();
    await startWith(attacker, 'wechat');
    const stolen = await comeBack(attacker, second.redirectUri, {
      code: wechat.approve(user),
      state: second.state,
    });
    expect(stolen.status).toBe(400);
    expect(attacker.cookies.has('cs_customer')).toBe(false);

    // A forged state, and a state of this browser presented at another shop.
    const forged = second.state.slice(0, 63) + (second.state.endsWith('0') ? '1' : '0');
    expect(
      (await comeBack(b, second.redirectUri, { code: wechat.approve(user), state: forged })).status,
    ).toBe(400);
    const elsewhere: Browser = { ...b, host: hostOf(shopB) };
    expect(
      (
        await comeBack(elsewhere, `http://${hostOf(shopB)}/auth/wechat/callback`, {
          code: wechat.approve(user),
          state: second.state,
        })
      ).status,
    ).toBe(400);

    // Too late: the QR code page has 10 minutes.
    const third = await startWith(b, 'wechat');
    await t.owner
      .updateTable('customer_oauth_flows')
      .set({
        created_at: new Date(Date.now() - 20 * 60_000),
        expires_at: new Date(Date.now() - 60_000),
      })
      .where('tenant_id', '=', shopA.id)
      .where(
        'id',
        '=',
        `${third.state.slice(0, 8)}-${third.state.slice(8, 12)}-${third.state.slice(12, 16)}-${third.state.slice(16, 20)}-${third.state.slice(20, 32)}`,
      )
      .execute();
    expect(
      (await comeBack(b, third.redirectUri, { code: wechat.approve(user), state: third.state }))
        .status,
    ).toBe(400);

    const refusals = await auditOf(shopA.id, 'customer.sign_in_failed');
    expect(
      refusals.filter((r) => (r.data as { reason?: string }).reason === 'state').length,
    ).toBeGreaterThanOrEqual(4);
    expect(b.cookies.has('cs_customer')).toBe(false);
  });

  test('WeChat refusing the code or the profile, or the person declining, signs no one in and says so', async () => {
    const user = wechatUser();
    const b = browser();

    let flow = await startWith(b, 'wechat');
    wechat.failNext('token', { errcode: 40029, errmsg: 'invalid code' });
    let res = await comeBack(b, flow.redirectUri, {
      code: wechat.approve(user),
      state: flow.state,
    });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('微信没有确认这次登录');

    flow = await startWith(b, 'wechat');
    wechat.failNext('userinfo', { errcode: 40001, errmsg: 'invalid credential' });
    res = await comeBack(b, flow.redirectUri, { code: wechat.approve(user), state: flow.state });
    expect(res.status).toBe(502);

    // A code that was never issued (or already exchanged) is refused by WeChat itself.
    flow = await startWith(b, 'wechat');
    res = await comeBack(b, flow.redirectUri, { code: 'not-a-real-code', state: flow.state });
    expect(res.status).toBe(502);

    flow = await startWith(b, 'wechat');
    res = await comeBack(b, flow.redirectUri, { state: flow.state });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('没有得到你的微信授权');

    expect(b.cookies.has('cs_customer')).toBe(false);
    expect(await identitiesOf(shopA.id, user.unionid)).toEqual([]);
    const failures = (await auditOf(shopA.id, 'customer.sign_in_failed')).map(
      (r) => r.data as { method: string; reason: string; step?: string; error?: string },
    );
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          method: 'wechat',
          reason: 'provider',
          step: 'token',
          error: 'errcode 40029 invalid code',
        }),
        expect.objectContaining({ method: 'wechat', reason: 'provider', step: 'profile' }),
        expect.objectContaining({ method: 'wechat', reason: 'cancelled' }),
      ]),
    );
  });

  test('QQ: an existing account proves itself with its password, QQ is linked, and QQ signs straight in afterwards', async () => {
    const owner = await buildCustomer(t.db, shopA.id);
    const user = {
      openid: `QQ${Date.now()}A`,
      unionid: `UID_QQ_${Date.now()}`,
      nickname: '企鹅',
      figureurl: 'http://qzapp.qlogo.cn/qzapp/101888777/X/100',
    };
    const b = browser();
    const flow = await startWith(b, 'qq', { redirectTo: '/account' });
    expect(`${flow.to.origin}${flow.to.pathname}`).toBe('https://graph.qq.com/oauth2.0/authorize');
    expect(flow.to.searchParams.get('scope')).toBe('get_user_info');
    const back = await comeBack(b, flow.redirectUri, {
      code: qq.approve(user, flow.redirectUri),
      state: flow.state,
    });
    const flowPath = back.headers.get('location')!;
    expect(flowPath).toMatch(/^\/auth\/continue/);

    const wrong = await post(b, flowPath, {
      panel: 'bind',
      intent: 'password',
      identifier: owner.phone!,
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(401);
    expect(await identitiesOf(shopA.id, user.unionid)).toEqual([]);

    const bound = await post(b, flowPath, {
      panel: 'bind',
      intent: 'password',
      identifier: owner.phone!,
      password: CUSTOMER_PASSWORD,
    });
    expect(bound.status).toBe(302);
    expect(bound.headers.get('location')).toBe('/account');
    expect(await identitiesOf(shopA.id, user.unionid)).toEqual([
      expect.objectContaining({
        customer_id: owner.id,
        provider: 'qq',
        openid: user.openid,
        nickname: '企鹅',
      }),
    ]);
    expect((await auditOf(shopA.id, 'customer.identity_linked'))[0]).toMatchObject({
      actor_id: owner.id,
      data: { provider: 'qq', via: 'existing_account' },
    });

    const later = browser();
    const again = await startWith(later, 'qq');
    const res = await comeBack(later, again.redirectUri, {
      code: qq.approve(user, again.redirectUri),
      state: again.state,
    });
    expect(res.status).toBe(302);
    const overview = await get(later, '/account');
    expect(overview.status).toBe(200);
  });

  test('QQ refusing the token or the openid signs no one in', async () => {
    const user = { openid: `QQ${Date.now()}B`, nickname: '企鹅二号' };
    const b = browser();
    let flow = await startWith(b, 'qq');
    qq.failNext('token', { error: 100020, error_description: 'code is reused error' });
    let res = await comeBack(b, flow.redirectUri, {
      code: qq.approve(user, flow.redirectUri),
      state: flow.state,
    });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('QQ没有确认这次登录');

    flow = await startWith(b, 'qq');
    qq.failNext('me', { error: 100016, error_description: 'access token check failed' });
    res = await comeBack(b, flow.redirectUri, {
      code: qq.approve(user, flow.redirectUri),
      state: flow.state,
    });
    expect(res.status).toBe(502);
    expect(b.cookies.has('cs_customer')).toBe(false);
  });

  test('a signed-in customer links WeChat on the account page and unlinks it; one WeChat never serves two accounts of a shop', async () => {
    const alice = await buildCustomer(t.db, shopA.id);
    const bob = await buildCustomer(t.db, shopA.id);
    const user = wechatUser('阿丽');
    const a = browser();
    await signInWithPassword(a, alice.phone!);
    // Linking adds a way in: a session alone is not enough, the person confirms first.
    const unconfirmed = await post(a, '/auth/wechat', { intent: 'link' });
    expect(unconfirmed.headers.get('location')).toBe(
      '/account/confirm?action=link_identity&redirectTo=%2Faccount%2Fconnections',
    );
    await confirmIdentity(a);
    const link = await post(a, '/auth/wechat', { intent: 'link' });
    expect(link.status).toBe(302);
    const linkTo = new URL(link.headers.get('location')!);
    const linked = await comeBack(a, linkTo.searchParams.get('redirect_uri')!, {
      code: wechat.approve(user),
      state: linkTo.searchParams.get('state')!,
    });
    expect(linked.status).toBe(302);
    expect(linked.headers.get('location')).toBe(
      '/account/connections?oauth=linked&provider=wechat',
    );
    const page = await get(a, '/account/connections?oauth=linked&provider=wechat');
    const html = await page.text();
    expect(html).toContain('阿丽');
    expect(html).toContain('已绑定微信');

    const b = browser();
    await signInWithPassword(b, bob.phone!);
    await confirmIdentity(b);
    const steal = await post(b, '/auth/wechat', { intent: 'link' });
    const stealTo = new URL(steal.headers.get('location')!);
    const refused = await comeBack(b, stealTo.searchParams.get('redirect_uri')!, {
      code: wechat.approve(user),
      state: stealTo.searchParams.get('state')!,
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('已绑定本店的另一个账号');
    expect((await identitiesOf(shopA.id, user.unionid)).map((i) => i.customer_id)).toEqual([
      alice.id,
    ]);
    expect((await auditOf(shopA.id, 'customer.identity_link_failed'))[0]).toMatchObject({
      actor_id: bob.id,
      data: { method: 'wechat', reason: 'taken' },
    });

    // Alice may not link a second WeChat while one is linked.
    const second = await post(a, '/auth/wechat', { intent: 'link' });
    expect(second.headers.get('location')).toBe('/account/connections?oauth=already');

    const unlinked = await post(a, '/account/connections', {
      intent: 'unlink',
      provider: 'wechat',
    });
    expect(unlinked.status).toBe(200);
    expect(await unlinked.text()).toContain('已解绑微信');
    expect(await identitiesOf(shopA.id, user.unionid)).toEqual([]);
    expect((await auditOf(shopA.id, 'customer.identity_unlinked'))[0]).toMatchObject({
      actor_id: alice.id,
      data: { provider: 'wechat', nickname: '阿丽' },
    });
    const again = await post(a, '/account/connections', { intent: 'unlink', provider: 'wechat' });
    expect(again.status).toBe(404);
  });

  test('a link started by one account cannot be finished by another signed in on the same browser', async () => {
    const alice = await buildCustomer(t.db, shopA.id);
    const mallory = await buildCustomer(t.db, shopA.id);
    const b = browser();
    await signInWithPassword(b, alice.phone!);
    await confirmIdentity(b);
    const link = await post(b, '/auth/wechat', { intent: 'link' });
    const to = new URL(link.headers.get('location')!);
    await signInWithPassword(b, mallory.phone!);
    const res = await comeBack(b, to.searchParams.get('redirect_uri')!, {
      code: wechat.approve(wechatUser()),
      state: to.searchParams.get('state')!,
    });
    expect(res.status).toBe(403);
    const rows = await t.owner
      .selectFrom('customer_identities')
      .select('id')
      .where('tenant_id', '=', shopA.id)
      .where('customer_id', 'in', [alice.id, mallory.id])
      .execute();
    expect(rows).toEqual([]);
  });

  test('a session that was already open links a new WeChat only after a second confirmation', async () => {
    const alice = await buildCustomer(t.db, shopA.id, { displayName: '阿丽丝' });
    const user = wechatUser('丽丝的微信');
    const b = browser();
    await signInWithPassword(b, alice.phone!);
    const flow = await startWith(b, 'wechat');
    const back = await comeBack(b, flow.redirectUri, {
      code: wechat.approve(user),
      state: flow.state,
    });
    const flowPath = back.headers.get('location')!;
    expect(await (await get(b, flowPath)).text()).toContain('绑定到当前登录的账号「阿丽丝」');

    const unconfirmed = await post(b, flowPath, { intent: 'link-current' });
    expect(unconfirmed.status).toBe(302);
    expect(unconfirmed.headers.get('location')).toBe(
      `/account/confirm?action=link_identity&redirectTo=${encodeURIComponent(flowPath)}`,
    );
    expect(await identitiesOf(shopA.id, user.unionid)).toEqual([]);

    await confirmIdentity(b);
    const linked = await post(b, flowPath, { intent: 'link-current' });
    expect(linked.status).toBe(302);
    expect((await identitiesOf(shopA.id, user.unionid)).map((i) => i.customer_id)).toEqual([
      alice.id,
    ]);
  });

  test('WeChat is only the first step for an account with two-step verification', async () => {
    const owner = await buildCustomer(t.db, shopA.id);
    const user = wechatUser('两步用户');
    await t.owner
      .insertInto('customer_identities')
      .values({
        tenant_id: shopA.id,
        customer_id: owner.id,
        provider: 'wechat',
        subject: user.unionid,
        openid: user.openid,
        unionid: user.unionid,
      })
      .execute();
    await t.owner
      .insertInto('customer_two_factor')
      .values({
        tenant_id: shopA.id,
        customer_id: owner.id,
        secret_sealed: Buffer.alloc(48),
        enabled_at: new Date(),
      })
      .execute();
    const b = browser();
    const flow = await startWith(b, 'wechat', { redirectTo: '/account/orders' });
    const res = await comeBack(b, flow.redirectUri, {
      code: wechat.approve(user),
      state: flow.state,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `/login/two-factor?redirectTo=${encodeURIComponent('/account/orders')}`,
    );
    expect(b.cookies.has('cs_customer')).toBe(false);
    expect([...b.cookies.keys()].some((name) => name !== 'cs_oauth')).toBe(true);
    expect((await auditOf(shopA.id, 'customer.sign_in_second_step'))[0]).toMatchObject({
      actor_id: owner.id,
      data: expect.objectContaining({ method: 'wechat' }),
    });
  });

  test('the same WeChat is a stranger to another shop: linking in shop A signs nobody in at shop B', async () => {
    const alice = await buildCustomer(t.db, shopA.id);
    const user = wechatUser('两店用户');
    const a = browser(shopA);
    await signInWithPassword(a, alice.phone!);
    await confirmIdentity(a);
    const link = new URL(
      (await post(a, '/auth/wechat', { intent: 'link' })).headers.get('location')!,
    );
    await comeBack(a, link.searchParams.get('redirect_uri')!, {
      code: wechat.approve(user),
      state: link.searchParams.get('state')!,
    });
    expect(await identitiesOf(shopA.id, user.unionid)).toHaveLength(1);

    const b = browser(shopB);
    const flow = await startWith(b, 'wechat');
    expect(flow.redirectUri).toBe(`http://${hostOf(shopB)}/auth/wechat/callback`);
    const res = await comeBack(b, flow.redirectUri, {
      code: wechat.approve(user),
      state: flow.state,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/auth\/continue\?flow=/);
    expect(b.cookies.has('cs_customer')).toBe(false);
    expect(await identitiesOf(shopB.id, user.unionid)).toEqual([]);
  });
});
