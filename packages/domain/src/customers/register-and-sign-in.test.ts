import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildCustomer,
  buildCustomerContext,
  buildTenant,
  CUSTOMER_PASSWORD,
  readDevCode,
  uniquePhone,
  signedIn,
  useTestRuntime,
} from '../testing/index.js';
import { authenticateCustomer } from './customer-session-actions.js';
import { registerCustomer } from './register-customer.js';
import { sendVerificationCode } from './send-verification-code.js';
import { signInCustomer } from './sign-in-customer.js';
import { signInWithCode } from './sign-in-with-code.js';

const t = useTestRuntime();
let shop: { id: string; name: string };
let otherShop: { id: string; name: string };
const ctx = (ip?: string) => buildCustomerContext(t.runtime, shop, ip === undefined ? {} : { ip });

beforeAll(async () => {
  shop = await buildTenant(t.db, { name: '星光卡铺' });
  otherShop = await buildTenant(t.db, { name: '月光卡铺' });
});

const countCustomers = async () =>
  Number(
    (
      await t.owner
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('registerCustomer', () => {
  test('registers with a phone and password, signs in, and stores only an argon2id hash', async () => {
    const phone = uniquePhone();
    const { customer, session } = await registerCustomer(ctx(), {
      identifier: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
      password: 'hunter-2026',
    });
    expect(customer).toMatchObject({ phone, email: null, hasPassword: true, status: 'active' });
    expect(customer.displayName).toBe(`用户${phone.slice(-4)}`);
    const row = await t.owner
      .selectFrom('customers')
      .select(['password_hash', 'tenant_id'])
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.tenant_id).toBe(shop.id);
    const signedIn = await authenticateCustomer(t.db, shop.id, session.token);
    expect(signedIn?.customer.id).toBe(customer.id);
  });

  test('registers with an email, lower-cased; the same email may register in another shop', async () => {
    const email = `Buyer.${Date.now()}@Example.com`;
    const a = await registerCustomer(ctx(), { identifier: email, password: 'hunter-2026' });
    expect(a.customer.email).toBe(email.toLowerCase());
    const b = await registerCustomer(buildCustomerContext(t.runtime, otherShop), {
      identifier: email,
      password: 'another-2026',
    });
    expect(b.customer.id).not.toBe(a.customer.id);
  });

  test('a phone already registered in this shop is refused and nothing changes', async () => {
    const existing = await buildCustomer(t.db, shop.id);
    const before = await countCustomers();
    await expect(
      registerCustomer(ctx(), { identifier: existing.phone!, password: 'hunter-2026' }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_ACCOUNT_EXISTS',
      status: 409,
      userMessage: '这个手机号已在本店注册，请直接登录；忘记密码可用验证码找回',
    });
    expect(await countCustomers()).toBe(before);
  });

  test.each([
    ['1234567', '密码至少 8 位'],
    ['12345678901', '密码不能全是数字，请加入字母或符号'],
    ['        ', '密码不能全是空格'],
  ])('a weak password "%s" is refused with "%s"', async (password, message) => {
    const before = await countCustomers();
    await expect(
      registerCustomer(ctx(), { identifier: uniquePhone(), password }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_INVALID_INPUT',
      status: 422,
      userMessage: message,
      details: { fieldErrors: { password: message } },
    });
    expect(await countCustomers()).toBe(before);
  });

  test.each([
    ['1234', '请输入 11 位手机号或有效的邮箱地址'],
    ['12812345678', '请输入 11 位手机号或有效的邮箱地址'],
    ['a@b', '请输入有效的邮箱地址'],
    ['', '请输入手机号或邮箱'],
  ])('an identifier "%s" is refused with "%s"', async (identifier, message) => {
    await expect(
      registerCustomer(ctx(), { identifier, password: 'hunter-2026' }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_INPUT', userMessage: message });
  });
});

describe('signInCustomer', () => {
  test('the right password signs in and records the sign-in as a customer security event', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const context = ctx();
    const { customer, session } = signedIn(
      await signInCustomer(context, { identifier: c.phone!, password: CUSTOMER_PASSWORD }),
    );
    expect(customer.id).toBe(c.id);
    const events = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['actor_type', 'actor_id', 'action', 'ip', 'target_id', 'data'])
      .where('tenant_id', '=', shop.id)
      .where('actor_id', '=', c.id)
      .execute();
    expect(events).toContainEqual({
      actor_type: 'customer',
      actor_id: c.id,
      action: 'customer.sign_in',
      ip: context.ip,
      target_id: session.id,
      data: { method: 'password', remember: false, userAgent: context.userAgent },
    });
  });

  test('a wrong password and an unknown account get the very same answer', async () => {
    const c = await buildCustomer(t.db, shop.id);
    const noPassword = await buildCustomer(t.db, shop.id, { password: null });
    const attempts = [
      { identifier: c.phone!, password: 'not-the-password' },
      { identifier: uniquePhone(), password: 'whatever-1' },
      { identifier: noPassword.phone!, password: 'x-123456' },
    ];
    for (const attempt of attempts) {
      await expect(signInCustomer(ctx(), attempt)).rejects.toMatchObject({
        code: 'CUSTOMER_INVALID_CREDENTIALS',
        status: 401,
        userMessage: '账号或密码不正确',
      });
    }
  });

  test('an account of another shop does not exist here', async () => {
    const c = await buildCustomer(t.db, otherShop.id);
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: CUSTOMER_PASSWORD }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
  });
});

describe('signing in with an SMS code', () => {
  test('a new number gets a code in the dev inbox, and the code opens a new account', async () => {
    const phone = uniquePhone();
    const context = ctx();
    const sent = await sendVerificationCode(context, { identifier: phone, purpose: 'sign_in' });
    expect(sent).toMatchObject({
      channel: 'sms',
      sentTo: `${phone.slice(0, 3)}****${phone.slice(7)}`,
    });
    const code = await readDevCode(t.runtime.env.DATA_DIR, phone);
    const { customer, created, session } = signedIn(
      await signInWithCode(context, { identifier: phone, code, remember: true }),
    );
    expect(created).toBe(true);
    expect(customer).toMatchObject({ phone, hasPassword: false });
    expect(session.remember).toBe(true);
    // The code is used up.
    await expect(signInWithCode(context, { identifier: phone, code })).rejects.toMatchObject({
      code: 'CUSTOMER_CODE_INVALID',
      userMessage: '验证码不正确或已失效，请重新获取',
    });
  });

  test('an existing customer signs in with a code to the same account', async () => {
    const c = await buildCustomer(t.db, shop.id);
    await sendVerificationCode(ctx(), { identifier: c.phone!, purpose: 'sign_in' });
    const code = await readDevCode(t.runtime.env.DATA_DIR, c.phone!);
    const result = await signInWithCode(ctx(), { identifier: c.phone!, code });
    expect(result).toMatchObject({ created: false, customer: { id: c.id } });
  });

  test('an email code arrives by email and signs in', async () => {
    const email = `code-${Date.now()}@example.com`;
    await sendVerificationCode(ctx(), { identifier: email, purpose: 'register' });
    const [message] = await import('../messaging/dev-inbox.js').then((m) =>
      m.listDevInbox(t.runtime.env.DATA_DIR, { to: email }),
    );
    expect(message).toMatchObject({ channel: 'email', subject: '【星光卡铺】注册验证码' });
    const code = await readDevCode(t.runtime.env.DATA_DIR, email);
    const result = await signInWithCode(ctx(), { identifier: email, code, purpose: 'register' });
    expect(result).toMatchObject({ created: true, customer: { email } });
  });
});
