import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { beforeAll, describe, expect, test } from 'vitest';
import { listDevInbox } from '../messaging/dev-inbox.js';
import { totpCodeAt } from '../security/totp.js';
import {
  buildStaff,
  buildStaffContext,
  buildSupplier,
  buildTenant,
  staffSignedIn,
  TEST_PASSWORD,
  useTestRuntime,
} from '../testing/index.js';
import { changeStaffPassword } from './change-staff-password.js';
import { signInStaff } from './sign-in-staff.js';
import { staffTwoFactorRequired, type StaffAuth } from './staff-auth-context.js';
import { confirmStaffIdentity } from './staff-confirmation.js';
import { listStaffNotices } from './staff-notices.js';
import { validateStaffSession } from './staff-sessions.js';
import {
  completeStaffSignIn,
  confirmStaffTwoFactorEnrolment,
  disableStaffTwoFactor,
  getStaffSecurity,
  regenerateStaffRecoveryCodes,
  startStaffTwoFactorEnrolment,
} from './staff-two-factor.js';

const t = useTestRuntime();
const STEP = 30_000;
/** A clock the test moves by hand; starts mid-step so ±1 step never straddles by accident. */
let clock = 0;
const ctx = (ip: string | null = null) => buildStaffContext(t.runtime, { ip, now: () => clock });

beforeAll(() => {
  clock = Math.floor(Date.now() / STEP) * STEP + 10_000;
});

async function signedInStaff(overrides: Parameters<typeof buildStaff>[1] = {}) {
  const staff = await buildStaff(t.db, overrides);
  const first = staffSignedIn(
    await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
  );
  const session = (await validateStaffSession(t.db, first.token))!.session;
  const auth: StaffAuth = { userId: staff.id, sessionId: session.id };
  return { staff, auth, token: first.token };
}

/** Enrols the staff member's authenticator as a person would: read the key, type the code. */
async function enrol(auth: StaffAuth) {
  const view = await startStaffTwoFactorEnrolment(ctx(), auth);
  const secret = decodeBase32IgnorePadding(view.manualKey.replace(/ /g, ''));
  const { recoveryCodes } = await confirmStaffTwoFactorEnrolment(ctx(), auth, {
    code: totpCodeAt(secret, clock),
  });
  return { secret, recoveryCodes, view };
}

function nextStep() {
  clock += STEP;
}

describe('enrolling an authenticator', () => {
  test('shows a QR code and the key in groups; a wrong code does not turn it on, the current one does', async () => {
    const { staff, auth } = await signedInStaff();
    const view = await startStaffTwoFactorEnrolment(ctx(), auth);
    expect(view.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(view.uri).toMatch(/^otpauth:\/\/totp\/.+\?/);
    expect(view.uri).toContain(encodeURIComponent(staff.email));
    expect(view.manualKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    // Reloading the page shows the same secret until it is confirmed.
    expect((await startStaffTwoFactorEnrolment(ctx(), auth)).manualKey).toBe(view.manualKey);

    await expect(
      confirmStaffTwoFactorEnrolment(ctx(), auth, { code: '000000' }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID', status: 400 });
    expect((await getStaffSecurity(ctx(), auth, { platformRole: null })).twoFactor.enabled).toBe(
      false,
    );

    const secret = decodeBase32IgnorePadding(view.manualKey.replace(/ /g, ''));
    const { recoveryCodes } = await confirmStaffTwoFactorEnrolment(ctx(), auth, {
      code: totpCodeAt(secret, clock),
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const overview = await getStaffSecurity(ctx(), auth, { platformRole: null });
    expect(overview.twoFactor).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });

    // At rest: the secret is sealed and the recovery codes hashed, never in clear.
    const row = await t.owner
      .selectFrom('staff_two_factor')
      .selectAll()
      .where('user_id', '=', staff.id)
      .executeTakeFirstOrThrow();
    const stored = Buffer.from(row.secret_sealed!);
    expect(stored.includes(Buffer.from(secret))).toBe(false);
    expect(stored.toString('latin1')).not.toContain(view.manualKey.replace(/ /g, ''));
    const hashes = await t.owner
      .selectFrom('staff_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', staff.id)
      .execute();
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) {
      for (const code of recoveryCodes) {
        expect(Buffer.from(code_hash).toString('latin1')).not.toContain(code.replace(/-/g, ''));
      }
    }
    // The holder is told, in the console and by mail.
    const notices = await listStaffNotices(t.db, staff.id);
    expect(notices.items.map((n) => n.kind)).toEqual(['two_factor_enabled']);
    const mail = await listDevInbox(t.runtime.env.DATA_DIR, { to: staff.email });
    expect(mail[0]?.subject).toBe('【卡盟云】账号安全提醒：两步验证已开启');
  });
});

describe('signing in with two-step verification', () => {
  test('a correct password opens no session until the current code is given', async () => {
    const { staff, auth } = await signedInStaff();
    const { secret } = await enrol(auth);
    nextStep();
    const before = await t.owner
      .selectFrom('staff_sessions')
      .select('id')
      .where('user_id', '=', staff.id)
      .execute();
    const first = await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD });
    expect(first.status).toBe('two_factor');
    if (first.status !== 'two_factor') throw new Error('unreachable');
    const after = await t.owner
      .selectFrom('staff_sessions')
      .select('id')
      .where('user_id', '=', staff.id)
      .execute();
    expect(after).toHaveLength(before.length);

    await expect(
      completeStaffSignIn(ctx(), first.pendingToken, { code: '123456' }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID' });
    const done = await completeStaffSignIn(ctx(), first.pendingToken, {
      code: totpCodeAt(secret, clock),
    });
    expect((await validateStaffSession(t.db, done.token))?.user.id).toBe(staff.id);
    // The same pending sign-in does not open a second session.
    nextStep();
    await expect(
      completeStaffSignIn(ctx(), first.pendingToken, { code: totpCodeAt(secret, clock) }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_EXPIRED' });
  });

  test('a code of a time step already used is refused: no replay', async () => {
    const { staff, auth } = await signedInStaff();
    const { secret } = await enrol(auth);
    // The enrolment used this step's code: signing in with it at once is a replay.
    const replay = await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD });
    if (replay.status !== 'two_factor') throw new Error('expected a second step');
    await expect(
      completeStaffSignIn(ctx(), replay.pendingToken, { code: totpCodeAt(secret, clock) }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID' });

    nextStep();
    const code = totpCodeAt(secret, clock);
    const ok = await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD });
    if (ok.status !== 'two_factor') throw new Error('expected a second step');
    await completeStaffSignIn(ctx(), ok.pendingToken, { code });
    const again = await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD });
    if (again.status !== 'two_factor') throw new Error('expected a second step');
    await expect(completeStaffSignIn(ctx(), again.pendingToken, { code })).rejects.toMatchObject({
      code: 'TWO_FACTOR_INVALID',
    });
  });

  test('a recovery code works once, and the holder is told', async () => {
    const { staff, auth } = await signedInStaff();
    const { recoveryCodes } = await enrol(auth);
    const code = recoveryCodes[3]!;
    const first = await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD });
    if (first.status !== 'two_factor') throw new Error('expected a second step');
    // Typed in capitals with spaces instead of dashes, as people do.
    const done = await completeStaffSignIn(ctx(), first.pendingToken, {
      recoveryCode: code.toUpperCase().replace(/-/g, ' '),
    });
    expect(done.recoveryCodesLeft).toBe(9);
    const second = await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD });
    if (second.status !== 'two_factor') throw new Error('expected a second step');
    await expect(
      completeStaffSignIn(ctx(), second.pendingToken, { recoveryCode: code }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID', userMessage: '恢复码不正确或已使用过' });
    const notices = await listStaffNotices(t.db, staff.id);
    expect(notices.items[0]).toMatchObject({ kind: 'recovery_code_used' });
    expect(notices.items[0]!.body).toContain('剩余 9 个恢复码');
  });

  test('five wrong codes lock the second step, even against the right code', async () => {
    const { staff, auth } = await signedInStaff();
    const { secret } = await enrol(auth);
    nextStep();
    const first = await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD });
    if (first.status !== 'two_factor') throw new Error('expected a second step');
    const wrong = totpCodeAt(secret, clock) === '111111' ? '222222' : '111111';
    for (let i = 0; i < 4; i++) {
      await expect(
        completeStaffSignIn(ctx(), first.pendingToken, { code: wrong }),
      ).rejects.toMatchObject({ code: 'TWO_FACTOR_INVALID' });
    }
    await expect(
      completeStaffSignIn(ctx(), first.pendingToken, { code: wrong }),
    ).rejects.toMatchObject({
      code: 'LOCKED_OUT',
      status: 429,
      userMessage: expect.stringMatching(/^验证码错误次数过多，已暂时锁定。请 1 分钟后/),
    });
    await expect(
      completeStaffSignIn(ctx(), first.pendingToken, { code: totpCodeAt(secret, clock) }),
    ).rejects.toMatchObject({ code: 'LOCKED_OUT' });
    const failures = await t.owner
      .selectFrom('platform_audit_log')
      .select('action')
      .where('actor_id', '=', staff.id)
      .where('action', '=', 'staff.two_factor_failed')
      .execute();
    expect(failures).toHaveLength(5);
  });

  test('a forged or expired pending sign-in is refused', async () => {
    const { staff, auth } = await signedInStaff();
    const { secret } = await enrol(auth);
    nextStep();
    const first = await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD });
    if (first.status !== 'two_factor') throw new Error('expected a second step');
    const [body, signature] = first.pendingToken.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, subjectId: auth.userId.replace(/.$/, '0') })).toString('base64url')}.${signature}`;
    await expect(
      completeStaffSignIn(ctx(), forged, { code: totpCodeAt(secret, clock) }),
    ).rejects.toMatchObject({ code: 'TWO_FACTOR_EXPIRED' });
    clock += 5 * 60_000 + 1;
    await expect(
      completeStaffSignIn(ctx(), first.pendingToken, { code: totpCodeAt(secret, clock) }),
    ).rejects.toMatchObject({
      code: 'TWO_FACTOR_EXPIRED',
      userMessage: '登录验证已超时（5 分钟内有效），请重新输入密码登录',
    });
  });
});

describe('who must use two-step verification', () => {
  test('platform staff and owners or finance of a shop or supplier must; support staff may', async () => {
    const shop = await buildTenant(t.db);
    const supplier = await buildSupplier(t.db);
    const operator = await buildStaff(t.db, { platformRole: 'operator' });
    const owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
    const finance = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.id, role: 'finance' }],
    });
    const support = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.id, role: 'support' }],
    });
    const manager = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.id, role: 'manager' }],
    });
    expect(await staffTwoFactorRequired(t.db, { id: operator.id, platformRole: 'operator' })).toBe(
      true,
    );
    expect(await staffTwoFactorRequired(t.db, { id: owner.id, platformRole: null })).toBe(true);
    expect(await staffTwoFactorRequired(t.db, { id: finance.id, platformRole: null })).toBe(true);
    expect(await staffTwoFactorRequired(t.db, { id: support.id, platformRole: null })).toBe(false);
    expect(await staffTwoFactorRequired(t.db, { id: manager.id, platformRole: null })).toBe(false);
  });
});

describe('second confirmation of sensitive operations', () => {
  test('a password change without a recent confirmation is refused and changes nothing', async () => {
    const { staff, auth } = await signedInStaff();
    const other = staffSignedIn(
      await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    );
    await expect(
      changeStaffPassword(ctx(), auth, {
        newPassword: 'brand-new-password-1',
        confirmPassword: 'brand-new-password-1',
      }),
    ).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      status: 403,
      userMessage: expect.stringContaining('修改登录密码是敏感操作，需要先验证身份'),
    });
    expect(await validateStaffSession(t.db, other.token)).not.toBeNull();
    await expect(
      signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    ).resolves.toMatchObject({ status: 'signed_in' });
    expect((await listStaffNotices(t.db, staff.id)).items).toEqual([]);
  });

  test('after confirming it goes through; five minutes later it is refused again', async () => {
    const { staff, auth } = await signedInStaff();
    const other = staffSignedIn(
      await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    );
    await expect(
      confirmStaffIdentity(ctx(), auth, { method: 'password', password: 'not-the-password' }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_FAILED', userMessage: '密码不正确' });
    const { confirmedUntil } = await confirmStaffIdentity(ctx(), auth, {
      method: 'password',
      password: TEST_PASSWORD,
    });
    expect(confirmedUntil.getTime()).toBe(clock + 5 * 60_000);

    clock += 4 * 60_000;
    const result = await changeStaffPassword(ctx(), auth, {
      newPassword: 'brand-new-password-1',
      confirmPassword: 'brand-new-password-1',
    });
    expect(result).toEqual({ revokedSessions: 1 });
    expect(await validateStaffSession(t.db, other.token)).toBeNull();
    await expect(
      signInStaff(ctx(), { email: staff.email, password: 'brand-new-password-1' }),
    ).resolves.toMatchObject({ status: 'signed_in' });

    clock += 60_000;
    await expect(
      changeStaffPassword(ctx(), auth, {
        newPassword: 'another-password-22',
        confirmPassword: 'another-password-22',
      }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    await expect(
      signInStaff(ctx(), { email: staff.email, password: 'brand-new-password-1' }),
    ).resolves.toMatchObject({ status: 'signed_in' });

    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select('action')
      .where('actor_id', '=', staff.id)
      .where('action', 'in', ['staff.confirmed', 'staff.confirm_failed', 'staff.password_changed'])
      .orderBy('occurred_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'staff.confirm_failed',
      'staff.confirmed',
      'staff.password_changed',
    ]);
    const notices = await listStaffNotices(t.db, staff.id);
    expect(notices.items[0]).toMatchObject({ kind: 'password_changed', title: '登录密码已修改' });
    const mail = await listDevInbox(t.runtime.env.DATA_DIR, { to: staff.email });
    expect(mail[0]?.text).toContain('其他 1 台设备已退出登录');
  });

  test('turning two-step verification off and new recovery codes need a fresh confirmation; a code confirms too', async () => {
    const { staff, auth } = await signedInStaff();
    const { secret, recoveryCodes } = await enrol(auth);
    await expect(regenerateStaffRecoveryCodes(ctx(), auth)).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      userMessage: expect.stringContaining('重新生成恢复码'),
    });
    await expect(disableStaffTwoFactor(ctx(), auth)).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
    });
    expect((await getStaffSecurity(ctx(), auth, { platformRole: null })).twoFactor.enabled).toBe(
      true,
    );

    // The enrolment's code is used: it cannot confirm; the next step's can.
    await expect(
      confirmStaffIdentity(ctx(), auth, { method: 'totp', code: totpCodeAt(secret, clock) }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_FAILED' });
    nextStep();
    await confirmStaffIdentity(ctx(), auth, { method: 'totp', code: totpCodeAt(secret, clock) });
    const fresh = await regenerateStaffRecoveryCodes(ctx(), auth);
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect(fresh.recoveryCodes.some((c) => recoveryCodes.includes(c))).toBe(false);

    await disableStaffTwoFactor(ctx(), auth);
    expect((await getStaffSecurity(ctx(), auth, { platformRole: null })).twoFactor).toMatchObject({
      enabled: false,
      recoveryCodesLeft: 0,
    });
    expect(
      await t.owner
        .selectFrom('staff_recovery_codes')
        .select('user_id')
        .where('user_id', '=', staff.id)
        .execute(),
    ).toEqual([]);
    await expect(
      signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    ).resolves.toMatchObject({ status: 'signed_in' });
    const kinds = (await listStaffNotices(t.db, staff.id)).items.map((n) => n.kind);
    expect(kinds.slice(0, 2)).toEqual(['two_factor_disabled', 'recovery_codes_regenerated']);
  });
});
