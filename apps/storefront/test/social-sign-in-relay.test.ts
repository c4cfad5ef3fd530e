import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QQ_ME_URL, QQ_TOKEN_URL, QQ_USERINFO_URL } from '@cardshop/domain';
import { buildTenant, fakeQq, uniqueIp, useTestRuntime } from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

// With OAUTH_CALLBACK_ORIGIN every shop registers one callback host with the provider (here the
// bare platform domain); that host passes the person on to the shop named, signed, in the path.
const QQ = { appId: '101777666', appKey: 'qq-relay-key' };
const qq = fakeQq(QQ);
const providers = setupServer(
  http.get(QQ_TOKEN_URL, ({ request }) => qq.handler(request)),
  http.get(QQ_ME_URL, ({ request }) => qq.handler(request)),
  http.get(QQ_USERINFO_URL, ({ request }) => qq.handler(request)),
);
const t = useTestRuntime({
  TRUST_PROXY: 'true',
  QQ_APP_ID: QQ.appId,
  QQ_APP_KEY: QQ.appKey,
  OAUTH_CALLBACK_ORIGIN: 'http://localhost:3000',
});
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shop: { id: string; slug: string };

beforeAll(async () => {
  providers.listen({ onUnhandledRequest: 'error' });
  app = await createStorefrontServer(t.runtime);
  shop = await buildTenant(t.db, { name: '中转测试店' });
});
afterAll(() => providers.close());

function request(url: string, init: { method?: string; cookie?: string; body?: string } = {}) {
  const u = new URL(url);
  return app.request(url, {
    method: init.method ?? 'GET',
    headers: {
      host: u.host,
      'x-forwarded-for': uniqueIp(),
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.body
        ? { origin: u.origin, 'content-type': 'application/x-www-form-urlencoded' }
        : {}),
    },
    ...(init.body ? { body: init.body } : {}),
    redirect: 'manual',
  });
}

describe('one callback host for every shop (OAUTH_CALLBACK_ORIGIN)', () => {
  test('the provider returns to the platform host, which hands the person back to their shop to finish', async () => {
    const shopOrigin = `http://${shop.slug}.localhost:3000`;
    const start = await request(`${shopOrigin}/auth/qq`, {
      method: 'POST',
      body: 'intent=sign_in',
    });
    expect(start.status).toBe(302);
    const cookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
    const to = new URL(start.headers.get('location')!);
    const redirectUri = to.searchParams.get('redirect_uri')!;
    expect(redirectUri).toMatch(/^http:\/\/localhost:3000\/auth\/qq\/callback\/[\w-]+\.[\w-]{27}$/);

    const code = qq.approve({ openid: 'QQRELAYOPENID1', nickname: '中转' }, redirectUri);
    const callback = new URL(redirectUri);
    callback.searchParams.set('code', code);
    callback.searchParams.set('state', to.searchParams.get('state')!);
    // The platform host has no cookie of the shop and does nothing but pass the request on.
    const relayed = await request(callback.toString());
    expect(relayed.status).toBe(302);
    const onShop = new URL(relayed.headers.get('location')!);
    expect(onShop.origin).toBe(shopOrigin);
    expect(onShop.pathname).toBe(callback.pathname);
    expect(onShop.searchParams.get('code')).toBe(code);

    // The shop exchanges the code with the same redirect_uri (QQ checks it) and asks how to go on.
    const finished = await request(onShop.toString(), { cookie });
    expect(finished.status).toBe(302);
    expect(finished.headers.get('location')).toMatch(/^\/auth\/continue\?flow=/);
  });

  test('a callback naming a host the platform did not sign is refused, not forwarded', async () => {
    const forged = `${Buffer.from('http://evil.example.com').toString('base64url')}.${'A'.repeat(27)}`;
    const res = await request(`http://localhost:3000/auth/qq/callback/${forged}?code=X&state=Y`);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});
