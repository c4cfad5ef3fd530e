import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildCustomer,
  buildCustomerContext,
  buildTenant,
  CUSTOMER_PASSWORD,
  uniqueIp,
  uniquePhone,
  useTestRuntime,
} from '../testing/index.js';
import { signInCustomer } from './sign-in-customer.js';

const t = useTestRuntime();
let shop: { id: string; name: string };
const ctx = (ip = uniqueIp()) => buildCustomerContext(t.runtime, shop, { ip });
const LOCKED =
  /^登录失败次数过多，已暂时锁定。请 1 分钟后（北京时间 \d\d:\d\d 之后）再试，或使用验证码登录、找回密码。$/;

beforeAll(async () => {
  shop = await buildTenant(t.db, { name: '星光卡铺' });
});

describe('sign-in lockout', () => {
  test('five wrong passwords lock the account, from any address, even for the right password', async () => {
    const c = await buildCustomer(t.db, shop.id);
    for (let i = 0; i < 4; i++) {
      await expect(
        signInCustomer(ctx(), { identifier: c.phone!, password: `wrong-${i}-guess` }),
      ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
    }
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: 'wrong-4-guess' }),
    ).rejects.toMatchObject({
      code: 'LOCKED_OUT',
      status: 429,
      userMessage: expect.stringMatching(LOCKED),
    });
    await expect(
      signInCustomer(ctx(), { identifier: c.phone!, password: CUSTOMER_PASSWORD }),
    ).rejects.toMatchObject({ code: 'LOCKED_OUT', userMessage: expect.stringMatching(LOCKED) });
    const events = await t.owner
      .selectFrom('tenant_audit_log')
      .select('action')
      .where('tenant_id', '=', shop.id)
      .where('action', '=', 'customer.locked_out')
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  test('an unknown account locks the same way (the lock tells nothing about existence)', async () => {
    const phone = uniquePhone();
    for (let i = 0; i < 4; i++) {
      await expect(
        signInCustomer(ctx(), { identifier: phone, password: `wrong-${i}-guess` }),
      ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
    }
    await expect(
      signInCustomer(ctx(), { identifier: phone, password: 'wrong-4-guess' }),
    ).rejects.toMatchObject({ code: 'LOCKED_OUT', userMessage: expect.stringMatching(LOCKED) });
  });

  test('ten failures from one address lock that address for every account, not other addresses', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 9; i++) {
      await expect(
        signInCustomer(ctx(ip), { identifier: uniquePhone(), password: 'spray-password-1' }),
      ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
    }
    await expect(
      signInCustomer(ctx(ip), { identifier: uniquePhone(), password: 'spray-password-1' }),
    ).rejects.toMatchObject({ code: 'LOCKED_OUT' });
    const victim = await buildCustomer(t.db, shop.id);
    await expect(
      signInCustomer(ctx(ip), { identifier: victim.phone!, password: CUSTOMER_PASSWORD }),
    ).rejects.toMatchObject({ code: 'LOCKED_OUT', userMessage: expect.stringMatching(LOCKED) });
    await expect(
      signInCustomer(ctx(), { identifier: victim.phone!, password: CUSTOMER_PASSWORD }),
    ).resolves.toMatchObject({ customer: { id: victim.id } });
  });

  test('a successful sign-in clears the account’s failure count', async () => {
    const c = await buildCustomer(t.db, shop.id);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        await expect(
          signInCustomer(ctx(), { identifier: c.phone!, password: `wrong-${i}-guess` }),
        ).rejects.toMatchObject({ code: 'CUSTOMER_INVALID_CREDENTIALS' });
      }
      await expect(
        signInCustomer(ctx(), { identifier: c.phone!, password: CUSTOMER_PASSWORD }),
      ).resolves.toBeTruthy();
    }
  });
});
