import { beforeAll, describe, expect, test } from 'vitest';
import { listDevInbox } from '../messaging/dev-inbox.js';
import { LOCKOUTS, RATE_LIMITS } from '../security/limits.js';
import {
  buildCustomer,
  buildCustomerContext,
  buildTenant,
  readDevCode,
  uniqueIp,
  uniquePhone,
  signedIn,
  useTestRuntime,
} from '../testing/index.js';
import { resetPasswordWithCode } from './reset-password.js';
import { sendVerificationCode } from './send-verification-code.js';
import { signInCustomer } from './sign-in-customer.js';
import { signInWithCode } from './sign-in-with-code.js';

const t = useTestRuntime();
let shop: { id: string; name: string };
const ctx = (ip = uniqueIp()) => buildCustomerContext(t.runtime, shop, { ip });

beforeAll(async () => {
  shop = await buildTenant(t.db, { name: '星光卡铺' });
});

describe('one-time codes', () => {
  test('are six digits, stored only as a hash, and expire after five minutes', async () => {
    const phone = uniquePhone();
    await sendVerificationCode(ctx(), { identifier: phone, purpose: 'sign_in' });
    const code = await readDevCode(t.runtime.env.DATA_DIR, phone);
    expect(code).toMatch(/^\d{6}$/);
    const row = await t.owner
      .selectFrom('verification_codes')
      .selectAll()
      .where('destination', '=', phone)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      tenant_id: shop.id,
      channel: 'sms',
      purpose: 'sign_in',
      attempts: 0,
    });
    expect(Buffer.from(row.code_hash).toString('utf8')).not.toContain(code);
    expect(row.code_hash).toHaveLength(32);
    const ttl = row.expires_at.getTime() - row.created_at.getTime();
    expect(Math.abs(ttl - 5 * 60_000)).toBeLessThan(2000);
  });

  test('an expired code is refused', async () => {
    const phone = uniquePhone();
    await sendVerificationCode(ctx(), { identifier: phone, purpose: 'sign_in' });
    const code = await readDevCode(t.runtime.env.DATA_DIR, phone);
    await t.owner
      .updateTable('verification_codes')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('destination', '=', phone)
      .execute();
    await expect(signInWithCode(ctx(), { identifier: phone, code })).rejects.toMatchObject({
      code: 'CUSTOMER_CODE_INVALID',
    });
  });

  test('five wrong tries use a code up: even the right code fails after that', async () => {
    const phone = uniquePhone();
    await sendVerificationCode(ctx(), { identifier: phone, purpose: 'sign_in' });
    const code = await readDevCode(t.runtime.env.DATA_DIR, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      // A fresh address each time, so the address lockout is not what stops it.
      await expect(signInWithCode(ctx(), { identifier: phone, code: wrong })).rejects.toMatchObject(
        { code: expect.stringMatching(/CUSTOMER_CODE_INVALID|LOCKED_OUT/) },
      );
    }
    const row = await t.owner
      .selectFrom('verification_codes')
      .select('attempts')
      .where('destination', '=', phone)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);
    await t.runtime.rateLimiter.clearFailures(LOCKOUTS.account, `${shop.id}:${phone}`);
    await expect(signInWithCode(ctx(), { identifier: phone, code })).rejects.toMatchObject({
      code: 'CUSTOMER_CODE_INVALID',
    });
  });

  test('a newer code replaces the older one', async () => {
    const phone = uniquePhone();
    await sendVerificationCode(ctx(), { identifier: phone, purpose: 'sign_in' });
    const first = await readDevCode(t.runtime.env.DATA_DIR, phone);
    await t.runtime.rateLimiter.reset(RATE_LIMITS.codePerDestinationMinute, phone);
    await sendVerificationCode(ctx(), { identifier: phone, purpose: 'sign_in' });
    const second = await readDevCode(t.runtime.env.DATA_DIR, phone);
    if (first !== second) {
      await expect(signInWithCode(ctx(), { identifier: phone, code: first })).rejects.toMatchObject(
        { code: 'CUSTOMER_CODE_INVALID' },
      );
    }
    await expect(signInWithCode(ctx(), { identifier: phone, code: second })).resolves.toMatchObject(
      { created: true },
    );
  });

  test('a code for signing in cannot reset a password', async () => {
    const c = await buildCustomer(t.db, shop.id);
    await sendVerificationCode(ctx(), { identifier: c.phone!, purpose: 'sign_in' });
    const code = await readDevCode(t.runtime.env.DATA_DIR, c.phone!);
    await expect(
      resetPasswordWithCode(ctx(), { identifier: c.phone!, code, password: 'brand-new-2026' }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_CODE_INVALID' });
  });
});

describe('code sending limits', () => {
  test('a second code to the same number within a minute is refused, saying how long to wait', async () => {
    const phone = uniquePhone();
    await sendVerificationCode(ctx(), { identifier: phone, purpose: 'sign_in' });
    await expect(
      sendVerificationCode(ctx(), { identifier: phone, purpose: 'sign_in' }),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      userMessage: expect.stringMatching(/^获取验证码过于频繁，请 (\d{1,2} 秒|1 分钟)后再试$/),
    });
    expect(await listDevInbox(t.runtime.env.DATA_DIR, { to: phone })).toHaveLength(1);
  });

  test('one address may ask for three codes a minute, whatever the numbers', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) {
      await sendVerificationCode(ctx(ip), { identifier: uniquePhone(), purpose: 'sign_in' });
    }
    const phone = uniquePhone();
    await expect(
      sendVerificationCode(ctx(ip), { identifier: phone, purpose: 'sign_in' }),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await listDevInbox(t.runtime.env.DATA_DIR, { to: phone })).toHaveLength(0);
  });
});

describe('no account enumeration', () => {
  test('asking for a sign-in or reset code answers the same for a known and an unknown number', async () => {
    const known = await buildCustomer(t.db, shop.id);
    const unknown = uniquePhone();
    for (const purpose of ['sign_in', 'reset_password'] as const) {
      const a = await sendVerificationCode(ctx(), { identifier: known.phone!, purpose });
      const b = await sendVerificationCode(ctx(), { identifier: unknown, purpose });
      await t.runtime.rateLimiter.reset(RATE_LIMITS.codePerDestinationMinute, known.phone!);
      await t.runtime.rateLimiter.reset(RATE_LIMITS.codePerDestinationMinute, unknown);
      expect({ ...a, sentTo: '' }).toEqual({ ...b, sentTo: '' });
    }
    // A reset code is only actually sent to an account that exists.
    const toUnknown = await listDevInbox(t.runtime.env.DATA_DIR, { to: unknown });
    expect(toUnknown.map((m) => m.text)).toEqual([expect.stringContaining('用于登录或注册')]);
  });

  test('resetting an unknown account fails exactly like a wrong code', async () => {
    const known = await buildCustomer(t.db, shop.id);
    await sendVerificationCode(ctx(), { identifier: known.phone!, purpose: 'reset_password' });
    const attempts = [
      { identifier: known.phone!, code: '000000' },
      { identifier: uniquePhone(), code: '000000' },
    ];
    const code = await readDevCode(t.runtime.env.DATA_DIR, known.phone!);
    if (code === '000000') attempts[0]!.code = '111111';
    for (const attempt of attempts) {
      await expect(
        resetPasswordWithCode(ctx(), { ...attempt, password: 'brand-new-2026' }),
      ).rejects.toMatchObject({
        code: 'CUSTOMER_CODE_INVALID',
        status: 400,
        userMessage: '验证码不正确或已失效，请重新获取',
      });
    }
  });
});

describe('resetPasswordWithCode', () => {
  test('sets the new password and signs every session out', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const { session } = signedIn(
      await signInCustomer(ctx(), { identifier: c.phone!, password: c.password! }),
    );
    await sendVerificationCode(ctx(), { identifier: c.phone!, purpose: 'reset_password' });
    const code = await readDevCode(t.runtime.env.DATA_DIR, c.phone!);
    expect(
      await resetPasswordWithCode(ctx(), {
        identifier: c.phone!,
        code,
        password: 'brand-new-2026',
      }),
    ).toEqual({ revokedSessions: 1 });
    const sessions = await t.owner
      .selectFrom('customer_sessions')
      .select('id')
      .where('id', '=', session.id)
      .execute();
    expect(sessions).toEqual([]);
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: c.password! }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: 'brand-new-2026' }),
    ).resolves.toMatchObject({ customer: { id: c.id } });
  });
});
