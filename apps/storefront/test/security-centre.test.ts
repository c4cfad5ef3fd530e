import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildCustomer,
  buildTenant,
  CUSTOMER_PASSWORD,
  uniqueIp,
  useTestRuntime,
  writeMmdb,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

// A tiny GeoLite2-City database: 203.0.113.0/24 is Shenzhen, everything else unknown.
const geoFile = path.join(mkdtempSync(path.join(tmpdir(), 'geo-')), 'GeoLite2-City.mmdb');
writeFileSync(
  geoFile,
  writeMmdb({
    databaseType: 'GeoLite2-City',
    records: [
      {
        network: '203.0.113.0/24',
        data: {
          country: { names: { 'zh-CN': '中国', en: 'China' } },
          subdivisions: [{ names: { 'zh-CN': '广东', en: 'Guangdong' } }],
          city: { names: { 'zh-CN': '深圳', en: 'Shenzhen' } },
        },
      },
    ],
  }),
);

const t = useTestRuntime({ TRUST_PROXY: 'true', GEOIP_DATABASE: geoFile });
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shopA: { id: string; slug: string; name: string };
let shopB: { id: string; slug: string; name: string };
const IPHONE_WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.40';
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shopA = await buildTenant(t.db, { name: '星光卡铺' });
  shopB = await buildTenant(t.db, { name: '月光卡铺' });
});

interface Client {
  host: string;
  ip: string;
  userAgent: string;
  cookie: string | null;
}
const client = (shop = shopA, ip = uniqueIp(), userAgent = IPHONE_WECHAT): Client => ({
  host: `${shop.slug}.localhost:3000`,
  ip,
  userAgent,
  cookie: null,
});

function headers(c: Client, extra: Record<string, string> = {}) {
  return {
    host: c.host,
    'x-forwarded-for': c.ip,
    'user-agent': c.userAgent,
    ...(c.cookie ? { cookie: c.cookie } : {}),
    ...extra,
  };
}

async function page(c: Client, path: string) {
  const res = await app.request(`http://${c.host}${path}`, {
    headers: headers(c),
    redirect: 'manual',
  });
  return { status: res.status, res, html: unescape(await res.text()) };
}

async function post(c: Client, path: string, form: Record<string, string>) {
  const res = await app.request(`http://${c.host}${path}`, {
    method: 'POST',
    headers: headers(c, {
      origin: `http://${c.host}`,
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

const unescape = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The text of the recent sign-ins list, one line per event. */
function signInRows(html: string): string[] {
  const section = /<section[^>]*aria-labelledby="recent-sign-ins"[\s\S]*?<\/section>/.exec(html);
  if (!section) return [];
  return [...section[0].matchAll(/<li[\s\S]*?<\/li>/g)].map((m) =>
    m[0]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

const signIn = (c: Client, phone: string, password = CUSTOMER_PASSWORD) =>
  post(c, '/login', { intent: 'password', identifier: phone, password });

describe('/account/security (安全中心)', () => {
  test('shows the customer’s recent sign-ins, good and bad, with device, IP and place', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const attacker = client(shopA, '203.0.113.66', WINDOWS_CHROME);
    expect((await signIn(attacker, customer.phone!, 'not-the-password')).status).toBe(401);
    const me = client(shopA, '203.0.113.8');
    expect((await signIn(me, customer.phone!)).status).toBe(302);

    const { status, res, html } = await page(me, '/account/security');
    expect(status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(html).toContain('安全中心');
    expect(html).toContain('1 台设备已登录');
    expect(html).toContain('未开启');
    const rows = signInRows(html);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^成功 登录成功 密码登录 · 微信 · iPhone · IP 203\.0\.113\.8 · 中国 广东 深圳 /,
    );
    expect(rows[1]).toMatch(
      /^失败 登录失败 密码登录 · Chrome · Windows · IP 203\.0\.113\.66 · 中国 广东 深圳 /,
    );
    // A failed attempt brings the "not you?" advice; the tips are always there.
    expect(html).toContain('有不是你本人的登录尝试？');
    expect(html).toContain('不要在公共 Wi-Fi 下付款或充值');
    expect(html).toContain('任何自称“客服”的人向你索要验证码');
    expect(html).toContain('地点根据 IP 地址估算，仅供参考。');
  });

  test('in English, the page and the places are in English', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const me = client(shopA, '203.0.113.9');
    await signIn(me, customer.phone!);
    const { html } = await page(me, '/account/security?lang=en');
    expect(html).toContain('Security centre');
    expect(signInRows(html)[0]).toMatch(
      /^OK Signed in Password · WeChat · iPhone · IP 203\.0\.113\.9 · China Guangdong Shenzhen /,
    );
  });

  test('a customer sees only their own trail, not another customer’s, nor another shop’s', async () => {
    const alice = await buildCustomer(t.db, shopA.id);
    const bob = await buildCustomer(t.db, shopA.id);
    await buildCustomer(t.db, shopB.id, { phone: alice.phone! });
    const aliceIp = uniqueIp();
    await signIn(client(shopA, aliceIp), alice.phone!, 'wrong-guess-2026');
    await signIn(client(shopA, aliceIp), alice.phone!);

    const bobClient = client(shopA);
    await signIn(bobClient, bob.phone!);
    const bobs = await page(bobClient, '/account/security');
    expect(signInRows(bobs.html)).toHaveLength(1);
    expect(bobs.html).not.toContain(aliceIp);

    const aliceInB = client(shopB);
    await signIn(aliceInB, alice.phone!);
    const inB = await page(aliceInB, '/account/security');
    expect(signInRows(inB.html)).toHaveLength(1);
    expect(inB.html).not.toContain(aliceIp);
    expect(inB.html).not.toContain('登录失败');
  });

  test('signing out another device shows up in the account’s activity', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const phone = client(shopA);
    const laptop = client(shopA, uniqueIp(), WINDOWS_CHROME);
    await signIn(phone, customer.phone!);
    await signIn(laptop, customer.phone!);
    expect((await page(phone, '/account/security')).html).toContain('2 台设备已登录');
    const res = await post(phone, '/account/sessions', { intent: 'revoke-others' });
    expect(res.status).toBe(200);
    const { html } = await page(phone, '/account/security');
    expect(html).toContain('1 台设备已登录');
    expect(html).toContain('退出了其他 1 台设备');
  });

  test('without signing in it asks for a sign-in first', async () => {
    const { status, res } = await page(client(), '/account/security');
    expect(status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Faccount%2Fsecurity');
  });
});

describe('/account/sessions', () => {
  test('shows each device’s approximate place; the local network by name', async () => {
    const customer = await buildCustomer(t.db, shopA.id);
    const here = client(shopA, '203.0.113.10');
    const home = client(shopA, '192.168.1.20', WINDOWS_CHROME);
    await signIn(home, customer.phone!);
    await signIn(here, customer.phone!);
    const { status, html } = await page(here, '/account/sessions');
    expect(status).toBe(200);
    expect(html).toContain('IP 203.0.113.10 · 中国 广东 深圳 · 最近使用');
    expect(html).toContain('IP 192.168.1.20 · 本地网络 · 最近使用');
  });
});
