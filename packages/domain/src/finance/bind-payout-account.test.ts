import { withSupplier, withTenant } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import type { StaffAuth } from '../identity/staff-auth-context.js';
import { confirmStaffIdentity } from '../identity/staff-confirmation.js';
import { signInStaff } from '../identity/sign-in-staff.js';
import { validateStaffSession } from '../identity/staff-sessions.js';
import { listDevInbox } from '../messaging/dev-inbox.js';
import {
  buildPrivateSupplier,
  buildStaff,
  buildStaffContext,
  buildSupplier,
  buildTenant,
  staffSignedIn,
  TEST_PASSWORD,
  useTestRuntime,
} from '../testing/index.js';
import {
  bindPayoutAccount,
  financeContext,
  inFinanceScope,
  payoutAccountOwnerContext,
  type FinanceArea,
} from './bind-payout-account.js';
import { passesLuhn } from './finance.schemas.js';
import { getFinanceOverview } from './get-finance-overview.js';
import { openPayoutAccount } from './open-payout-account.js';
import { payoutAccountSealer } from './payout-account-keys.js';

const t = useTestRuntime();
const CARD = '6225880212345673';
const ctx = () => financeContext(buildStaffContext(t.runtime), t.runtime.env.APP_SECRET);

async function signedIn(overrides: Parameters<typeof buildStaff>[1]) {
  const staff = await buildStaff(t.db, overrides);
  const { token } = staffSignedIn(
    await signInStaff(buildStaffContext(t.runtime), {
      email: staff.email,
      password: TEST_PASSWORD,
    }),
  );
  const session = (await validateStaffSession(t.db, token))!.session;
  const auth: StaffAuth = { userId: staff.id, sessionId: session.id };
  return { staff, auth };
}

async function confirmed(overrides: Parameters<typeof buildStaff>[1]) {
  const member = await signedIn(overrides);
  await confirmStaffIdentity(buildStaffContext(t.runtime), member.auth, {
    method: 'password',
    password: TEST_PASSWORD,
  });
  return member;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isDomainError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function inbox(email: string) {
  return (await listDevInbox(t.runtime.env.DATA_DIR, { to: email })).filter(
    (m) => m.channel === 'email',
  );
}

describe('binding a shop payout account', () => {
  let shop: { id: string; name: string };
  let area: FinanceArea;
  beforeAll(async () => {
    const tenant = await buildTenant(t.db, { name: '星光卡铺' });
    shop = { id: tenant.id, name: '星光卡铺' };
    area = { kind: 'shop', tenantId: tenant.id, name: shop.name };
  });
  const bankCard = {
    kind: 'bank_card',
    bankName: '招商银行',
    branch: '深圳科技园支行',
    holderName: '张三',
    cardNumber: '6225 8802 1234 5673',
  };

  test('without a recent confirmation it is refused and changes nothing', async () => {
    const { auth } = await signedIn({ tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
    const error = await refusal(bindPayoutAccount(ctx(), auth, area, bankCard));
    expect(error).toMatchObject({ code: 'CONFIRMATION_REQUIRED', status: 403 });
    expect(error.userMessage).toContain('绑定或更换收款账户是敏感操作，需要先验证身份');
    const rows = await t.owner
      .selectFrom('shop_payout_accounts')
      .selectAll()
      .where('tenant_id', '=', shop.id)
      .execute();
    expect(rows).toEqual([]);
    const notices = await t.owner
      .selectFrom('staff_notices')
      .select('id')
      .where('kind', '=', 'payout_account_changed')
      .where('user_id', '=', auth.userId)
      .execute();
    expect(notices).toEqual([]);
  });

  test('once confirmed it is stored sealed, shown masked, audited, and owners and finance are told', async () => {
    const owner = await confirmed({ tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
    const finance = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.id, role: 'finance' }],
    });
    const manager = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.id, role: 'manager' }],
    });
    const support = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.id, role: 'support' }],
    });

    const view = await bindPayoutAccount(ctx(), owner.auth, area, bankCard);
    expect(view).toMatchObject({
      kind: 'bank_card',
      bankName: '招商银行',
      accountHint: '**** 5673',
      holderHint: '*三',
    });

    // At rest: no card number and no name in the row, in any encoding; the sealed bytes open
    // back to the card for this shop only.
    const row = await t.owner
      .selectFrom('shop_payout_accounts')
      .selectAll()
      .where('tenant_id', '=', shop.id)
      .executeTakeFirstOrThrow();
    const raw = Buffer.from(row.sealed);
    expect(raw.includes(Buffer.from(CARD))).toBe(false);
    expect(raw.includes(Buffer.from('张三'))).toBe(false);
    expect(JSON.stringify({ ...row, sealed: raw.toString('hex') })).not.toContain(CARD);
    expect(row).toMatchObject({
      account_hint: '**** 5673',
      holder_hint: '*三',
      updated_by: owner.staff.id,
    });
    const opened = await withTenant(t.db, shop.id, (trx) =>
      openPayoutAccount(trx, payoutAccountSealer(t.runtime.env.APP_SECRET), area),
    );
    expect(opened).toEqual({
      kind: 'bank_card',
      bankName: '招商银行',
      branch: '深圳科技园支行',
      holderName: '张三',
      cardNumber: CARD,
    });
    const sealer = payoutAccountSealer(t.runtime.env.APP_SECRET);
    expect(sealer.open(row.sealed, payoutAccountOwnerContext(area))).not.toBeNull();
    expect(sealer.open(row.sealed, 'shop:00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(payoutAccountSealer('another-secret-'.padEnd(40, 'y')).open(row.sealed, 'x')).toBeNull();

    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'actor_id', 'data'])
      .where('tenant_id', '=', shop.id)
      .where('action', 'like', 'finance.%')
      .execute();
    expect(audit).toEqual([
      {
        action: 'finance.payout_account_bound',
        actor_id: owner.staff.id,
        data: { before: null, after: '招商银行 银行卡 **** 5673（*三）' },
      },
    ]);

    // In-site: the owner and the finance member, not the manager or support.
    const notices = await t.owner
      .selectFrom('staff_notices')
      .select(['user_id', 'title', 'body'])
      .where('kind', '=', 'payout_account_changed')
      .where('user_id', 'in', [owner.staff.id, finance.id, manager.id, support.id])
      .execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual([owner.staff.id, finance.id].sort());
    for (const n of notices) {
      expect(n.title).toBe('收款账户已变更');
      expect(n.body).toContain('为店铺「星光卡铺」绑定了收款账户 招商银行 银行卡 **** 5673（*三）');
      expect(n.body).toContain('操作 IP：198.51.100.7');
      expect(n.body).not.toContain(CARD);
    }
    // And by mail, after the commit.
    for (const email of [owner.staff.email, finance.email]) {
      const mail = await inbox(email);
      expect(mail.map((m) => m.subject)).toContain('【卡盟云】账号安全提醒：收款账户已变更');
      expect(mail.map((m) => m.text).join()).not.toContain(CARD);
    }
    expect(await inbox(manager.email)).toEqual([]);
    expect(await inbox(support.email)).toEqual([]);

    // Changing it: the audit keeps the old and the new hints.
    await bindPayoutAccount(ctx(), owner.auth, area, {
      kind: 'alipay',
      account: '13812348000',
      realName: '李四',
    });
    const change = await t.owner
      .selectFrom('tenant_audit_log')
      .select('data')
      .where('tenant_id', '=', shop.id)
      .where('action', '=', 'finance.payout_account_changed')
      .executeTakeFirstOrThrow();
    expect(change.data).toEqual({
      before: '招商银行 银行卡 **** 5673（*三）',
      after: '支付宝 138****8000（*四）',
    });
    const overview = await withTenant(t.db, shop.id, (trx) => getFinanceOverview(trx, area));
    expect(overview.payoutAccount).toMatchObject({
      kind: 'alipay',
      bankName: null,
      accountHint: '138****8000',
      holderHint: '*四',
    });
    const latest = await t.owner
      .selectFrom('staff_notices')
      .select('body')
      .where('user_id', '=', finance.id)
      .where('kind', '=', 'payout_account_changed')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest.body).toContain(
      '从 招商银行 银行卡 **** 5673（*三） 改为 支付宝 138****8000（*四）',
    );
  });

  test('a card number that fails the Luhn check is refused by name and changes nothing', async () => {
    const owner = await confirmed({ tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
    const before = await t.owner
      .selectFrom('shop_payout_accounts')
      .select('account_hint')
      .where('tenant_id', '=', shop.id)
      .executeTakeFirst();
    expect(passesLuhn('6225880212345674')).toBe(false);
    const error = await refusal(
      bindPayoutAccount(ctx(), owner.auth, area, { ...bankCard, cardNumber: '6225880212345674' }),
    );
    expect(error).toMatchObject({ code: 'FINANCE_INVALID_INPUT', status: 422 });
    expect(error.details?.fieldErrors).toEqual({
      cardNumber: '银行卡号校验不通过，请逐位核对（可能输错或漏了一位）',
    });
    const short = await refusal(
      bindPayoutAccount(ctx(), owner.auth, area, {
        kind: 'alipay',
        account: '1381234',
        realName: '李',
      }),
    );
    expect(short.details?.fieldErrors).toEqual({
      account: '支付宝账号应为 11 位手机号或邮箱地址',
      realName: '请填写支付宝实名认证的姓名（至少 2 个字）',
    });
    const after = await t.owner
      .selectFrom('shop_payout_accounts')
      .select('account_hint')
      .where('tenant_id', '=', shop.id)
      .executeTakeFirst();
    expect(after).toEqual(before);
  });

  test('a manager or support member (no finance.withdraw) is refused even when confirmed', async () => {
    for (const role of ['manager', 'support'] as const) {
      const member = await confirmed({ tenantRoles: [{ tenantId: shop.id, role }] });
      const error = await refusal(bindPayoutAccount(ctx(), member.auth, area, bankCard));
      expect(error).toMatchObject({ code: 'PERMISSION_DENIED', status: 403 });
      expect(error.userMessage).toContain('申请提现');
    }
    const stranger = await confirmed({});
    expect(await refusal(bindPayoutAccount(ctx(), stranger.auth, area, bankCard))).toMatchObject({
      code: 'FINANCE_NOT_A_MEMBER',
      status: 403,
    });
  });
});

describe('binding a supplier payout account', () => {
  test('its finance member binds it in the supplier scope; no other supplier can read it', async () => {
    const supplier = await buildSupplier(t.db, { name: '云端货源' });
    const other = await buildSupplier(t.db);
    const owner = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.id, role: 'owner' }],
    });
    const finance = await confirmed({
      supplierRoles: [{ supplierId: supplier.id, role: 'finance' }],
    });
    const area: FinanceArea = {
      kind: 'supplier',
      supplierId: supplier.id,
      ownerTenantId: null,
      name: '云端货源',
    };
    await bindPayoutAccount(ctx(), finance.auth, area, {
      kind: 'alipay',
      account: 'Pay@Example.com',
      realName: 'Zhang San',
    });
    const seen = await inFinanceScope(t.db, area, (trx) => getFinanceOverview(trx, area));
    expect(seen.payoutAccount).toMatchObject({
      kind: 'alipay',
      accountHint: 'p***@example.com',
      holderHint: 'Z*****',
    });
    const foreign = await withSupplier(t.db, { id: other.id }, (trx) =>
      trx.selectFrom('supplier_payout_accounts').select('supplier_id').execute(),
    );
    expect(foreign).toEqual([]);
    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'finance.payout_account_bound')
      .where('actor_id', '=', finance.staff.id)
      .executeTakeFirstOrThrow();
    expect(audit.data).toEqual({
      supplierId: supplier.id,
      before: null,
      after: '支付宝 p***@example.com（Z*****）',
    });
    const told = await t.owner
      .selectFrom('staff_notices')
      .select('user_id')
      .where('kind', '=', 'payout_account_changed')
      .where('user_id', 'in', [owner.id, finance.staff.id])
      .execute();
    expect(told).toHaveLength(2);
  });

  test("a shop's private supplier is run by the shop's owner, and the shop's finance members are told", async () => {
    const tenant = await buildTenant(t.db, { name: '自营小店' });
    const privateSupplier = await buildPrivateSupplier(t.db, tenant.id);
    const owner = await confirmed({ tenantRoles: [{ tenantId: tenant.id, role: 'owner' }] });
    const finance = await confirmed({ tenantRoles: [{ tenantId: tenant.id, role: 'finance' }] });
    const area: FinanceArea = {
      kind: 'supplier',
      supplierId: privateSupplier.id,
      ownerTenantId: tenant.id,
      name: '自营货源',
    };
    await bindPayoutAccount(ctx(), owner.auth, area, icbcCard());
    const told = await t.owner
      .selectFrom('staff_notices')
      .select('user_id')
      .where('kind', '=', 'payout_account_changed')
      .where('user_id', 'in', [owner.staff.id, finance.staff.id])
      .execute();
    expect(told).toHaveLength(2);
    // The shop's finance member does not run the private supplier (only owners and managers do).
    expect(await refusal(bindPayoutAccount(ctx(), finance.auth, area, icbcCard()))).toMatchObject({
      code: 'FINANCE_NOT_A_MEMBER',
    });
  });
});

function icbcCard() {
  return {
    kind: 'bank_card',
    bankName: '中国工商银行',
    holderName: '王五',
    cardNumber: '6217000000001236',
  };
}
