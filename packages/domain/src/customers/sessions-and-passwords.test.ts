import { beforeAll, describe, expect, test } from 'vitest';
import { withTenant } from '@cardshop/db';
import {
  buildCustomer,
  buildCustomerContext,
  buildTenant,
  readDevCode,
  uniqueIp,
  signedIn,
  uniquePhone,
  useTestRuntime,
} from '../testing/index.js';
import { changeCustomerPassword } from './change-password.js';
import { confirmCustomerIdentity } from './confirm-customer.js';
import {
  authenticateCustomer,
  getCustomerSessions,
  revokeCustomerSession,
  revokeOtherCustomerSessions,
  signOutCustomer,
} from './customer-session-actions.js';
import {
  BROWSER_SESSION_TTL_MS,
  createCustomerSession,
  REMEMBERED_SESSION_TTL_MS,
} from './customer-sessions.js';
import { getCustomerAccount } from './get-customer-account.js';
import { sendAccountCode } from './send-account-code.js';
import { signInCustomer } from './sign-in-customer.js';

const t = useTestRuntime();
let shop: { id: string; name: string };
let otherShop: { id: string; name: string };
const ctx = (userAgent?: string) =>
  buildCustomerContext(t.runtime, shop, userAgent ? { userAgent } : {});
const WINDOWS_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

beforeAll(async () => {
  shop = await buildTenant(t.db, { name: '星光卡铺' });
  otherShop = await buildTenant(t.db, { name: '月光卡铺' });
});

async function signIn(
  c: { phone: string | null; password: string | null },
  remember = false,
  ua?: string,
) {
  return signedIn(
    await signInCustomer(ctx(ua), { identifier: c.phone!, password: c.password!, remember }),
  );
}

describe('customer sessions', () => {
  test('"remember me" lasts 30 days; otherwise the server forgets the session after 12 hours', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const remembered = await signIn(c, true);
    const plain = await signIn(c, false);
    const near = (at: Date, ttl: number) => Math.abs(at.getTime() - Date.now() - ttl) < 5000;
    expect(near(remembered.session.expiresAt, REMEMBERED_SESSION_TTL_MS)).toBe(true);
    expect(near(plain.session.expiresAt, BROWSER_SESSION_TTL_MS)).toBe(true);
    const row = await t.owner
      .selectFrom('customer_sessions')
      .select(['remember', 'secret_hash'])
      .where('id', '=', remembered.session.id)
      .executeTakeFirstOrThrow();
    expect(row.remember).toBe(true);
    expect(row.secret_hash).toHaveLength(32);
    expect(Buffer.from(row.secret_hash).toString()).not.toContain(
      remembered.session.token.split('.')[1],
    );
  });

  test('the expiry slides forward when the session is used', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const { session } = await signIn(c, true);
    await t.owner
      .updateTable('customer_sessions')
      .set({
        last_used_at: new Date(Date.now() - 10 * 86_400_000),
        expires_at: new Date(Date.now() + 20 * 86_400_000),
      })
      .where('id', '=', session.id)
      .execute();
    const used = await authenticateCustomer(t.db, shop.id, session.token);
    expect(used?.session.refreshed).toBe(true);
    expect(used!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  test('an expired session is refused and removed', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const { session } = await signIn(c);
    await t.owner
      .updateTable('customer_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', session.id)
      .execute();
    expect(await authenticateCustomer(t.db, shop.id, session.token)).toBeNull();
    const left = await t.owner
      .selectFrom('customer_sessions')
      .select('id')
      .where('id', '=', session.id)
      .execute();
    expect(left).toEqual([]);
  });

  test('a session of shop A is not a session in shop B', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const { session } = await signIn(c);
    expect(await authenticateCustomer(t.db, otherShop.id, session.token)).toBeNull();
    expect(await authenticateCustomer(t.db, shop.id, session.token)).not.toBeNull();
  });

  test('a token with the right id and a wrong secret is refused', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const { session } = await signIn(c);
    const forged = `${session.id}.${'a'.repeat(24)}`;
    expect(await authenticateCustomer(t.db, shop.id, forged)).toBeNull();
    expect(await authenticateCustomer(t.db, shop.id, 'garbage')).toBeNull();
  });

  test('the sessions list names the device and address, marks the current one, and a revoked session is dead at once', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const phone = await signIn(c, true);
    const laptop = await signIn(c, false, WINDOWS_CHROME);
    const auth = { customerId: c.id, sessionId: phone.session.id };
    const list = await getCustomerSessions(ctx(), auth);
    expect(list.map((s) => [s.device, s.current, s.remember]).sort()).toEqual(
      [
        ['Chrome · Windows', false, false],
        ['微信 · iPhone', true, true],
      ].sort(),
    );
    expect(list.every((s) => s.ip?.startsWith('198.51.'))).toBe(true);
    await revokeCustomerSession(ctx(), auth, laptop.session.id);
    expect(await authenticateCustomer(t.db, shop.id, laptop.session.token)).toBeNull();
    expect(await authenticateCustomer(t.db, shop.id, phone.session.token)).not.toBeNull();
  });

  test('a customer cannot revoke a session that is not theirs', async () => {
    const a = await buildCustomer(t.db, shop.id);
    const b = await buildCustomer(t.db, shop.id);
    const mine = await signIn(a);
    const theirs = await signIn(b);
    await expect(
      revokeCustomerSession(
        ctx(),
        { customerId: a.id, sessionId: mine.session.id },
        theirs.session.id,
      ),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_SESSION_NOT_FOUND',
      status: 404,
      userMessage: '找不到这个登录设备，它可能已经退出登录',
    });
    expect(await authenticateCustomer(t.db, shop.id, theirs.session.token)).not.toBeNull();
  });

  test('"sign out everywhere else" keeps only the current session', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const keep = await signIn(c);
    const others = [await signIn(c), await signIn(c, true)];
    expect(
      await revokeOtherCustomerSessions(ctx(), { customerId: c.id, sessionId: keep.session.id }),
    ).toBe(2);
    for (const o of others)
      expect(await authenticateCustomer(t.db, shop.id, o.session.token)).toBeNull();
    expect(await authenticateCustomer(t.db, shop.id, keep.session.token)).not.toBeNull();
  });

  test('signing out ends the session; a forged token signs nobody out', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const { session } = await signIn(c);
    await signOutCustomer(ctx(), `${session.id}.${'b'.repeat(24)}`);
    expect(await authenticateCustomer(t.db, shop.id, session.token)).not.toBeNull();
    await signOutCustomer(ctx(), session.token);
    expect(await authenticateCustomer(t.db, shop.id, session.token)).toBeNull();
  });
});

describe('changeCustomerPassword', () => {
  test('needs a recent confirmation; then it signs out every other session and keeps this one', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const current = await signIn(c);
    const other = await signIn(c, true);
    const auth = { customerId: c.id, sessionId: current.session.id };
    await expect(
      changeCustomerPassword(ctx(), auth, { newPassword: 'changed-2026' }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED', status: 403 });
    expect(await authenticateCustomer(t.db, shop.id, other.session.token)).not.toBeNull();

    await confirmCustomerIdentity(ctx(), auth, { method: 'password', password: c.password! });
    const result = await changeCustomerPassword(ctx(), auth, { newPassword: 'changed-2026' });
    expect(result).toEqual({ revokedSessions: 1 });
    expect(await authenticateCustomer(t.db, shop.id, other.session.token)).toBeNull();
    expect(await authenticateCustomer(t.db, shop.id, current.session.token)).not.toBeNull();
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: 'changed-2026' }),
    ).resolves.toBeTruthy();
  });

  test('a wrong current password does not confirm, and the change stays refused', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const current = await signIn(c);
    const other = await signIn(c);
    const auth = { customerId: c.id, sessionId: current.session.id };
    await expect(
      confirmCustomerIdentity(ctx(), auth, { method: 'password', password: 'not-my-password' }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_FAILED', userMessage: '密码不正确' });
    await expect(
      changeCustomerPassword(ctx(), auth, { newPassword: 'changed-2026' }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(await authenticateCustomer(t.db, shop.id, other.session.token)).not.toBeNull();
    await expect(signIn(c)).resolves.toBeTruthy();
  });

  test('an account opened with a code confirms with a code sent to its own phone, then sets its first password', async () => {
    const c = await buildCustomer(t.db, shop.id, { password: null });
    const session = await withTenant(t.db, shop.id, (trx) =>
      createCustomerSession(trx, shop.id, {
        customerId: c.id,
        remember: false,
        ip: null,
        userAgent: null,
      }),
    );
    const auth = { customerId: c.id, sessionId: session.id };
    await expect(
      confirmCustomerIdentity(ctx(), auth, { method: 'password', password: 'anything-at-all' }),
    ).rejects.toMatchObject({ userMessage: '你的账号还没有设置密码，请用验证码验证' });
    const sent = await sendAccountCode(ctx(), auth);
    expect(sent.channel).toBe('sms');
    const code = await readDevCode(t.runtime.env.DATA_DIR, c.phone!);
    await confirmCustomerIdentity(ctx(), auth, { method: 'code', code });
    await changeCustomerPassword(ctx(), auth, { newPassword: 'first-pass-2026' });
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: 'first-pass-2026' }),
    ).resolves.toBeTruthy();
  });
});

describe('getCustomerAccount', () => {
  test('shows masked contacts, live sessions and the customer’s own security events only', async () => {
    const c = await buildCustomer(t.db, shop.id, {
      phone: uniquePhone(),
      email: `acct-${Date.now()}@example.com`,
    });
    const other = await buildCustomer(t.db, shop.id);
    const { session } = await signIn(c);
    await signIn(other);
    const account = await getCustomerAccount(ctx(), { customerId: c.id, sessionId: session.id });
    expect(account.contacts.phone).toBe(`${c.phone!.slice(0, 3)}****${c.phone!.slice(7)}`);
    expect(account.contacts.email).toMatch(/^a\*\*\*@example\.com$/);
    expect(account.liveSessions).toBe(1);
    expect(account.recentEvents.map((e) => e.action)).toEqual(['customer.sign_in']);
    expect(account.recentEvents[0]!.ip).toMatch(/^198\.51\./);
  });
});

test('sessions are per address: a new address is used for every context in these tests', () => {
  expect(uniqueIp()).not.toBe(uniqueIp());
});
