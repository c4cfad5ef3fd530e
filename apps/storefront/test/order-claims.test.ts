import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildCustomer,
  buildOrder,
  buildShopSku,
  buildTenant,
  CUSTOMER_PASSWORD,
  readDevCode,
  uniqueIp,
  uniquePhone,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

const t = useTestRuntime({ TRUST_PROXY: 'true' });
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shop: { id: string; slug: string; name: string };
let cards: ShopSku;

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shop = await buildTenant(t.db, { name: '认领测试店' });
  cards = await buildShopSku(t.db, { tenantId: shop.id, codes: 10, vault: t.runtime.vault });
});

const host = () => `${shop.slug}.localhost:3000`;
const ip = uniqueIp();
let cookie = '';

async function send(path: string, form?: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form ?? {})) {
    for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  }
  const res = await app.request(`http://${host()}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: {
      host: host(),
      'x-forwarded-for': ip,
      ...(cookie ? { cookie } : {}),
      ...(form
        ? { origin: `http://${host()}`, 'content-type': 'application/x-www-form-urlencoded' }
        : {}),
    },
    ...(form ? { body: body.toString() } : {}),
    redirect: 'manual',
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('cs_customer='));
  if (session) cookie = session.split(';')[0]!;
  return res;
}

describe('认领订单 on the account pages', () => {
  test('a customer proves the phone, sees the guest orders placed with it, claims them, and finds them in My orders', async () => {
    const phone = uniquePhone();
    const { order } = await buildOrder(t.db, cards, {
      customerId: null,
      contactPhone: phone,
      lookupPassword: 'lookup-2026',
    });
    await buildCustomer(t.db, shop.id, { phone });
    expect(
      (await send('/login', { intent: 'password', identifier: phone, password: CUSTOMER_PASSWORD }))
        .status,
    ).toBe(302);

    let page = await (await send('/account/claim')).text();
    expect(page).toContain('认领订单');
    expect(page).toContain('获取验证码验证这个手机号');
    expect(page).not.toContain(order.number);

    const sent = await send('/account/claim', { intent: 'send-code', kind: 'phone' });
    expect(await sent.text()).toContain(`验证码已发送到 ${phone.slice(0, 3)}****${phone.slice(7)}`);
    const wrong = await send('/account/claim', { intent: 'verify', kind: 'phone', code: '000000' });
    expect(wrong.status).toBe(400);
    const verified = await send('/account/claim', {
      intent: 'verify',
      kind: 'phone',
      code: await readDevCode(t.runtime.env.DATA_DIR, phone),
    });
    expect(verified.status).toBe(200);

    page = await (await send('/account/claim')).text();
    expect(page).toContain('本次登录已验证');
    expect(page).toContain(order.number);

    const claimed = await send('/account/claim', { intent: 'claim', orderId: [order.id] });
    expect(claimed.status).toBe(200);
    expect(await claimed.text()).toContain('已认领 1 笔订单');
    expect(await (await send('/account/orders')).text()).toContain(order.number);
    expect(await (await send('/account/claim')).text()).toContain(
      '没有找到用已验证的手机号或邮箱下',
    );
  });
});
