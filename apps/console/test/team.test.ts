import { beforeAll, describe, expect, test } from 'vitest';
import { listDevInbox } from '@cardshop/domain';
import {
  buildCategory,
  buildStaff,
  buildSupplier,
  buildTenant,
  useTestRuntime,
} from '@cardshop/domain/testing';
import { consoleClient, ORIGIN, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let shop: { id: string; slug: string };
let base: string;
let owner: { id: string; email: string };
let ownerCookie: string;
let supportCookie: string;
let strangerCookie: string;
let strangerBase: string;
let support: { id: string; email: string };

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const tenant = await buildTenant(t.db, { name: '小明的卡店' });
  shop = { id: tenant.id, slug: tenant.slug };
  base = `/shop/${shop.slug}`;
  owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
  support = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'support' }] });
  const other = await buildTenant(t.db, { name: '隔壁的店' });
  strangerBase = `/shop/${other.slug}`;
  const stranger = await buildStaff(t.db, { tenantRoles: [{ tenantId: other.id, role: 'owner' }] });
  ownerCookie = await client.signIn(owner.email);
  supportCookie = await client.signIn(support.email);
  strangerCookie = await client.signIn(stranger.email);
});

async function roleIn(tenantId: string, userId: string) {
  const row = await t.owner
    .selectFrom('tenant_memberships')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

async function invitationLink(email: string): Promise<string> {
  const [mail] = await listDevInbox(t.runtime.env.DATA_DIR, { to: email, limit: 1 });
  expect(mail, `no email to ${email}`).toBeDefined();
  const match = /https?:\/\/\S+\/invitations\/\S+/.exec(mail!.text);
  expect(match).not.toBeNull();
  return match![0];
}

describe('permissions are checked on the server', () => {
  test('support staff get 403 with the reason on a settings change, and cannot open the team page', async () => {
    const before = await t.owner
      .selectFrom('tenants')
      .select('stock_display')
      .where('id', '=', shop.id)
      .executeTakeFirstOrThrow();
    const res = await client.post(`${base}/settings`, supportCookie, {
      stockDisplay: before.stock_display === 'exact' ? 'status' : 'exact',
    });
    expect(res.status).toBe(403);
    expect(unescapeHtml(await res.text())).toContain(
      '你的角色只能查看，不能修改：客服没有「修改店铺设置」权限。需要修改请联系店主或管理员。',
    );
    const after = await t.owner
      .selectFrom('tenants')
      .select('stock_display')
      .where('id', '=', shop.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);

    const team = await client.html(`${base}/team`, supportCookie);
    expect(team.status).toBe(403);
    expect(unescapeHtml(team.text)).toContain(
      '你的角色（客服）没有「管理团队成员和邀请」权限，不能打开这个页面。',
    );
    const invite = await client.post(`${base}/team`, supportCookie, {
      intent: 'invite',
      email: 'friend@example.com',
      role: 'support',
    });
    expect(invite.status).toBe(403);
    expect(await t.owner.selectFrom('tenant_invitations').select('id').execute()).toEqual([]);
  });

  test('the navigation shows each role only what it may use', async () => {
    const asOwner = (await client.html(base, ownerCookie)).text;
    const asSupport = (await client.html(base, supportCookie)).text;
    expect(asOwner).toContain(`href="${base}/team"`);
    expect(asOwner).toContain(`href="${base}/settings"`);
    expect(asSupport).not.toContain(`href="${base}/team"`);
    expect(asSupport).toContain(`href="${base}/orders"`);
  });

  test('finance staff of a supplier cannot create or edit products', async () => {
    const supplier = await buildSupplier(t.db, { name: '供货甲' });
    const category = await buildCategory(t.db, { name: '游戏点卡' });
    const finance = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.id, role: 'finance' }],
    });
    const cookie = await client.signIn(finance.email);
    const sbase = `/supplier/${supplier.slug}`;
    const fields = {
      intent: 'save',
      type: 'card_code',
      categoryId: category.id,
      name: '财务做的商品',
      descriptionMd: '',
      regionLock: '',
      status: 'active',
    };
    const created = await client.postMultipart(`${sbase}/products/new`, cookie, fields);
    expect(created.status).toBe(403);
    expect(unescapeHtml(await created.text())).toContain('财务没有「创建和修改商品、规格」权限');
    const products = await t.owner
      .selectFrom('products')
      .select('id')
      .where('supplier_id', '=', supplier.id)
      .execute();
    expect(products).toEqual([]);
    // Reading is allowed; the edit page offers no form.
    expect((await client.html(`${sbase}/products`, cookie)).status).toBe(200);
    const nav = (await client.html(sbase, cookie)).text;
    expect(nav).not.toContain(`href="${sbase}/team"`);
  });
});

describe('inviting by email', () => {
  test('the invitation arrives in the dev inbox and its link makes a working account with the role', async () => {
    const sent = await client.post(`${base}/team`, ownerCookie, {
      intent: 'invite',
      email: 'wang.hong@example.com',
      role: 'manager',
    });
    expect(sent.status).toBe(302);
    expect(sent.headers.get('location')).toBe(
      `${base}/team?notice=invited&email=wang.hong%40example.com`,
    );
    const page = unescapeHtml(
      (await client.html(`${base}/team?notice=invited&email=wang.hong%40example.com`, ownerCookie))
        .text,
    );
    expect(page).toContain('邀请已发送到 wang.hong@example.com。');
    expect(page).toContain('待接受的邀请（1）');

    const link = await invitationLink('wang.hong@example.com');
    expect(link.startsWith(`${t.runtime.env.CONSOLE_ORIGIN}/invitations/`)).toBe(true);
    const path = link.slice(link.indexOf('/invitations/'));
    const open = await client.request(path);
    expect(open.status).toBe(200);
    // The token never leaves in a Referer to another site (the console's policy for every page).
    expect(open.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const openText = unescapeHtml(await open.text());
    expect(openText).toContain('邀请你加入店铺「小明的卡店」');
    expect(openText).toContain('你的角色：管理员');
    expect(openText).toContain('创建账号并加入');

    const mismatch = await client.post(path, '', {
      intent: 'new',
      displayName: '王红',
      password: 'a-long-password-1',
      confirmPassword: 'a-long-password-2',
    });
    expect(mismatch.status).toBe(422);
    expect(unescapeHtml(await mismatch.text())).toContain('两次输入的密码不一致');

    const accepted = await client.post(path, '', {
      intent: 'new',
      displayName: '王红',
      password: 'a-long-password-1',
      confirmPassword: 'a-long-password-1',
    });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe(base);
    const cookie = /cs_staff=[^;]+/.exec(accepted.headers.get('set-cookie') ?? '')?.[0];
    expect(cookie).toBeDefined();

    const user = await t.owner
      .selectFrom('staff_users')
      .select(['id', 'display_name'])
      .where('email', '=', 'wang.hong@example.com')
      .executeTakeFirstOrThrow();
    expect(user.display_name).toBe('王红');
    expect(await roleIn(shop.id, user.id)).toBe('manager');
    // The new account works: the shop opens, and a manager may change its settings.
    expect((await client.html(base, cookie!)).status).toBe(200);
    const saved = await client.post(`${base}/settings`, cookie!, { stockDisplay: 'range' });
    expect(saved.status).toBe(302);
    // It signs in with its password too.
    const signIn = await client.request('/login', {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: new URLSearchParams({
        email: 'wang.hong@example.com',
        password: 'a-long-password-1',
        redirectTo: '/',
      }),
    });
    expect(signIn.status).toBe(302);

    // The link was good for one use.
    const again = await client.request(path);
    expect(again.status).toBe(410);
    expect(unescapeHtml(await again.text())).toContain('邀请已被接受');
    const reuse = await client.post(path, '', {
      intent: 'new',
      displayName: '冒名',
      password: 'another-password-1',
      confirmPassword: 'another-password-1',
    });
    expect(reuse.status).toBe(410);
    expect(unescapeHtml(await reuse.text())).toContain('邀请链接只能使用一次');
  });

  test('a revoked or forged link opens nothing', async () => {
    await client.post(`${base}/team`, ownerCookie, {
      intent: 'invite',
      email: 'li.ming@example.com',
      role: 'support',
    });
    const path = (await invitationLink('li.ming@example.com')).replace(/^https?:\/\/[^/]+/, '');
    const invitation = await t.owner
      .selectFrom('tenant_invitations')
      .select('id')
      .where('email', '=', 'li.ming@example.com')
      .executeTakeFirstOrThrow();
    const revoked = await client.post(`${base}/team`, ownerCookie, {
      intent: 'revoke',
      invitationId: invitation.id,
    });
    expect(revoked.status).toBe(302);
    const res = await client.request(path);
    expect(res.status).toBe(410);
    expect(unescapeHtml(await res.text())).toContain('邀请已撤销');
    const forged = await client.request(`${path.slice(0, -1)}${path.endsWith('a') ? 'b' : 'a'}`);
    expect(forged.status).toBe(404);
    expect(unescapeHtml(await forged.text())).toContain('邀请链接无效');
  });

  test('an existing console account accepts with its password and keeps its other teams', async () => {
    const supplier = await buildSupplier(t.db);
    const person = await buildStaff(t.db, {
      email: 'zhao.lei@example.com',
      supplierRoles: [{ supplierId: supplier.id, role: 'owner' }],
    });
    await client.post(`${base}/team`, ownerCookie, {
      intent: 'invite',
      email: 'zhao.lei@example.com',
      role: 'finance',
    });
    const path = (await invitationLink('zhao.lei@example.com')).replace(/^https?:\/\/[^/]+/, '');
    expect(unescapeHtml(await (await client.request(path)).text())).toContain(
      'zhao.lei@example.com 已有控制台账号',
    );
    const wrong = await client.post(path, '', { intent: 'password', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unescapeHtml(await wrong.text())).toContain('邮箱或密码不正确');
    const ok = await client.post(path, '', {
      intent: 'password',
      password: 'correct-horse-battery',
    });
    expect(ok.status).toBe(302);
    expect(await roleIn(shop.id, person.id)).toBe('finance');
    const cookie = /cs_staff=[^;]+/.exec(ok.headers.get('set-cookie') ?? '')![0];
    const home = unescapeHtml((await client.html(base, cookie)).text);
    expect(home).toContain(`/supplier/${supplier.slug}`); // the area switcher has both
  });
});

describe('changing the team', () => {
  test('nobody grants a role above their own, and the last owner keeps the role', async () => {
    const manager = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.id, role: 'manager' }],
    });
    const managerCookie = await client.signIn(manager.email);
    const promote = await client.post(`${base}/team`, managerCookie, {
      intent: 'role',
      userId: support.id,
      role: 'owner',
    });
    expect(promote.status).toBe(403);
    expect(unescapeHtml(await promote.text())).toContain(
      '管理员不能授予「店主」角色：它有你没有的权限。',
    );
    const demoteOwner = await client.post(`${base}/team`, managerCookie, {
      intent: 'remove',
      userId: owner.id,
    });
    expect(demoteOwner.status).toBe(403);
    expect(await roleIn(shop.id, support.id)).toBe('support');

    const lastOwner = await client.post(`${base}/team`, ownerCookie, {
      intent: 'role',
      userId: owner.id,
      role: 'manager',
    });
    expect(lastOwner.status).toBe(409);
    expect(unescapeHtml(await lastOwner.text())).toContain('这是团队唯一的店主，不能降级或移除。');
    expect(await roleIn(shop.id, owner.id)).toBe('owner');

    const changed = await client.post(`${base}/team`, ownerCookie, {
      intent: 'role',
      userId: support.id,
      role: 'finance',
    });
    expect(changed.status).toBe(302);
    expect(await roleIn(shop.id, support.id)).toBe('finance');
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'actor_id', 'data'])
      .where('tenant_id', '=', shop.id)
      .where('target_id', '=', support.id)
      .execute();
    expect(audit).toEqual([
      { action: 'team.role_change', actor_id: owner.id, data: { from: 'support', to: 'finance' } },
    ]);
  });

  test("another shop's owner can neither see nor change this team", async () => {
    const team = await client.html(`${base}/team`, strangerCookie);
    expect(team.status).toBe(404);
    expect(team.text).not.toContain(support.email);
    const direct = await client.post(`${base}/team`, strangerCookie, {
      intent: 'remove',
      userId: support.id,
    });
    expect(direct.status).toBe(404);
    // Naming this shop's member and invitation from their own shop's team finds nothing.
    const fromTheirs = await client.post(`${strangerBase}/team`, strangerCookie, {
      intent: 'role',
      userId: support.id,
      role: 'support',
    });
    expect(fromTheirs.status).toBe(404);
    expect(unescapeHtml(await fromTheirs.text())).toContain('找不到这个成员');
    const invitation = await t.owner
      .selectFrom('tenant_invitations')
      .select('id')
      .where('tenant_id', '=', shop.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (invitation) {
      const revoke = await client.post(`${strangerBase}/team`, strangerCookie, {
        intent: 'revoke',
        invitationId: invitation.id,
      });
      expect(revoke.status).toBe(404);
    }
    expect(await roleIn(shop.id, support.id)).toBeDefined();
    const theirs = unescapeHtml((await client.html(`${strangerBase}/team`, strangerCookie)).text);
    expect(theirs).toContain('成员（1）');
    expect(theirs).not.toContain(support.email);
  });

  test('the owner removes a member, who loses the shop at once', async () => {
    const person = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.id, role: 'support' }],
    });
    const cookie = await client.signIn(person.email);
    expect((await client.html(base, cookie)).status).toBe(200);
    const confirm = unescapeHtml(
      (await client.html(`${base}/team?remove=${person.id}`, ownerCookie)).text,
    );
    expect(confirm).toContain('确定把 测试员工');
    const removed = await client.post(`${base}/team`, ownerCookie, {
      intent: 'remove',
      userId: person.id,
    });
    expect(removed.status).toBe(302);
    expect(removed.headers.get('location')).toBe(`${base}/team?notice=removed`);
    expect(await roleIn(shop.id, person.id)).toBeUndefined();
    expect((await client.html(base, cookie)).status).toBe(404);
  });
});

describe('a supplier team', () => {
  test('the supplier owner invites from the supplier area; the invitation lives in the supplier scope', async () => {
    const supplier = await buildSupplier(t.db, { name: '供货乙' });
    const boss = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.id, role: 'owner' }],
    });
    const cookie = await client.signIn(boss.email);
    const sbase = `/supplier/${supplier.slug}`;
    expect((await client.html(sbase, cookie)).text).toContain(`href="${sbase}/team"`);
    const sent = await client.post(`${sbase}/team`, cookie, {
      intent: 'invite',
      email: 'packer@example.com',
      role: 'support',
    });
    expect(sent.status).toBe(302);
    const row = await t.owner
      .selectFrom('supplier_invitations')
      .select(['supplier_id', 'role'])
      .where('email', '=', 'packer@example.com')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ supplier_id: supplier.id, role: 'support' });
    const path = (await invitationLink('packer@example.com')).replace(/^https?:\/\/[^/]+/, '');
    expect(unescapeHtml(await (await client.request(path)).text())).toContain(
      '邀请你加入供货商「供货乙」',
    );
    const accepted = await client.post(path, '', {
      intent: 'new',
      displayName: '打包员',
      password: 'packing-password-1',
      confirmPassword: 'packing-password-1',
    });
    expect(accepted.headers.get('location')).toBe(sbase);
    const member = await t.owner
      .selectFrom('supplier_staff as s')
      .innerJoin('staff_users as u', 'u.id', 's.user_id')
      .select('s.role')
      .where('u.email', '=', 'packer@example.com')
      .executeTakeFirstOrThrow();
    expect(member.role).toBe('support');
  });

  test("a shop's private supplier points to the shop's team", async () => {
    const tenant = await buildTenant(t.db, { name: '自营店' });
    const person = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: tenant.id, role: 'owner' }],
    });
    const slug = `own-${tenant.slug}`.slice(0, 40);
    await t.owner
      .insertInto('suppliers')
      .values({ slug, name: '自营货源', status: 'approved', owner_tenant_id: tenant.id })
      .execute();
    const cookie = await client.signIn(person.email);
    const area = await client.html(`/supplier/${slug}`, cookie);
    expect(area.text).not.toContain(`href="/supplier/${slug}/team"`);
    const page = unescapeHtml((await client.html(`/supplier/${slug}/team`, cookie)).text);
    expect(page).toContain('成员和角色在店铺的「团队」页管理');
    expect(page).toContain(`/shop/${tenant.slug}/team`);
    const refused = await client.post(`/supplier/${slug}/team`, cookie, {
      intent: 'invite',
      email: 'x@example.com',
      role: 'support',
    });
    expect(refused.status).toBe(409);
  });
});
