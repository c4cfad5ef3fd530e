import { beforeAll, describe, expect, test } from 'vitest';
import { listDevInbox } from '../messaging/dev-inbox.js';
import {
  buildCustomer,
  buildCustomerContext,
  buildTenant,
  readDevCode,
  signedIn,
  uniquePhone,
  useTestRuntime,
} from '../testing/index.js';
import { changeCustomerContact, sendContactChangeCode } from './change-contact.js';
import { confirmCustomerIdentity } from './confirm-customer.js';
import type { CustomerContext } from './customer-context.js';
import { getCustomerNotices } from './customer-notices.js';
import { signInCustomer } from './sign-in-customer.js';

const t = useTestRuntime();
let clock = Date.now();
let shop: { id: string; name: string };
const ctx = (): CustomerContext => ({
  ...buildCustomerContext(t.runtime, shop),
  now: () => clock,
});

beforeAll(async () => {
  shop = await buildTenant(t.db, { name: '星光卡铺' });
});

async function confirmedCustomer() {
  const c = await buildCustomer(t.db, shop.id);
  const { session } = signedIn(
    await signInCustomer(ctx(), { identifier: c.phone!, password: c.password! }),
  );
  const auth = { customerId: c.id, sessionId: session.id };
  return { c, auth };
}

const phoneOf = async (id: string) =>
  await t.owner
    .selectFrom('customers')
    .select(['phone', 'email'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('changing the phone or email', () => {
  test('is refused without a recent confirmation, and no code goes out', async () => {
    const { auth } = await confirmedCustomer();
    const next = uniquePhone();
    await expect(
      sendContactChangeCode(ctx(), auth, { kind: 'phone', value: next }),
    ).rejects.toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      userMessage: expect.stringContaining('更换手机号是敏感操作'),
    });
    expect(await listDevInbox(t.runtime.env.DATA_DIR, { to: next })).toEqual([]);
  });

  test('verifies the new phone with a code sent to it, then switches; both numbers are told', async () => {
    const { c, auth } = await confirmedCustomer();
    await confirmCustomerIdentity(ctx(), auth, { method: 'password', password: c.password! });
    const next = uniquePhone();
    const sent = await sendContactChangeCode(ctx(), auth, { kind: 'phone', value: next });
    expect(sent).toMatchObject({
      channel: 'sms',
      sentTo: `${next.slice(0, 3)}****${next.slice(7)}`,
    });
    const code = await readDevCode(t.runtime.env.DATA_DIR, next);
    expect((await listDevInbox(t.runtime.env.DATA_DIR, { to: next }))[0]?.text).toContain(
      '绑定新的手机号或邮箱',
    );
    await expect(
      changeCustomerContact(ctx(), auth, { kind: 'phone', value: next, code: '000000' }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_CODE_INVALID' });
    expect((await phoneOf(c.id)).phone).toBe(c.phone);

    const result = await changeCustomerContact(ctx(), auth, { kind: 'phone', value: next, code });
    expect(result).toEqual({ kind: 'phone', masked: `${next.slice(0, 3)}****${next.slice(7)}` });
    expect((await phoneOf(c.id)).phone).toBe(next);
    // The new number signs in; the old one no longer does.
    await expect(
      signInCustomer(ctx(), { identifier: next, password: c.password! }),
    ).resolves.toMatchObject({ customer: { id: c.id } });
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: c.password! }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
    const oldSms = await listDevInbox(t.runtime.env.DATA_DIR, { to: c.phone! });
    expect(oldSms[0]?.text).toContain('绑定手机号已更换');
    const newSms = await listDevInbox(t.runtime.env.DATA_DIR, { to: next });
    expect(newSms[0]?.text).toContain('绑定手机号已更换');
    const notices = await getCustomerNotices(ctx(), auth);
    expect(notices.items[0]).toMatchObject({ kind: 'phone_changed' });
    expect(notices.items[0]!.body).toContain(`（原 ${c.phone!.slice(0, 3)}****`);
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select('data')
      .where('actor_id', '=', c.id)
      .where('action', '=', 'customer.contact_changed')
      .executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ kind: 'phone' });
  });

  test('refuses an address another customer of the shop uses, and the one it already has', async () => {
    const { c, auth } = await confirmedCustomer();
    const other = await buildCustomer(t.db, shop.id, {
      phone: uniquePhone(),
      email: `taken-${Date.now()}@example.com`,
    });
    await confirmCustomerIdentity(ctx(), auth, { method: 'password', password: c.password! });
    await expect(
      sendContactChangeCode(ctx(), auth, { kind: 'email', value: other.email!.toUpperCase() }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_CONTACT_TAKEN',
      status: 409,
      userMessage: '这个邮箱已被本店的其他账号使用，请换一个',
    });
    await expect(
      sendContactChangeCode(ctx(), auth, { kind: 'phone', value: c.phone! }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_CONTACT_UNCHANGED' });
    await expect(
      sendContactChangeCode(ctx(), auth, { kind: 'phone', value: '12345' }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_INPUT', status: 422 });

    // Adding an email the account did not have works the same way.
    const email = `mine-${Date.now()}@example.com`;
    await sendContactChangeCode(ctx(), auth, { kind: 'email', value: email });
    const code = await readDevCode(t.runtime.env.DATA_DIR, email);
    await changeCustomerContact(ctx(), auth, { kind: 'email', value: email, code });
    expect(await phoneOf(c.id)).toEqual({ phone: c.phone, email });
  });

  test('a confirmation that ran out between the code and the switch stops the switch', async () => {
    const { c, auth } = await confirmedCustomer();
    await confirmCustomerIdentity(ctx(), auth, { method: 'password', password: c.password! });
    const next = uniquePhone();
    await sendContactChangeCode(ctx(), auth, { kind: 'phone', value: next });
    const code = await readDevCode(t.runtime.env.DATA_DIR, next);
    clock += 5 * 60_000;
    await expect(
      changeCustomerContact(ctx(), auth, { kind: 'phone', value: next, code }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect((await phoneOf(c.id)).phone).toBe(c.phone);
  });
});
