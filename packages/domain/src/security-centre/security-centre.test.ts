import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { sql } from '@cardshop/db';
import { changeCustomerPassword } from '../customers/change-password.js';
import { confirmCustomerIdentity } from '../customers/confirm-customer.js';
import { revokeOtherCustomerSessions } from '../customers/customer-session-actions.js';
import { signInCustomer } from '../customers/sign-in-customer.js';
import { signInWithCode } from '../customers/sign-in-with-code.js';
import { signInStaff } from '../identity/sign-in-staff.js';
import { geoIp } from '../security/geoip.js';
import {
  buildCustomer,
  buildCustomerContext,
  buildStaff,
  buildStaffContext,
  buildTenant,
  CUSTOMER_PASSWORD,
  signedIn,
  staffSignedIn,
  TEST_PASSWORD,
  uniqueIp,
  useTestRuntime,
} from '../testing/index.js';
import { writeMmdb } from '../testing/mmdb-writer.js';
import { getCustomerDevices, getCustomerSecurityCentre } from './customer-security-centre.js';
import {
  getStaffAccountSecurity,
  revokeOtherStaffSessions,
  revokeStaffSession,
  signOutStaff,
} from './staff-security-centre.js';

const t = useTestRuntime();
let shopA: { id: string; name: string };
let shopB: { id: string; name: string };
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

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
const geo = geoIp(geoFile);
const noGeo = geoIp(undefined);

beforeAll(async () => {
  shopA = await buildTenant(t.db, { name: '星光卡铺' });
  shopB = await buildTenant(t.db, { name: '月光卡铺' });
});

const ctx = (shop: { id: string; name: string }, ip = uniqueIp(), userAgent?: string) =>
  buildCustomerContext(t.runtime, shop, { ip, ...(userAgent ? { userAgent } : {}) });

async function signIn(shop: { id: string; name: string }, phone: string, ip = uniqueIp()) {
  const { customer, session } = signedIn(
    await signInCustomer(ctx(shop, ip), { identifier: phone, password: CUSTOMER_PASSWORD }),
  );
  return { customerId: customer.id, sessionId: session.id };
}

describe('the customer security centre', () => {
  test('lists the customer’s own sign-ins, good and bad, with device, address and place', async () => {
    const c = await buildCustomer(t.db, shopA.id);
    await expect(
      signInCustomer(ctx(shopA, '203.0.113.50', WINDOWS_CHROME), {
        identifier: c.phone!,
        password: 'not-my-password',
      }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
    const auth = await signIn(shopA, c.phone!, '203.0.113.7');

    const centre = await getCustomerSecurityCentre(ctx(shopA), auth, { geo });
    expect(centre.signIns.map((e) => [e.action, e.outcome, e.ip, e.location, e.device])).toEqual([
      ['customer.sign_in', 'success', '203.0.113.7', '中国 广东 深圳', '微信 · iPhone'],
      ['customer.sign_in_failed', 'failure', '203.0.113.50', '中国 广东 深圳', 'Chrome · Windows'],
    ]);
    expect(centre.signIns[0]!.method).toBe('password');
    expect(centre.liveSessions).toBe(1);
    expect(centre.locations).toBe(true);
    expect(centre.twoFactor).toEqual({ enabled: false, since: null });
    expect(centre.linkedAccounts).toEqual([]);

    const english = await getCustomerSecurityCentre(ctx(shopA), auth, { geo, lang: 'en' });
    expect(english.signIns[0]!.location).toBe('China Guangdong Shenzhen');
    const plain = await getCustomerSecurityCentre(ctx(shopA), auth, { geo: noGeo });
    expect(plain.locations).toBe(false);
    expect(plain.signIns.map((e) => e.location)).toEqual([null, null]);
  });

  test('one customer never sees another customer’s trail, in the same shop or another', async () => {
    const alice = await buildCustomer(t.db, shopA.id);
    const bob = await buildCustomer(t.db, shopA.id);
    // The same phone holds an account in shop B too: a separate person as far as A knows.
    const aliceInB = await buildCustomer(t.db, shopB.id, { phone: alice.phone! });
    const aliceAuth = await signIn(shopA, alice.phone!);
    await expect(
      signInCustomer(ctx(shopA), { identifier: alice.phone!, password: 'guessing-2026' }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
    const aliceCtx = ctx(shopA);
    await confirmCustomerIdentity(aliceCtx, aliceAuth, {
      method: 'password',
      password: CUSTOMER_PASSWORD,
    });
    await changeCustomerPassword(aliceCtx, aliceAuth, { newPassword: 'alice-new-2026' });

    const bobAuth = await signIn(shopA, bob.phone!);
    const bobs = await getCustomerSecurityCentre(ctx(shopA), bobAuth, { geo });
    expect(bobs.signIns.map((e) => e.action)).toEqual(['customer.sign_in']);
    expect(bobs.changes).toEqual([]);

    const inB = await signIn(shopB, aliceInB.phone!);
    const shopBs = await getCustomerSecurityCentre(ctx(shopB), inB, { geo });
    expect(shopBs.signIns.map((e) => e.action)).toEqual(['customer.sign_in']);
    expect(shopBs.changes).toEqual([]);
    // Shop B's context cannot read shop A's customer at all, even when handed A's ids.
    await expect(getCustomerSecurityCentre(ctx(shopB), aliceAuth, { geo })).rejects.toThrow(
      /vanished/,
    );

    const alices = await getCustomerSecurityCentre(ctx(shopA), aliceAuth, { geo });
    expect(alices.signIns.map((e) => e.action)).toEqual([
      'customer.sign_in_failed',
      'customer.sign_in',
    ]);
    expect(alices.changes.map((e) => e.action)).toEqual(['customer.password_changed']);
  });

  test('a lockout, and wrong sign-in codes, are shown to the account’s holder', async () => {
    const c = await buildCustomer(t.db, shopA.id);
    for (let i = 0; i < 5; i++) {
      await signInCustomer(ctx(shopA), {
        identifier: c.phone!,
        password: `wrong-${i}-guess`,
      }).catch(() => undefined);
    }
    const d = await buildCustomer(t.db, shopA.id);
    for (let i = 0; i < 5; i++) {
      await signInWithCode(ctx(shopA), { identifier: d.phone!, code: '000000' }).catch(
        () => undefined,
      );
    }
    // Neither can sign in now; their centres are read for them as the page would.
    const locked = await getCustomerSecurityCentre(
      ctx(shopA),
      { customerId: c.id, sessionId: 'none' },
      { geo: noGeo },
    );
    expect(locked.signIns.map((e) => [e.action, e.outcome])).toEqual([
      ['customer.locked_out', 'failure'],
      ...new Array(5).fill(['customer.sign_in_failed', 'failure']),
    ]);
    const byCode = await getCustomerSecurityCentre(
      ctx(shopA),
      { customerId: d.id, sessionId: 'none' },
      { geo: noGeo },
    );
    expect(byCode.signIns[0]).toMatchObject({ action: 'customer.locked_out', method: 'code' });
    expect(byCode.signIns.filter((e) => e.action === 'customer.sign_in_failed')).toHaveLength(5);
  });

  test('account changes list sessions ended, with the count', async () => {
    const c = await buildCustomer(t.db, shopA.id);
    await signIn(shopA, c.phone!);
    const auth = await signIn(shopA, c.phone!);
    await expect(revokeOtherCustomerSessions(ctx(shopA), auth)).resolves.toBe(1);
    const centre = await getCustomerSecurityCentre(ctx(shopA), auth, { geo: noGeo });
    expect(centre.changes).toMatchObject([
      { action: 'customer.sessions_revoked', outcome: 'success', detail: { revokedSessions: 1 } },
    ]);
    expect(centre.liveSessions).toBe(1);
  });

  test('shows two-step verification and linked accounts from their own tables', async () => {
    const c = await buildCustomer(t.db, shopA.id);
    const auth = await signIn(shopA, c.phone!);
    const since = new Date('2026-11-20T08:00:00Z');
    await t.owner
      .insertInto('customer_two_factor')
      .values({
        tenant_id: shopA.id,
        customer_id: c.id,
        secret_sealed: Buffer.from('sealed'),
        enabled_at: since,
      })
      .execute();
    await t.owner
      .insertInto('customer_identities')
      .values({
        tenant_id: shopA.id,
        customer_id: c.id,
        provider: 'wechat',
        subject: `union-${c.id}`,
        openid: `open-${c.id}`,
        nickname: '小微',
      })
      .execute();
    const centre = await getCustomerSecurityCentre(ctx(shopA), auth, { geo: noGeo });
    expect(centre.twoFactor).toEqual({ enabled: true, since });
    expect(centre.linkedAccounts).toMatchObject([{ provider: 'wechat', nickname: '小微' }]);
  });

  test('devices carry their approximate place; the local network is named as such', async () => {
    const c = await buildCustomer(t.db, shopA.id);
    await signIn(shopA, c.phone!, '127.0.0.1');
    const auth = await signIn(shopA, c.phone!, '203.0.113.9');
    const { devices, locations } = await getCustomerDevices(ctx(shopA), auth, { geo });
    expect(locations).toBe(true);
    expect(devices.map((d) => [d.ip, d.location, d.current])).toEqual([
      ['203.0.113.9', '中国 广东 深圳', true],
      ['127.0.0.1', '本地网络', false],
    ]);
    const none = await getCustomerDevices(ctx(shopA), auth, { geo: noGeo });
    expect(none.devices.map((d) => d.location)).toEqual([null, null]);
  });
});

describe('the console security record', () => {
  const staffCtx = (ip = '203.0.113.20') =>
    buildStaffContext(t.runtime, { ip, userAgent: WINDOWS_CHROME });

  test('a console user sees their own sign-ins, failures on their account and sign-outs, and no one else’s', async () => {
    const me = await buildStaff(t.db);
    const colleague = await buildStaff(t.db);
    await expect(
      signInStaff(staffCtx('203.0.113.66'), { email: me.email, password: 'wrong password!' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const first = staffSignedIn(
      await signInStaff(staffCtx(), { email: me.email, password: TEST_PASSWORD }),
    );
    const second = staffSignedIn(
      await signInStaff(staffCtx(), { email: me.email, password: TEST_PASSWORD }),
    );
    staffSignedIn(
      await signInStaff(staffCtx(), { email: colleague.email, password: TEST_PASSWORD }),
    );
    const sessionOf = (token: string) => token.split('.')[0]!;
    const auth = { userId: me.id, sessionId: sessionOf(second.token) };

    const mine = await getStaffAccountSecurity(t.db, auth, { geo });
    expect(mine.events.map((e) => [e.action, e.outcome, e.ip, e.location])).toEqual([
      ['staff.sign_in', 'success', '203.0.113.20', '中国 广东 深圳'],
      ['staff.sign_in', 'success', '203.0.113.20', '中国 广东 深圳'],
      ['staff.sign_in_failed', 'failure', '203.0.113.66', '中国 广东 深圳'],
    ]);
    expect(mine.events[0]!.device).toBe('Chrome · Windows');
    expect(mine.devices.map((d) => [d.id, d.current, d.device])).toEqual(
      expect.arrayContaining([
        [sessionOf(second.token), true, 'Chrome · Windows'],
        [sessionOf(first.token), false, 'Chrome · Windows'],
      ]),
    );
    expect(mine.devices).toHaveLength(2);

    // Another person's session cannot be revoked from here.
    const theirs = await getStaffAccountSecurity(
      t.db,
      { userId: colleague.id, sessionId: 'x' },
      { geo },
    );
    expect(theirs.events.map((e) => e.action)).toEqual(['staff.sign_in']);
    await expect(revokeStaffSession(staffCtx(), auth, theirs.devices[0]!.id)).rejects.toMatchObject(
      { code: 'STAFF_SESSION_NOT_FOUND', status: 404 },
    );

    await revokeStaffSession(staffCtx(), auth, sessionOf(first.token));
    await signOutStaff(staffCtx(), auth);
    const after = await getStaffAccountSecurity(t.db, auth, { geo: noGeo });
    expect(after.devices).toEqual([]);
    expect(after.events.slice(0, 2).map((e) => e.action)).toEqual([
      'staff.sign_out',
      'staff.session_revoked',
    ]);
    expect(after.events.every((e) => e.location === null)).toBe(true);
  });

  test('signing out every other console session leaves this one', async () => {
    const me = await buildStaff(t.db);
    for (let i = 0; i < 2; i++) {
      staffSignedIn(await signInStaff(staffCtx(), { email: me.email, password: TEST_PASSWORD }));
    }
    const current = staffSignedIn(
      await signInStaff(staffCtx(), { email: me.email, password: TEST_PASSWORD }),
    );
    const auth = { userId: me.id, sessionId: current.token.split('.')[0]! };
    await expect(revokeOtherStaffSessions(staffCtx(), auth)).resolves.toBe(2);
    const after = await getStaffAccountSecurity(t.db, auth, { geo: noGeo });
    expect(after.devices.map((d) => d.id)).toEqual([auth.sessionId]);
    expect(after.events[0]).toMatchObject({
      action: 'staff.sessions_revoked',
      detail: { revokedSessions: 2 },
    });
  });

  test('the own-record view is empty outside a signed-in person’s scope', async () => {
    const me = await buildStaff(t.db);
    staffSignedIn(await signInStaff(staffCtx(), { email: me.email, password: TEST_PASSWORD }));
    const { rows } = await sql<{ n: string }>`select count(*) as n from staff_own_audit`.execute(
      t.db,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    await expect(sql`select * from platform_audit_log limit 1`.execute(t.db)).rejects.toThrow(
      /permission denied/,
    );
  });
});
