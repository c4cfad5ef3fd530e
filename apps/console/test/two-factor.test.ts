import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  confirmStaffTwoFactorEnrolment,
  startStaffTwoFactorEnrolment,
  totpCodeAt,
  validateStaffSession,
} from '@cardshop/domain';
import {
  buildStaff,
  buildStaffContext,
  buildTenant,
  TEST_PASSWORD,
  useTestRuntime,
} from '@cardshop/domain/testing';
import { consoleClient, ORIGIN, unescapeHtml } from './http.js';

// Production's rule: platform staff and owners / finance must use two-step verification.
const t = useTestRuntime({ STAFF_2FA_REQUIRED: 'true' });
let client: Awaited<ReturnType<typeof consoleClient>>;
let shop: { id: string; slug: string };

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  shop = await buildTenant(t.db, { name: '两步验证测试店' });
});

const cookieOf = (res: Response, name: string) => {
  const line = res.headers.getSetCookie().find((h) => h.startsWith(`${name}=`));
  return line ? line.split(';')[0]! : undefined;
};

function postForm(path: string, fields: Record<string, string>, cookie?: string) {
  return client.request(path, {
    method: 'POST',
    ...(cookie ? { cookie } : {}),
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function passwordStep(email: string, redirectTo = '/', password = TEST_PASSWORD) {
  return postForm('/login', { email, password, redirectTo });
}

/** Signs in an account without two-step verification: the session cookie. */
async function signIn(email: string) {
  const res = await passwordStep(email);
  const cookie = cookieOf(res, 'cs_staff');
  if (!cookie) throw new Error(`no session for ${email}: ${res.status}`);
  return cookie;
}

/** Enrols an authenticator as if a minute ago, so a code of now is fresh for sign-in. */
async function enrolled(staff: { id: string; email: string }) {
  const cookie = await signIn(staff.email);
  const session = await validateStaffSession(t.db, decodeURIComponent(cookie.split('=')[1]!));
  const auth = { userId: staff.id, sessionId: session!.session.id };
  const earlier = Date.now() - 60_000;
  const ctx = buildStaffContext(t.runtime, { now: () => earlier });
  const view = await startStaffTwoFactorEnrolment(ctx, auth);
  const secret = decodeBase32IgnorePadding(view.manualKey.replace(/ /g, ''));
  const { recoveryCodes } = await confirmStaffTwoFactorEnrolment(ctx, auth, {
    code: totpCodeAt(secret, earlier),
  });
  return { secret, recoveryCodes };
}

describe('required two-step verification', () => {
  test('an operator without it is sent to set it up; every other page and action is refused until done', async () => {
    const operator = await buildStaff(t.db, { platformRole: 'operator' });
    const cookie = await signIn(operator.email);

    const page = await client.request('/platform/tenants', { cookie });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(
      '/account/two-factor?required=1&redirectTo=%2Fplatform%2Ftenants',
    );
    const post = await postForm('/account', { intent: 'read-notices' }, cookie);
    expect(post.status).toBe(302);
    expect(post.headers.get('location')).toMatch(/^\/account\/two-factor\?required=1/);
    expect((await client.request('/account/password', { cookie })).status).toBe(302);
    expect((await client.request('/', { cookie })).headers.get('location')).toMatch(
      /^\/account\/two-factor/,
    );

    const setup = await client.html('/account/two-factor?required=1', cookie);
    expect(setup.status).toBe(200);
    const html = unescapeHtml(setup.text);
    expect(html).toContain('请先开启两步验证');
    expect(html).toContain('<svg');
    const key = /([A-Z2-7]{4}(?: [A-Z2-7]{4}){7})/.exec(html)?.[1];
    expect(key).toBeDefined();

    const wrong = await postForm(
      '/account/two-factor',
      { intent: 'enable', code: '000000' },
      cookie,
    );
    expect(wrong.status).toBe(400);
    expect(unescapeHtml(await wrong.text())).toContain('验证码不正确或已使用过');

    const secret = decodeBase32IgnorePadding(key!.replace(/ /g, ''));
    const done = await postForm(
      '/account/two-factor',
      { intent: 'enable', code: totpCodeAt(secret, Date.now()) },
      cookie,
    );
    expect(done.status).toBe(200);
    const codes = unescapeHtml(await done.text()).match(
      /(?<=<li[^>]*>)[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}(?=<\/li>)/g,
    );
    expect(new Set(codes).size).toBe(10);

    expect((await client.request('/platform/tenants', { cookie })).status).toBe(200);
  });

  test('a shop owner must set it up; support staff of the same shop need not', async () => {
    const owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
    const support = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.id, role: 'support' }],
    });
    const ownerPage = await client.request(`/shop/${shop.slug}`, {
      cookie: await signIn(owner.email),
    });
    expect(ownerPage.status).toBe(302);
    expect(ownerPage.headers.get('location')).toMatch(/^\/account\/two-factor\?required=1/);
    const supportPage = await client.request(`/shop/${shop.slug}`, {
      cookie: await signIn(support.email),
    });
    expect(supportPage.status).toBe(200);
  });
});

describe('signing in with two-step verification', () => {
  test('the password opens no session; the current code does, and a reused one does not', async () => {
    const operator = await buildStaff(t.db, { platformRole: 'operator' });
    const { secret } = await enrolled(operator);

    const first = await passwordStep(operator.email, '/platform/suppliers');
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(
      '/login/two-factor?redirectTo=%2Fplatform%2Fsuppliers',
    );
    expect(cookieOf(first, 'cs_staff')).toBeUndefined();
    const pending = cookieOf(first, 'cs_staff_2fa')!;
    expect(first.headers.getSetCookie().join()).toMatch(
      /cs_staff_2fa=[^;]+; Path=\/login; HttpOnly; SameSite=Lax; Max-Age=300/,
    );

    const form = await client.html('/login/two-factor?redirectTo=%2Fplatform%2Fsuppliers', pending);
    expect(form.status).toBe(200);
    expect(unescapeHtml(form.text)).toContain('输入当前显示的 6 位动态码');
    // Without the pending cookie the page sends people back to the password.
    expect((await client.request('/login/two-factor')).headers.get('location')).toMatch(
      /^\/login\?/,
    );

    const wrong = await postForm(
      '/login/two-factor',
      { code: '000000', redirectTo: '/platform/suppliers' },
      pending,
    );
    expect(wrong.status).toBe(400);
    expect(cookieOf(wrong, 'cs_staff')).toBeUndefined();

    const code = totpCodeAt(secret, Date.now());
    const ok = await postForm(
      '/login/two-factor',
      { code, redirectTo: '/platform/suppliers' },
      pending,
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/platform/suppliers');
    const session = cookieOf(ok, 'cs_staff')!;
    expect(cookieOf(ok, 'cs_staff_2fa')).toBe('cs_staff_2fa=');
    expect((await client.request('/platform/suppliers', { cookie: session })).status).toBe(200);

    const again = await passwordStep(operator.email);
    const replay = await postForm(
      '/login/two-factor',
      { code, redirectTo: '/' },
      cookieOf(again, 'cs_staff_2fa')!,
    );
    expect(replay.status).toBe(400);
    expect(cookieOf(replay, 'cs_staff')).toBeUndefined();
  });

  test('a recovery code signs in once, and the account page says how many are left', async () => {
    const operator = await buildStaff(t.db, { platformRole: 'admin' });
    const { recoveryCodes } = await enrolled(operator);
    const pending = cookieOf(await passwordStep(operator.email), 'cs_staff_2fa')!;
    const ok = await postForm(
      '/login/two-factor',
      { recoveryCode: recoveryCodes[0]!, redirectTo: '/' },
      pending,
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/account?recoveryLeft=9');
    const account = await client.html('/account?recoveryLeft=9', cookieOf(ok, 'cs_staff')!);
    expect(unescapeHtml(account.text)).toContain('还剩 9 个恢复码');
    expect(unescapeHtml(account.text)).toContain('使用恢复码登录');

    const second = cookieOf(await passwordStep(operator.email), 'cs_staff_2fa')!;
    const reused = await postForm(
      '/login/two-factor',
      { recoveryCode: recoveryCodes[0]!, redirectTo: '/' },
      second,
    );
    expect(reused.status).toBe(400);
    expect(unescapeHtml(await reused.text())).toContain('恢复码不正确或已使用过');
  });
});

describe('second confirmation in the console', () => {
  test('a password change is refused without a recent confirmation, then goes through', async () => {
    const staff = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'support' }] });
    const cookie = await signIn(staff.email);
    const laptop = await signIn(staff.email);
    const change = { newPassword: 'brand-new-password-1', confirmPassword: 'brand-new-password-1' };

    const refused = await postForm('/account/password', change, cookie);
    expect(refused.status).toBe(403);
    const text = unescapeHtml(await refused.text());
    expect(text).toContain('修改登录密码是敏感操作，需要先验证身份');
    expect(text).toContain('你即将修改登录密码');
    expect((await client.request('/account', { cookie: laptop })).status).toBe(200);
    expect(cookieOf(await passwordStep(staff.email), 'cs_staff')).toBeDefined();

    const wrong = await postForm(
      '/account/confirm?action=change_password&redirectTo=%2Faccount%2Fpassword',
      { verifyMethod: 'password', verifyPassword: 'not-my-password' },
      cookie,
    );
    expect(wrong.status).toBe(400);
    expect(unescapeHtml(await wrong.text())).toContain('密码不正确');

    const confirmed = await postForm(
      '/account/confirm?action=change_password&redirectTo=%2Faccount%2Fpassword',
      { verifyMethod: 'password', verifyPassword: TEST_PASSWORD },
      cookie,
    );
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get('location')).toBe('/account/password');
    const form = await client.html('/account/password', cookie);
    expect(unescapeHtml(form.text)).toMatch(/已验证身份，.+前可以直接进行敏感操作/);

    const done = await postForm('/account/password', change, cookie);
    expect(done.status).toBe(200);
    // The laptop and the sign-in that proved the old password still worked.
    expect(unescapeHtml(await done.text())).toContain('密码已修改，其他 2 台设备已退出登录');
    expect((await client.request('/account', { cookie: laptop })).status).toBe(302);
    expect(cookieOf(await passwordStep(staff.email), 'cs_staff')).toBeUndefined();
    expect(
      cookieOf(await passwordStep(staff.email, '/', 'brand-new-password-1'), 'cs_staff'),
    ).toBeDefined();
    const account = await client.html('/account', cookie);
    expect(unescapeHtml(account.text)).toContain('登录密码已修改');
  });

  test('new recovery codes: refused with a confirmation dialog, then made once confirmed in it', async () => {
    const staff = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'manager' }] });
    const { recoveryCodes } = await enrolled(staff);
    const pending = cookieOf(await passwordStep(staff.email), 'cs_staff_2fa')!;
    const cookie = cookieOf(
      await postForm(
        '/login/two-factor',
        { recoveryCode: recoveryCodes[1]!, redirectTo: '/' },
        pending,
      ),
      'cs_staff',
    )!;
    const refused = await postForm('/account/two-factor', { intent: 'regenerate' }, cookie);
    expect(refused.status).toBe(403);
    const dialog = unescapeHtml(await refused.text());
    expect(dialog).toContain('重新生成恢复码是敏感操作，需要先验证身份');
    expect(dialog).toContain('你即将重新生成恢复码。生成新的 10 个恢复码，原来的恢复码立即作废。');
    expect(dialog).toContain('验证并重新生成恢复码');
    const made = await postForm(
      '/account/two-factor',
      { intent: 'regenerate', verifyMethod: 'password', verifyPassword: TEST_PASSWORD },
      cookie,
    );
    expect(made.status).toBe(200);
    const fresh = unescapeHtml(await made.text()).match(
      /(?<=<li[^>]*>)[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}(?=<\/li>)/g,
    );
    expect(fresh).toHaveLength(10);
    expect(fresh!.some((c) => recoveryCodes.includes(c))).toBe(false);
  });

  test('the password form can carry the confirmation itself', async () => {
    const staff = await buildStaff(t.db);
    const cookie = await signIn(staff.email);
    const wrong = await postForm(
      '/account/password',
      {
        verifyMethod: 'password',
        verifyPassword: 'nope-nope-nope',
        newPassword: 'brand-new-password-2',
        confirmPassword: 'brand-new-password-2',
      },
      cookie,
    );
    expect(wrong.status).toBe(400);
    expect(cookieOf(await passwordStep(staff.email), 'cs_staff')).toBeDefined();
    const ok = await postForm(
      '/account/password',
      {
        verifyMethod: 'password',
        verifyPassword: TEST_PASSWORD,
        newPassword: 'brand-new-password-2',
        confirmPassword: 'brand-new-password-2',
      },
      cookie,
    );
    expect(ok.status).toBe(200);
    expect(unescapeHtml(await ok.text())).toContain('密码已修改');
  });
});
