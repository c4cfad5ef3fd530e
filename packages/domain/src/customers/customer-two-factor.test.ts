import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { beforeAll, describe, expect, test } from 'vitest';
import { listDevInbox } from '../messaging/dev-inbox.js';
import { totpCodeAt } from '../security/totp.js';
import {
  buildCustomer,
  buildCustomerContext,
  buildTenant,
  readDevCode,
  signedIn,
  uniquePhone,
  useTestRuntime,
} from '../testing/index.js';
import { changeCustomerPassword } from './change-password.js';
import { confirmCustomerIdentity, getCustomerConfirmation } from './confirm-customer.js';
import type { CustomerContext } from './customer-context.js';
import { getCustomerNotices } from './customer-notices.js';
import { authenticateCustomer } from './customer-session-actions.js';
import {
  completeCustomerSignIn,
  confirmCustomerTwoFactorEnrolment,
  disableCustomerTwoFactor,
  getCustomerTwoFactor,
  regenerateCustomerRecoveryCodes,
  startCustomerTwoFactorEnrolment,
} from './customer-two-factor.js';
import { getCustomerAccount } from './get-customer-account.js';
import { sendAccountCode } from './send-account-code.js';
import { sendVerificationCode } from './send-verification-code.js';
import { signInCustomer } from './sign-in-customer.js';
import { signInWithCode } from './sign-in-with-code.js';

const t = useTestRuntime();
const STEP = 30_000;
let clock = 0;
let shop: { id: string; name: string };
let otherShop: { id: string; name: string };
const ctx = (of = shop, ip?: string): CustomerContext => ({
  ...buildCustomerContext(t.runtime, of, ip ? { ip } : {}),
  now: () => clock,
});

beforeAll(async () => {
  clock = Math.floor(Date.now() / STEP) * STEP + 10_000;
  shop = await buildTenant(t.db, { name: '星光卡铺' });
  otherShop = await buildTenant(t.db, { name: '月光卡铺' });
});

async function customerWithSession(overrides: Parameters<typeof buildCustomer>[2] = {}) {
  const c = await buildCustomer(t.db, shop.id, overrides);
  const { session } = signedIn(
    await signInCustomer(ctx(), { identifier: (c.phone ?? c.email)!, password: c.password! }),
  );
  return { c, auth: { customerId: c.id, sessionId: session.id }, token: session.token };
}

async function enrol(auth: { customerId: string; sessionId: string }) {
  const view = await startCustomerTwoFactorEnrolment(ctx(), auth);
  const secret = decodeBase32IgnorePadding(view.manualKey.replace(/ /g, ''));
  const { recoveryCodes } = await confirmCustomerTwoFactorEnrolment(ctx(), auth, {
    code: totpCodeAt(secret, clock),
  });
  return { secret, recoveryCodes, view };
}

describe('customer two-step verification', () => {
  test('is optional: enrolment is labelled with the shop and needs the current code', async () => {
    const { c, auth } = await customerWithSession();
    expect(await getCustomerTwoFactor(ctx(), auth)).toMatchObject({ enabled: false });
    const view = await startCustomerTwoFactorEnrolment(ctx(), auth);
    expect(view.issuer).toBe('星光卡铺');
    expect(view.accountName).toBe(c.phone);
    await expect(
      confirmCustomerTwoFactorEnrolment(ctx(), auth, { code: '12345' }),
    ).rejects.toMatchObject({ code: 'SECURITY_INVALID_INPUT', status: 422 });
    await expect(
      confirmCustomerTwoFactorEnrolment(ctx(), auth, { code: '000000' }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID' });
    const secret = decodeBase32IgnorePadding(view.manualKey.replace(/ /g, ''));
    const { recoveryCodes } = await confirmCustomerTwoFactorEnrolment(ctx(), auth, {
      code: totpCodeAt(secret, clock),
    });
    expect(recoveryCodes).toHaveLength(10);
    const account = await getCustomerAccount(ctx(), auth);
    expect(account.twoFactorEnabled).toBe(true);
    expect(account.notices.map((n) => n.kind)).toEqual(['two_factor_enabled']);
    expect(account.unreadNotices).toBe(1);
    const sms = await listDevInbox(t.runtime.env.DATA_DIR, { to: c.phone! });
    expect(sms[0]?.text).toMatch(/^【星光卡铺】你的账号于北京时间 .* 两步验证已开启/);
  });

  test('signing in by password, or by SMS code, then needs the authenticator; the code cannot be replayed', async () => {
    const { c, auth } = await customerWithSession();
    const { secret } = await enrol(auth);
    clock += STEP;
    const byPassword = await signInCustomer(ctx(), {
      identifier: c.phone!,
      password: c.password!,
      remember: true,
    });
    expect(byPassword.session).toBeUndefined();
    const pending = byPassword.twoFactor!.pendingToken;
    await expect(completeCustomerSignIn(ctx(), pending, { code: '000000' })).rejects.toMatchObject({
      code: 'TWO_FACTOR_INVALID',
    });
    const code = totpCodeAt(secret, clock);
    const done = await completeCustomerSignIn(ctx(), pending, { code });
    expect(done.customer.id).toBe(c.id);
    expect(done.session.remember).toBe(true);
    expect(await authenticateCustomer(t.db, shop.id, done.session.token)).not.toBeNull();

    await sendVerificationCode(ctx(), { identifier: c.phone!, purpose: 'sign_in' });
    const sms = await readDevCode(t.runtime.env.DATA_DIR, c.phone!);
    const byCode = await signInWithCode(ctx(), { identifier: c.phone!, code: sms });
    expect(byCode.session).toBeUndefined();
    await expect(
      completeCustomerSignIn(ctx(), byCode.twoFactor!.pendingToken, { code }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID' });
    // A pending sign-in of this shop means nothing in another shop.
    clock += STEP;
    await expect(
      completeCustomerSignIn(ctx(otherShop), byCode.twoFactor!.pendingToken, {
        code: totpCodeAt(secret, clock),
      }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_EXPIRED' });
    const events = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'data'])
      .where('tenant_id', '=', shop.id)
      .where('actor_id', '=', c.id)
      .where('action', 'in', ['customer.sign_in', 'customer.two_factor_failed'])
      .orderBy('occurred_at')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'customer.sign_in',
      'customer.two_factor_failed',
      'customer.sign_in',
      'customer.two_factor_failed',
    ]);
    expect(events[2]!.data).toMatchObject({ method: 'password', secondFactor: 'totp' });
    expect(events[3]!.data).toMatchObject({ reason: 'replay' });
  });

  test('a recovery code works once; five wrong codes lock the second step', async () => {
    const { c, auth } = await customerWithSession({
      phone: uniquePhone(),
      email: `rc-${Date.now()}@example.com`,
    });
    const { secret, recoveryCodes } = await enrol(auth);
    const first = await signInCustomer(ctx(), { identifier: c.phone!, password: c.password! });
    const ok = await completeCustomerSignIn(ctx(), first.twoFactor!.pendingToken, {
      recoveryCode: recoveryCodes[0]!,
    });
    expect(ok.recoveryCodesLeft).toBe(9);
    const mail = await listDevInbox(t.runtime.env.DATA_DIR, { to: c.email! });
    expect(mail[0]?.subject).toBe('【星光卡铺】账号安全提醒：使用恢复码登录');

    const second = await signInCustomer(ctx(), { identifier: c.phone!, password: c.password! });
    const pending = second.twoFactor!.pendingToken;
    await expect(
      completeCustomerSignIn(ctx(), pending, { recoveryCode: recoveryCodes[0]! }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID' });
    for (let i = 0; i < 3; i++) {
      await expect(
        completeCustomerSignIn(ctx(), pending, { recoveryCode: 'aaaa-bbbb-cccc' }),
      ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID' });
    }
    await expect(
      completeCustomerSignIn(ctx(), pending, { recoveryCode: 'aaaa-bbbb-cccc' }),
    ).rejects.toMatchObject({ code: 'LOCKED_OUT', status: 429 });
    clock += STEP;
    await expect(
      completeCustomerSignIn(ctx(), pending, { code: totpCodeAt(secret, clock) }),
    ).rejects.toMatchObject({ code: 'LOCKED_OUT' });
  });

  test('turning it off needs a recent confirmation (by password, authenticator or SMS code)', async () => {
    const { c, auth } = await customerWithSession();
    const { secret, recoveryCodes } = await enrol(auth);
    expect((await getCustomerConfirmation(ctx(), auth)).methods).toEqual([
      'totp',
      'password',
      'code',
    ]);
    await expect(disableCustomerTwoFactor(ctx(), auth)).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      userMessage: expect.stringContaining('关闭两步验证是敏感操作'),
    });
    await expect(regenerateCustomerRecoveryCodes(ctx(), auth)).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
    });
    expect(await getCustomerTwoFactor(ctx(), auth)).toMatchObject({ enabled: true });

    clock += STEP;
    await confirmCustomerIdentity(ctx(), auth, { method: 'totp', code: totpCodeAt(secret, clock) });
    expect((await getCustomerConfirmation(ctx(), auth)).confirmedUntil?.getTime()).toBe(
      clock + 5 * 60_000,
    );
    const fresh = await regenerateCustomerRecoveryCodes(ctx(), auth);
    expect(fresh.recoveryCodes.some((r) => recoveryCodes.includes(r))).toBe(false);
    clock += 5 * 60_000;
    await expect(disableCustomerTwoFactor(ctx(), auth)).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
    });

    await sendAccountCode(ctx(), auth);
    const sms = await readDevCode(t.runtime.env.DATA_DIR, c.phone!);
    await confirmCustomerIdentity(ctx(), auth, { method: 'code', code: sms });
    await disableCustomerTwoFactor(ctx(), auth);
    expect(await getCustomerTwoFactor(ctx(), auth)).toMatchObject({ enabled: false });
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: c.password! }),
    ).resolves.toMatchObject({ session: { customerId: c.id } });
    const notices = await getCustomerNotices(ctx(), auth);
    expect(notices.items.map((n) => n.kind)).toEqual([
      'two_factor_disabled',
      'recovery_codes_regenerated',
      'two_factor_enabled',
    ]);
  });

  test('a password change confirmed five minutes ago is refused again, and nothing changes', async () => {
    const { c, auth } = await customerWithSession();
    await confirmCustomerIdentity(ctx(), auth, { method: 'password', password: c.password! });
    clock += 5 * 60_000;
    await expect(
      changeCustomerPassword(ctx(), auth, { newPassword: 'brand-new-2026' }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED', status: 403 });
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: c.password! }),
    ).resolves.toMatchObject({ session: { customerId: c.id } });
    expect((await getCustomerNotices(ctx(), auth)).items).toEqual([]);
  });
});
