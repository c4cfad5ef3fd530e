import { beforeAll, describe, expect, test } from 'vitest';
import {
  createTestGateway,
  handlePaymentNotification,
  listDevInbox,
  paymentProviders,
  startPayment,
  withTenant,
} from '@cardshop/domain';
import {
  buildOrder,
  buildShopSku,
  buildStaff,
  buildTenant,
  TEST_PASSWORD,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let shop: ShopSku;
let slug: string;
let supplierSlug: string;
let orderNumber: string;
const people = {} as Record<
  'owner' | 'finance' | 'manager' | 'support' | 'supplierOwner',
  { id: string; email: string; cookie: string }
>;
const CARD = '6225880212345673';

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const tenant = await buildTenant(t.db, { name: '星光卡铺' });
  slug = tenant.slug;
  shop = await buildShopSku(t.db, {
    tenantId: tenant.id,
    vault: t.runtime.vault,
    codes: 3,
    priceFen: 2000,
    wholesaleFen: 1200,
  });
  supplierSlug = (await t.owner
    .selectFrom('suppliers')
    .select('slug')
    .where('id', '=', shop.supplier.id)
    .executeTakeFirstOrThrow())!.slug;
  for (const role of ['owner', 'finance', 'manager', 'support'] as const) {
    const staff = await buildStaff(t.db, { tenantRoles: [{ tenantId: tenant.id, role }] });
    people[role] = { id: staff.id, email: staff.email, cookie: await client.signIn(staff.email) };
  }
  const supplierOwner = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: shop.supplier.id, role: 'owner' }],
  });
  people.supplierOwner = {
    id: supplierOwner.id,
    email: supplierOwner.email,
    cookie: await client.signIn(supplierOwner.email),
  };

  const { order } = await buildOrder(t.db, shop);
  orderNumber = order.number;
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, tenant.id, (trx) =>
    startPayment(trx, t.runtime.payments, {
      tenantId: tenant.id,
      orderId: order.id,
      provider: 'test',
    }),
  );
  await handlePaymentNotification(
    t.db,
    { providers: paymentProviders(gateway), platformFeeBps: 0 },
    {
      provider: 'test',
      ...gateway.notification({ reference: payment.reference, amountFen: order.totalFen }),
    },
  );
});

const bankCard = {
  kind: 'bank_card',
  bankName: '招商银行',
  branch: '',
  holderName: '张三',
  cardNumber: '6225 8802 1234 5673',
};

async function page(path: string, cookie: string) {
  const res = await client.html(path, cookie);
  return { status: res.status, html: unescapeHtml(res.text) };
}

async function storedAccount() {
  return t.owner
    .selectFrom('shop_payout_accounts')
    .selectAll()
    .where('tenant_id', '=', shop.tenantId)
    .executeTakeFirst();
}

describe('the finance page', () => {
  test('shows what the platform owes the shop and its statement, to roles with finance.view', async () => {
    const { status, html } = await page(`/shop/${slug}/finance`, people.finance.cookie);
    expect(status).toBe(200);
    expect(html).toContain('收入与账单');
    expect(html).toContain('账户余额');
    expect(html).toMatch(/data-testid="finance-balance"[\s\S]*?¥8\.00/);
    expect(html).toContain('销售收入');
    expect(html).toContain(`订单 ${orderNumber}`);
    expect(html).toContain('+¥8.00');
    expect(html).toContain(`href="/shop/${slug}/finance"`);
    expect(html).toContain('还没有绑定收款账户');

    // The manager reads it but may not change the payout account.
    const manager = await page(`/shop/${slug}/finance`, people.manager.cookie);
    expect(manager.status).toBe(200);
    expect(manager.html).toContain('只有店主和财务成员可以更换收款账户');
    expect(manager.html).not.toContain('name="cardNumber"');

    // Support staff neither see the tab nor open the page.
    const support = await page(`/shop/${slug}/finance`, people.support.cookie);
    expect(support.status).toBe(403);
    expect(support.html).toContain('查看收入和账单');
    const overview = await page(`/shop/${slug}`, people.support.cookie);
    expect(overview.html).not.toContain(`href="/shop/${slug}/finance"`);
  });

  test("the supplier's page shows its payable: the wholesale of what sold", async () => {
    const { status, html } = await page(
      `/supplier/${supplierSlug}/finance`,
      people.supplierOwner.cookie,
    );
    expect(status).toBe(200);
    expect(html).toContain('货款与账单');
    expect(html).toMatch(/data-testid="finance-balance"[\s\S]*?¥12\.00/);
    expect(html).toContain('+¥12.00');
    expect(html).not.toContain(orderNumber);
  });
});

describe('binding the payout account', () => {
  test('a support or manager member without finance.withdraw is refused (403) and nothing is stored', async () => {
    for (const who of ['support', 'manager'] as const) {
      const res = await client.post(`/shop/${slug}/finance`, people[who].cookie, {
        ...bankCard,
        verifyMethod: 'password',
        verifyPassword: TEST_PASSWORD,
      });
      expect(res.status).toBe(403);
    }
    expect(await storedAccount()).toBeUndefined();
  });

  test('without a recent confirmation it is refused and the form asks for one; nothing is stored', async () => {
    const refused = await client.post(`/shop/${slug}/finance`, people.owner.cookie, bankCard);
    expect(refused.status).toBe(403);
    const html = unescapeHtml(await refused.text());
    expect(html).toContain('绑定或更换收款账户是敏感操作，需要先验证身份');
    expect(html).toContain('name="verifyPassword"');
    // What was typed is kept for the second try.
    expect(html).toContain('value="招商银行"');
    expect(await storedAccount()).toBeUndefined();

    const wrong = await client.post(`/shop/${slug}/finance`, people.owner.cookie, {
      ...bankCard,
      verifyMethod: 'password',
      verifyPassword: 'not-my-password',
    });
    expect(wrong.status).toBe(400);
    expect(unescapeHtml(await wrong.text())).toContain('密码不正确');
    expect(await storedAccount()).toBeUndefined();
  });

  test('a card number that fails the Luhn check is refused by name', async () => {
    const res = await client.post(`/shop/${slug}/finance`, people.owner.cookie, {
      ...bankCard,
      cardNumber: '6225 8802 1234 5674',
      verifyMethod: 'password',
      verifyPassword: TEST_PASSWORD,
    });
    expect(res.status).toBe(422);
    expect(unescapeHtml(await res.text())).toContain('银行卡号校验不通过，请逐位核对');
    expect(await storedAccount()).toBeUndefined();
  });

  test('confirmed in the form, it is stored sealed, shown masked, and owners and finance are told', async () => {
    const res = await client.post(`/shop/${slug}/finance`, people.owner.cookie, {
      ...bankCard,
      verifyMethod: 'password',
      verifyPassword: TEST_PASSWORD,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/shop/${slug}/finance?notice=bound`);

    const row = (await storedAccount())!;
    expect(row).toMatchObject({ kind: 'bank_card', account_hint: '**** 5673', holder_hint: '*三' });
    expect(Buffer.from(row.sealed).includes(Buffer.from(CARD))).toBe(false);
    expect(
      JSON.stringify({ ...row, sealed: Buffer.from(row.sealed).toString('hex') }),
    ).not.toContain(CARD);

    const { html } = await page(`/shop/${slug}/finance?notice=bound`, people.owner.cookie);
    expect(html).toContain('收款账户已保存');
    expect(html).toMatch(
      /data-testid="payout-account"[\s\S]*?招商银行 · 银行卡[\s\S]*?\*\*\*\* 5673/,
    );
    expect(html).not.toContain(CARD);

    for (const who of ['owner', 'finance'] as const) {
      const mail = (await listDevInbox(t.runtime.env.DATA_DIR, { to: people[who].email })).filter(
        (m) => m.channel === 'email',
      );
      expect(mail.map((m) => m.subject)).toContain('【卡盟云】账号安全提醒：收款账户已变更');
      const account = await page('/account', people[who].cookie);
      expect(account.html).toContain('收款账户已变更');
      expect(account.html).toContain(
        '为店铺「星光卡铺」绑定了收款账户 招商银行 银行卡 **** 5673（*三）',
      );
    }
    for (const who of ['manager', 'support'] as const) {
      expect(await listDevInbox(t.runtime.env.DATA_DIR, { to: people[who].email })).toEqual([]);
    }

    // Within the 5 minutes, a change goes straight through; the audit keeps both hints.
    const changed = await client.post(`/shop/${slug}/finance`, people.owner.cookie, {
      kind: 'alipay',
      account: '138 1234 8000',
      realName: '李四',
    });
    expect(changed.status).toBe(302);
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'data'])
      .where('tenant_id', '=', shop.tenantId)
      .where('action', 'like', 'finance.payout_account_%')
      .orderBy('occurred_at')
      .execute();
    expect(audit).toEqual([
      {
        action: 'finance.payout_account_bound',
        data: { before: null, after: '招商银行 银行卡 **** 5673（*三）' },
      },
      {
        action: 'finance.payout_account_changed',
        data: { before: '招商银行 银行卡 **** 5673（*三）', after: '支付宝 138****8000（*四）' },
      },
    ]);
  });
});
