import { asSystem, type StaffRole } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import type { EmailMessage, EmailSender } from '../messaging/messaging.js';
import { buildStaff, buildSupplier, buildTenant, useTestDatabase } from '../testing/index.js';
import { changeTeamMemberRole } from './change-team-member-role.js';
import { inviteTeamMember } from './invite-team-member.js';
import { listTeam } from './list-team.js';
import { removeTeamMember } from './remove-team-member.js';
import { resendTeamInvitation } from './resend-team-invitation.js';
import { revokeTeamInvitation } from './revoke-team-invitation.js';
import type { TeamArea, TeamDeps } from './team-scope.js';

const t = useTestDatabase();
const sent: EmailMessage[] = [];
const mail: EmailSender = { kind: 'dev', send: async (m) => void sent.push(m) };
let deps: TeamDeps;
let shop: TeamArea & { kind: 'shop' };
let owner: { id: string; email: string };
let manager: { id: string; email: string };
let support: { id: string; email: string };

const as = (user: { id: string }) => ({ userId: user.id, ip: '198.51.100.9' });

beforeAll(async () => {
  deps = { db: t.db, email: mail, consoleOrigin: 'https://console.example.com' };
  const tenant = await buildTenant(t.db, { name: '小明的卡店' });
  shop = { kind: 'shop', tenantId: tenant.id, slug: tenant.slug, name: '小明的卡店' };
  owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: tenant.id, role: 'owner' }] });
  manager = await buildStaff(t.db, { tenantRoles: [{ tenantId: tenant.id, role: 'manager' }] });
  support = await buildStaff(t.db, { tenantRoles: [{ tenantId: tenant.id, role: 'support' }] });
});

async function roleOf(area: TeamArea & { kind: 'shop' }, userId: string) {
  const row = await t.owner
    .selectFrom('tenant_memberships')
    .select('role')
    .where('tenant_id', '=', area.tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

function tokenIn(message: EmailMessage): string {
  const match = /\/invitations\/([a-z2-9]{24}\.[a-z2-9]{24})/.exec(message.text);
  if (!match) throw new Error(`no invitation link in: ${message.text}`);
  return match[1]!;
}

describe('inviting by email', () => {
  test('the owner invites a person; the email has a 7-day link and only its hash is stored', async () => {
    const before = sent.length;
    const invited = await inviteTeamMember(deps, shop, as(owner), {
      email: ' New.Person@Example.com ',
      role: 'finance',
    });
    expect(invited).toMatchObject({
      email: 'new.person@example.com',
      role: 'finance',
      emailSent: true,
    });
    const message = sent[before]!;
    expect(message.to).toBe('new.person@example.com');
    expect(message.subject).toBe('测试员工 邀请你加入店铺「小明的卡店」的后台团队');
    expect(message.text).toContain('以「财务」身份加入店铺「小明的卡店」');
    expect(message.text).toContain('申请提现');
    const token = tokenIn(message);
    expect(message.text).toContain(`https://console.example.com/invitations/${token}`);
    const row = await t.owner
      .selectFrom('tenant_invitations')
      .selectAll()
      .where('id', '=', invited.invitationId)
      .executeTakeFirstOrThrow();
    expect(token.startsWith(`${row.id}.`)).toBe(true);
    expect(Buffer.from(row.token_hash).toString('hex')).not.toContain(
      Buffer.from(token.split('.')[1]!).toString('hex'),
    );
    const days = (row.expires_at.getTime() - row.created_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'actor_id', 'data'])
      .where('tenant_id', '=', shop.tenantId)
      .where('target_id', '=', invited.invitationId)
      .execute();
    expect(audit).toEqual([
      {
        action: 'team.invite',
        actor_id: owner.id,
        data: { email: 'new.person@example.com', role: 'finance', replaced: null },
      },
    ]);

    const page = await listTeam(t.db, shop, as(owner));
    expect(page.invitations.map((i) => [i.email, i.role, i.expired])).toEqual([
      ['new.person@example.com', 'finance', false],
    ]);
  });

  test('a second invitation to the same person, or one to a member, is refused and sends nothing', async () => {
    const before = sent.length;
    await expect(
      inviteTeamMember(deps, shop, as(owner), { email: 'new.person@example.com', role: 'support' }),
    ).rejects.toMatchObject({ code: 'TEAM_ALREADY_INVITED', status: 409 });
    await expect(
      inviteTeamMember(deps, shop, as(owner), { email: support.email, role: 'manager' }),
    ).rejects.toMatchObject({ code: 'TEAM_ALREADY_MEMBER', status: 409 });
    await expect(
      inviteTeamMember(deps, shop, as(owner), { email: 'not-an-email', role: 'support' }),
    ).rejects.toMatchObject({ status: 422, userMessage: '请输入有效的邮箱地址' });
    await expect(
      inviteTeamMember(deps, shop, as(owner), { email: 'a@example.com', role: 'boss' }),
    ).rejects.toMatchObject({ status: 422, userMessage: '请选择角色：店主、管理员、客服或财务' });
    expect(sent.length).toBe(before);
  });

  test('a manager may invite managers and support, never owners or finance; support may not invite', async () => {
    const ok = await inviteTeamMember(deps, shop, as(manager), {
      email: 'helper@example.com',
      role: 'support',
    });
    expect(ok.role).toBe('support');
    for (const role of ['owner', 'finance'] as const) {
      await expect(
        inviteTeamMember(deps, shop, as(manager), { email: `x-${role}@example.com`, role }),
      ).rejects.toMatchObject({ code: 'TEAM_ROLE_TOO_HIGH', status: 403 });
    }
    await expect(
      inviteTeamMember(deps, shop, as(support), { email: 'y@example.com', role: 'support' }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED', status: 403 });
    const open = await t.owner
      .selectFrom('tenant_invitations')
      .select('email')
      .where('tenant_id', '=', shop.tenantId)
      .where('email', 'like', 'x-%')
      .execute();
    expect(open).toEqual([]);
  });

  test('resending gives a new link (the old one dies); revoking ends it; managers cannot touch an owner invitation', async () => {
    const first = await inviteTeamMember(deps, shop, as(owner), {
      email: 'partner@example.com',
      role: 'owner',
    });
    const oldToken = tokenIn(sent.at(-1)!);
    await expect(
      resendTeamInvitation(deps, shop, as(manager), first.invitationId),
    ).rejects.toMatchObject({ code: 'TEAM_ROLE_TOO_HIGH' });
    await expect(
      revokeTeamInvitation(t.db, shop, as(manager), first.invitationId),
    ).rejects.toMatchObject({ code: 'TEAM_ROLE_TOO_HIGH' });

    const again = await resendTeamInvitation(deps, shop, as(owner), first.invitationId);
    expect(again.invitationId).toBe(first.invitationId);
    const newToken = tokenIn(sent.at(-1)!);
    expect(newToken).not.toBe(oldToken);
    expect(newToken.split('.')[0]).toBe(oldToken.split('.')[0]);

    await revokeTeamInvitation(t.db, shop, as(owner), first.invitationId);
    await expect(
      revokeTeamInvitation(t.db, shop, as(owner), first.invitationId),
    ).rejects.toMatchObject({ code: 'INVITATION_REVOKED' });
    await expect(
      resendTeamInvitation(deps, shop, as(owner), first.invitationId),
    ).rejects.toMatchObject({ code: 'INVITATION_REVOKED' });
    const actions = await t.owner
      .selectFrom('tenant_audit_log')
      .select('action')
      .where('target_id', '=', first.invitationId)
      .orderBy('occurred_at')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'team.invite',
      'team.invite_resend',
      'team.invite_revoke',
    ]);
    // Revoked, the address may be invited again.
    await inviteTeamMember(deps, shop, as(owner), {
      email: 'partner@example.com',
      role: 'manager',
    });
  });

  test('an expired invitation is replaced by a new one to the same address', async () => {
    const old = await inviteTeamMember(deps, shop, as(owner), {
      email: 'late@example.com',
      role: 'support',
    });
    await t.owner
      .updateTable('tenant_invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', old.invitationId)
      .execute();
    expect(
      (await listTeam(t.db, shop, as(owner))).invitations.find((i) => i.id === old.invitationId)
        ?.expired,
    ).toBe(true);
    const fresh = await inviteTeamMember(deps, shop, as(owner), {
      email: 'late@example.com',
      role: 'support',
    });
    expect(fresh.invitationId).not.toBe(old.invitationId);
    const rows = await t.owner
      .selectFrom('tenant_invitations')
      .select(['id', 'revoked_at'])
      .where('email', '=', 'late@example.com')
      .execute();
    expect(rows.find((r) => r.id === old.invitationId)?.revoked_at).not.toBeNull();
    expect(rows.find((r) => r.id === fresh.invitationId)?.revoked_at).toBeNull();
  });
});

describe('changing roles and removing members', () => {
  test('the owner changes a role; the change is audited with before and after', async () => {
    const person = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.tenantId, role: 'support' }],
    });
    const done = await changeTeamMemberRole(t.db, shop, as(owner), {
      userId: person.id,
      role: 'finance',
    });
    expect(done).toEqual({ from: 'support', to: 'finance', changed: true });
    expect(await roleOf(shop, person.id)).toBe('finance');
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'data'])
      .where('target_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'team.role_change', data: { from: 'support', to: 'finance' } });
  });

  test('nobody grants a role above their own, or changes or removes someone above them', async () => {
    const person = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.tenantId, role: 'support' }],
    });
    await expect(
      changeTeamMemberRole(t.db, shop, as(manager), { userId: person.id, role: 'owner' }),
    ).rejects.toMatchObject({
      code: 'TEAM_ROLE_TOO_HIGH',
      userMessage: '管理员不能授予「店主」角色：它有你没有的权限。',
    });
    await expect(
      changeTeamMemberRole(t.db, shop, as(manager), { userId: manager.id, role: 'owner' }),
    ).rejects.toMatchObject({ code: 'TEAM_ROLE_TOO_HIGH' });
    await expect(
      changeTeamMemberRole(t.db, shop, as(manager), { userId: owner.id, role: 'support' }),
    ).rejects.toMatchObject({
      code: 'TEAM_ROLE_TOO_HIGH',
      userMessage: '管理员不能修改「店主」的角色，请联系店主。',
    });
    await expect(
      removeTeamMember(t.db, shop, as(manager), { userId: owner.id }),
    ).rejects.toMatchObject({ code: 'TEAM_ROLE_TOO_HIGH' });
    await expect(
      changeTeamMemberRole(t.db, shop, as(support), { userId: person.id, role: 'support' }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await roleOf(shop, person.id)).toBe('support');
    expect(await roleOf(shop, owner.id)).toBe('owner');
    expect(await roleOf(shop, manager.id)).toBe('manager');

    // Within their own reach a manager may act: support becomes a manager.
    await changeTeamMemberRole(t.db, shop, as(manager), { userId: person.id, role: 'manager' });
    expect(await roleOf(shop, person.id)).toBe('manager');
  });

  test('the last owner can never be demoted or removed; with a second owner they may step down', async () => {
    const tenant = await buildTenant(t.db, { name: '单店主' });
    const area: TeamArea & { kind: 'shop' } = {
      kind: 'shop',
      tenantId: tenant.id,
      slug: tenant.slug,
      name: '单店主',
    };
    const solo = await buildStaff(t.db, { tenantRoles: [{ tenantId: tenant.id, role: 'owner' }] });
    await expect(
      changeTeamMemberRole(t.db, area, as(solo), { userId: solo.id, role: 'manager' }),
    ).rejects.toMatchObject({
      code: 'TEAM_LAST_OWNER',
      userMessage: '这是团队唯一的店主，不能降级或移除。请先邀请或指定另一位店主。',
    });
    await expect(removeTeamMember(t.db, area, as(solo), { userId: solo.id })).rejects.toMatchObject(
      { code: 'TEAM_LAST_OWNER' },
    );
    expect(await roleOf(area, solo.id)).toBe('owner');
    const page = await listTeam(t.db, area, as(solo));
    expect(page.members[0]).toMatchObject({ isSelf: true, locked: 'last_owner', canRemove: false });

    const second = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: tenant.id, role: 'owner' }],
    });
    // Two owners demoting each other at the same moment: one wins, one owner is left.
    const results = await Promise.allSettled([
      changeTeamMemberRole(t.db, area, as(solo), { userId: second.id, role: 'manager' }),
      changeTeamMemberRole(t.db, area, as(second), { userId: solo.id, role: 'manager' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['TEAM_LAST_OWNER', 'TEAM_ROLE_TOO_HIGH']).toContain(refused.reason.code);
    const owners = await t.owner
      .selectFrom('tenant_memberships')
      .select('user_id')
      .where('tenant_id', '=', tenant.id)
      .where('role', '=', 'owner')
      .execute();
    expect(owners).toHaveLength(1);

    // Promote the other back; then the first may step down on their own.
    const remaining = owners[0]!.user_id;
    const other = remaining === solo.id ? second : solo;
    await changeTeamMemberRole(
      t.db,
      area,
      { userId: remaining, ip: null },
      {
        userId: other.id,
        role: 'owner',
      },
    );
    await changeTeamMemberRole(
      t.db,
      area,
      { userId: remaining, ip: null },
      {
        userId: remaining,
        role: 'manager',
      },
    );
    expect(await roleOf(area, remaining)).toBe('manager');
  });

  test('a removed member is gone from the team and the removal is audited', async () => {
    const person = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: shop.tenantId, role: 'support' }],
    });
    await removeTeamMember(t.db, shop, as(owner), { userId: person.id });
    expect(await roleOf(shop, person.id)).toBeUndefined();
    await expect(
      removeTeamMember(t.db, shop, as(owner), { userId: person.id }),
    ).rejects.toMatchObject({ code: 'TEAM_MEMBER_NOT_FOUND', status: 404 });
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'data'])
      .where('target_id', '=', person.id)
      .execute();
    expect(audit).toEqual([{ action: 'team.member_remove', data: { role: 'support' } }]);
  });
});

describe('teams are separate', () => {
  test("another shop's owner reaches nobody here, through any id", async () => {
    const other = await buildTenant(t.db, { name: '隔壁' });
    const otherArea: TeamArea = {
      kind: 'shop',
      tenantId: other.id,
      slug: other.slug,
      name: '隔壁',
    };
    const stranger = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: other.id, role: 'owner' }],
    });
    // Acting on this shop as a non-member is refused before anything is read.
    await expect(listTeam(t.db, shop, as(stranger))).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    // Naming this shop's people from their own shop finds nobody.
    await expect(
      changeTeamMemberRole(t.db, otherArea, as(stranger), { userId: support.id, role: 'owner' }),
    ).rejects.toMatchObject({ code: 'TEAM_MEMBER_NOT_FOUND' });
    await expect(
      removeTeamMember(t.db, otherArea, as(stranger), { userId: manager.id }),
    ).rejects.toMatchObject({ code: 'TEAM_MEMBER_NOT_FOUND' });
    const mine = (await listTeam(t.db, shop, as(owner))).invitations[0]!;
    await expect(
      revokeTeamInvitation(t.db, otherArea, as(stranger), mine.id),
    ).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    const theirs = await listTeam(t.db, otherArea, as(stranger));
    expect(theirs.members.map((m) => m.userId)).toEqual([stranger.id]);
    expect(theirs.invitations).toEqual([]);
    expect(await roleOf(shop, support.id)).toBe('support');
  });
});

describe('a supplier team', () => {
  test('lives in the supplier scope: invite, change, remove, with the same rules', async () => {
    const supplier = await buildSupplier(t.db, { name: '供货甲' });
    const area: TeamArea = {
      kind: 'supplier',
      supplierId: supplier.id,
      slug: supplier.slug,
      name: '供货甲',
      ownerTenantId: null,
    };
    const boss = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.id, role: 'owner' }],
    });
    const worker = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.id, role: 'support' }],
    });
    const invited = await inviteTeamMember(deps, area, as(boss), {
      email: 'packer@example.com',
      role: 'support',
    });
    expect(sent.at(-1)!.subject).toContain('供货商「供货甲」');
    expect(sent.at(-1)!.text).toContain('处理充值和发货');
    await changeTeamMemberRole(t.db, area, as(boss), { userId: worker.id, role: 'manager' });
    await expect(
      changeTeamMemberRole(t.db, area, as(worker), { userId: boss.id, role: 'support' }),
    ).rejects.toMatchObject({ userMessage: '管理员不能修改「负责人」的角色，请联系负责人。' });
    await expect(removeTeamMember(t.db, area, as(boss), { userId: boss.id })).rejects.toMatchObject(
      { userMessage: '这是团队唯一的负责人，不能降级或移除。请先邀请或指定另一位负责人。' },
    );
    const page = await listTeam(t.db, area, as(boss));
    expect(page.members.map((m) => [m.userId, m.role as StaffRole])).toEqual([
      [boss.id, 'owner'],
      [worker.id, 'manager'],
    ]);
    expect(page.invitations.map((i) => i.id)).toEqual([invited.invitationId]);
    const audit = await asSystem(t.db, (trx) =>
      trx
        .selectFrom('platform_audit_log')
        .select(['action', 'data'])
        .where('action', 'like', 'team.%')
        .where('target_id', 'in', [invited.invitationId, worker.id])
        .orderBy('occurred_at')
        .execute(),
    );
    expect(audit.map((a) => [a.action, (a.data as { supplierId: string }).supplierId])).toEqual([
      ['team.invite', supplier.id],
      ['team.role_change', supplier.id],
    ]);
  });

  test("a shop's private supplier has no team of its own", async () => {
    const tenant = await buildTenant(t.db);
    const person = await buildStaff(t.db, {
      tenantRoles: [{ tenantId: tenant.id, role: 'owner' }],
    });
    await expect(
      listTeam(
        t.db,
        {
          kind: 'supplier',
          supplierId: '00000000-0000-4000-8000-000000000000',
          slug: 'own',
          name: '自营',
          ownerTenantId: tenant.id,
        },
        as(person),
      ),
    ).rejects.toMatchObject({ code: 'TEAM_PRIVATE_SUPPLIER', status: 409 });
  });
});
