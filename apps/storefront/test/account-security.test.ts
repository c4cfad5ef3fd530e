import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { beforeAll, describe, expect, test } from 'vitest';
import { totpCodeAt } from '@cardshop/domain';
import {
  buildCustomer,
  buildTenant,
  CUSTOMER_PASSWORD,
  readDevCode,
  uniqueIp,
  uniquePhone,
  useTestRuntime,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

const t = useTestRuntime({ TRUST_PROXY: 'true' });
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shop: { id: string; slug: string; name: string };

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shop = await buildTenant(t.db, { name: '星光卡铺' });
});

/** A browser on a phone: its own address and cookie jar. */
function browser() {
  const host = `${shop.slug}.localhost:3000`;
  const ip = uniqueIp();
  const jar = new Map<string, string>();
  const headers = (extra: Record<string, string> = {}) => ({
    host,
    'x-forwarded-for': ip,
    'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148',
    ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
    ...extra,
  });
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    return res;
  };
  return {
    jar,
    async get(path: string) {
      return keep(
        await app.request(`http://${host}${path}`, { headers: headers(), redirect: 'manual' }),
      );
    },
    async post(path: string, form: Record<string, string>) {
      return keep(
        await app.request(`http://${host}${path}`, {
          method: 'POST',
          headers: headers({
            origin: `http://${host}`,
            'content-type': 'application/x-www-form-urlencoded',
          }),
          body: new URLSearchParams(form).toString(),
          redirect: 'manual',
        }),
      );
    },
  };
}

const text = async (res: Response) =>
  (await res.text())
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

async function signedIn(c = browser(), phone?: string) {
  const customer = await buildCustomer(t.db, shop.id, phone ? { phone } : {});
  const res = await c.post('/login', {
    intent: 'password',
    identifier: customer.phone!,
    password: CUSTOMER_PASSWORD,
  });
  expect(res.status).toBe(302);
  return { c, customer };
}

describe('storefront two-step verification', () => {
  test('a customer turns it on; then signing in asks for the authenticator before any session', async () => {
    const { c, customer } = await signedIn();
    const setup = await c.get('/account/two-factor');
    expect(setup.status).toBe(200);
    const html = await text(setup);
    expect(html).toContain('第 1 步：在手机上打开验证器 App');
    expect(html).toContain('<svg');
    const key = /([A-Z2-7]{4}(?: [A-Z2-7]{4}){7})/.exec(html)![1]!;
    const secret = decodeBase32IgnorePadding(key.replace(/ /g, ''));
    // Enrolled with the code of a minute ago, so the sign-in below uses a fresh one.
    const enabled = await c.post('/account/two-factor', {
      code: totpCodeAt(secret, Date.now() - 30_000),
    });
    expect(enabled.status).toBe(200);
    const codes = (await text(enabled)).match(
      /(?<=<li[^>]*>)[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}(?=<\/li>)/g,
    );
    expect(new Set(codes).size).toBe(10);

    const phone = browser();
    const first = await phone.post('/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
      remember: 'on',
      redirectTo: '/account/orders',
    });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/login/two-factor?redirectTo=%2Faccount%2Forders');
    expect(phone.jar.has('cs_customer')).toBe(false);
    expect(phone.jar.has('cs_customer_2fa')).toBe(true);
    expect((await phone.get('/account')).status).toBe(302);

    const page = await phone.get('/login/two-factor?redirectTo=%2Faccount%2Forders');
    expect(page.status).toBe(200);
    expect(await text(page)).toContain('输入当前显示的 6 位动态码');

    const wrong = await phone.post('/login/two-factor', { code: '000000', redirectTo: '/account' });
    expect(wrong.status).toBe(400);
    expect(await text(wrong)).toContain('验证码不正确或已使用过');
    expect(phone.jar.has('cs_customer')).toBe(false);

    const ok = await phone.post('/login/two-factor', {
      code: totpCodeAt(secret, Date.now()),
      redirectTo: '/account/orders',
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/account/orders');
    expect(ok.headers.getSetCookie().join()).toMatch(/cs_customer=[^;]+;.*Max-Age=2592000/);
    expect(phone.jar.has('cs_customer_2fa')).toBe(false);
    expect((await phone.get('/account/security')).status).toBe(200);
  });

  test('an SMS-code sign-in of an account with two-step verification asks for it too', async () => {
    const { c, customer } = await signedIn();
    const html = await text(await c.get('/account/two-factor'));
    const key = /([A-Z2-7]{4}(?: [A-Z2-7]{4}){7})/.exec(html)![1]!;
    const secret = decodeBase32IgnorePadding(key.replace(/ /g, ''));
    await c.post('/account/two-factor', { code: totpCodeAt(secret, Date.now() - 30_000) });

    const other = browser();
    await other.post('/login?tab=code', { intent: 'send-code', identifier: customer.phone! });
    const code = await readDevCode(t.runtime.env.DATA_DIR, customer.phone!);
    const res = await other.post('/login?tab=code', {
      intent: 'code',
      identifier: customer.phone!,
      code,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\/two-factor/);
    expect(other.jar.has('cs_customer')).toBe(false);
  });
});

describe('second confirmation in the shop', () => {
  test('a password change is refused without a recent confirmation, then goes through', async () => {
    const { c, customer } = await signedIn();
    const laptop = browser();
    await laptop.post('/login', {
      intent: 'password',
      identifier: customer.phone!,
      password: CUSTOMER_PASSWORD,
    });

    const refused = await c.post('/account/password', {
      intent: 'change',
      newPassword: 'brand-new-2026',
    });
    expect(refused.status).toBe(403);
    const body = await text(refused);
    expect(body).toContain('修改登录密码是敏感操作，需要先验证身份');
    expect(body).toContain('你即将修改登录密码');
    expect((await laptop.get('/account')).status).toBe(200);

    const confirmed = await c.post(
      '/account/confirm?action=change_password&redirectTo=%2Faccount%2Fpassword',
      { intent: 'confirm', verifyMethod: 'password', verifyPassword: CUSTOMER_PASSWORD },
    );
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get('location')).toBe('/account/password');

    const done = await c.post('/account/password', {
      intent: 'change',
      newPassword: 'brand-new-2026',
    });
    expect(done.status).toBe(200);
    expect(await text(done)).toContain('密码已修改，其他 1 台设备已退出登录');
    expect((await laptop.get('/account')).status).toBe(302);
    const overview = await text(await c.get('/account'));
    expect(overview).toContain('登录密码已修改');
  });

  test('changing the phone: confirm by SMS code, then a code to the new number, then the switch', async () => {
    const { c, customer } = await signedIn();
    const first = await c.get('/account/contact?kind=phone');
    expect(await text(first)).toContain('你即将更换手机号');
    const sent = await c.post('/account/contact?kind=phone', {
      intent: 'send-verify-code',
      verifyMethod: 'code',
    });
    expect(sent.status).toBe(200);
    const verify = await readDevCode(t.runtime.env.DATA_DIR, customer.phone!);
    const confirmed = await c.post('/account/contact?kind=phone', {
      intent: 'confirm',
      verifyMethod: 'code',
      verifyCode: verify,
    });
    expect(confirmed.status).toBe(302);

    const taken = await buildCustomer(t.db, shop.id);
    const refused = await c.post('/account/contact?kind=phone', {
      intent: 'send-code',
      value: taken.phone!,
    });
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain('这个手机号已被本店的其他账号使用，请换一个');

    const next = uniquePhone();
    const codeSent = await c.post('/account/contact?kind=phone', {
      intent: 'send-code',
      value: next,
    });
    expect(codeSent.status).toBe(200);
    const code = await readDevCode(t.runtime.env.DATA_DIR, next);
    const changed = await c.post('/account/contact?kind=phone', {
      intent: 'change',
      value: next,
      code,
    });
    expect(changed.status).toBe(302);
    expect(changed.headers.get('location')).toBe('/account/security?changed=phone');
    const security = await text(await c.get('/account/security?changed=phone'));
    expect(security).toContain('手机号已更换');
    expect(security).toContain(`${next.slice(0, 3)}****${next.slice(7)}`);
  });
});
