import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildCustomer,
  buildCustomerContext,
  buildStaff,
  buildTenant,
  TEST_PASSWORD,
  useTestRuntime,
  writeMmdb,
} from '@cardshop/domain/testing';
import { signInCustomer } from '@cardshop/domain';
import { consoleClient, ORIGIN, unescapeHtml } from './http.js';

const geoFile = path.join(mkdtempSync(path.join(tmpdir(), 'geo-')), 'GeoLite2-Country.mmdb');
writeFileSync(
  geoFile,
  writeMmdb({
    databaseType: 'GeoLite2-Country',
    records: [
      { network: '203.0.113.0/24', data: { country: { names: { 'zh-CN': '中国', en: 'China' } } } },
    ],
  }),
);

const t = useTestRuntime({ TRUST_PROXY: 'true', GEOIP_DATABASE: geoFile });
let c: Awaited<ReturnType<typeof consoleClient>>;
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const MAC_SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';

beforeAll(async () => {
  c = await consoleClient(t.runtime);
});

async function signIn(email: string, from: { ip: string; ua: string }, password = TEST_PASSWORD) {
  const res = await c.request('/login', {
    method: 'POST',
    headers: { origin: ORIGIN, 'x-forwarded-for': from.ip, 'user-agent': from.ua },
    body: new URLSearchParams({ email, password, redirectTo: '/account' }),
  });
  const match = /cs_staff=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  return { res, cookie: match ? `cs_staff=${match[1]}` : null };
}

async function account(cookie: string) {
  const res = await c.request('/account', {
    cookie,
    headers: { 'x-forwarded-for': '203.0.113.1' },
  });
  return { status: res.status, html: unescapeHtml(await res.text()) };
}

function section(html: string, testId: string): string {
  const m = new RegExp(`<ul[^>]*data-testid="${testId}"[\\s\\S]*?</ul>`).exec(html);
  return (m?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('console account: devices and 我的安全记录', () => {
  test('lists my devices with place, and my own sign-ins, failures included, never a colleague’s', async () => {
    const me = await buildStaff(t.db);
    const colleague = await buildStaff(t.db);
    expect(
      (await signIn(me.email, { ip: '203.0.113.66', ua: MAC_SAFARI }, 'wrong one!')).res.status,
    ).toBe(401);
    const laptop = await signIn(me.email, { ip: '203.0.113.7', ua: WINDOWS_CHROME });
    const office = await signIn(me.email, { ip: '198.51.100.4', ua: MAC_SAFARI });
    await signIn(colleague.email, { ip: '198.51.100.99', ua: WINDOWS_CHROME });

    const { status, html } = await account(office.cookie!);
    expect(status).toBe(200);
    const devices = section(html, 'staff-devices');
    expect(devices).toContain('Safari · macOS 当前设备');
    expect(devices).toContain('Chrome · Windows');
    expect(devices).toContain('IP 203.0.113.7 · 中国 · 最近使用');
    expect(devices).toContain('IP 198.51.100.4 · 最近使用');
    const records = section(html, 'security-events');
    expect(records).toContain(
      '失败 登录失败（密码不正确） Safari · macOS · IP 203.0.113.66 · 中国',
    );
    expect(records.match(/成功 登录成功/g)).toHaveLength(2);
    expect(records).not.toContain('198.51.100.99');

    // Sign the laptop out from the office; it is dead at once, and the record says so.
    const laptopId = /<input type="hidden" name="sessionId" value="([^"]+)"/g;
    const ids = [...html.matchAll(laptopId)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    const officeId = office.cookie!.split('=')[1]!.split('.')[0]!;
    const target = ids.find((id) => id !== officeId)!;
    const revoked = await c.post('/account/sessions', office.cookie!, {
      intent: 'revoke',
      sessionId: target,
    });
    expect(revoked.status).toBe(302);
    expect(revoked.headers.get('location')).toBe('/account?sessions=revoked');
    expect((await account(laptop.cookie!)).status).toBe(302);
    const after = await c.html('/account?sessions=revoked', office.cookie!);
    expect(unescapeHtml(after.text)).toContain('已退出该设备。');
    expect(section(unescapeHtml(after.text), 'security-events')).toContain('退出了一台登录设备');

    // The colleague's session cannot be touched from my account.
    const theirs = await t.owner
      .selectFrom('staff_sessions')
      .select('id')
      .where('user_id', '=', colleague.id)
      .executeTakeFirstOrThrow();
    const refused = await c.post('/account/sessions', office.cookie!, {
      intent: 'revoke',
      sessionId: theirs.id,
    });
    expect(refused.headers.get('location')).toBe('/account?sessions=missing');
    expect(
      await t.owner.selectFrom('staff_sessions').select('id').where('id', '=', theirs.id).execute(),
    ).toHaveLength(1);
  });

  test('signing out all other devices, and signing out, are recorded', async () => {
    const me = await buildStaff(t.db);
    const from = { ip: '198.51.100.5', ua: WINDOWS_CHROME };
    const a = await signIn(me.email, from);
    const b = await signIn(me.email, from);
    const current = await signIn(me.email, from);
    const res = await c.post('/account/sessions', current.cookie!, { intent: 'revoke-others' });
    expect(res.headers.get('location')).toBe('/account?sessions=others-2');
    expect((await account(a.cookie!)).status).toBe(302);
    expect((await account(b.cookie!)).status).toBe(302);
    const page = unescapeHtml((await c.html('/account?sessions=others-2', current.cookie!)).text);
    expect(page).toContain('已退出其他 2 台设备。');
    expect(section(page, 'security-events')).toContain('退出了其他 2 台设备');

    const out = await c.post('/logout', current.cookie!, {});
    expect(out.headers.get('location')).toBe('/login');
    const again = await signIn(me.email, from);
    const record = section((await account(again.cookie!)).html, 'security-events');
    expect(record.indexOf('退出登录')).toBeGreaterThan(-1);
  });
});

describe('platform audit log filters', () => {
  test('an operator finds a customer’s sign-ins across shops by phone, and a console account’s by email', async () => {
    const operator = await buildStaff(t.db, { platformRole: 'operator' });
    const shop = await buildTenant(t.db, { name: '审计测试店' });
    const customer = await buildCustomer(t.db, shop.id);
    await signInCustomer(buildCustomerContext(t.runtime, shop, { ip: '203.0.113.30' }), {
      identifier: customer.phone!,
      password: 'buyer-pass-2026',
    });
    const cookie = await c.signIn(operator.email);
    const shops = unescapeHtml(
      (await c.html(`/platform/audit?log=shops&actor=${customer.phone}`, cookie)).text,
    );
    expect(shops).toContain('customer.sign_in');
    expect(shops).toContain('审计测试店');
    expect(shops).toContain(`${customer.phone!.slice(0, 3)}****${customer.phone!.slice(7)}`);
    expect(shops).toContain('203.0.113.30 · 微信 · iPhone');

    const someone = await buildStaff(t.db);
    await signIn(someone.email, { ip: '198.51.100.8', ua: WINDOWS_CHROME }, 'nope nope');
    const platform = unescapeHtml(
      (
        await c.html(
          `/platform/audit?actor=${encodeURIComponent(someone.email)}&action=staff.sign_in&securityOnly=1`,
          cookie,
        )
      ).text,
    );
    expect(platform).toContain('staff.sign_in_failed');
    expect(platform).not.toContain('platform.scope');
    expect(platform).toContain('value="staff.sign_in"');
  });

  test('someone who is not platform staff cannot read it', async () => {
    const owner = await buildStaff(t.db);
    const cookie = await c.signIn(owner.email);
    expect((await c.request('/platform/audit', { cookie })).status).toBe(403);
  });
});
