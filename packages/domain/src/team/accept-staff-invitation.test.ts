import { beforeAll, describe, expect, test } from 'vitest';
import { validateStaffSession } from '../identity/staff-sessions.js';
import type { EmailMessage, EmailSender } from '../messaging/messaging.js';
import {
  buildStaff,
  buildStaffContext,
  buildSupplier,
  buildTenant,
  TEST_PASSWORD,
  useTestDatabase,
} from '../testing/index.js';
import { acceptStaffInvitation } from './accept-staff-invitation.js';
import { inviteTeamMember } from './invite-team-member.js';
import { openStaffInvitation } from './open-staff-invitation.js';
import { revokeTeamInvitation } from './revoke-team-invitation.js';
import type { TeamArea, TeamDeps } from './team-scope.js';

const t = useTestDatabase();
const sent: EmailMessage[] = [];
const mail: EmailSender = { kind: 'dev', send: async (m) => void sent.push(m) };
let deps: TeamDeps;
let shop: TeamArea & { kind: 'shop' };
let owner: { id: string; email: string };

beforeAll(async () => {
  deps = { db: t.db, email: mail, consoleOrigin: 'http://127.0.0.1:3001' };
  const tenant = await buildTenant(t.db, { name: '小明的卡店' });
  shop = { kind: 'shop', tenantId: tenant.id, slug: tenant.slug, name: '小明的卡店' };
  owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: tenant.id, role: 'owner' }] });
});

async function invite(email: string, role: 'owner' | 'manager' | 'support' | 'finance') {
  const invited = await inviteTeamMember(
    deps,
    shop,
    { userId: owner.id, ip: null },
    { email, role },
  );
  const match = /\/invitations\/(\S+)/.exec(sent.at(-1)!.text);
  return { ...invited, token: match![1]! };
}

async function membership(email: string) {
  return t.owner
    .selectFrom('staff_users as u')
    .leftJoin('tenant_memberships as m', (j) =>
      j.onRef('m.user_id', '=', 'u.id').on('m.tenant_id', '=', shop.tenantId),
    )
    .select(['u.id', 'u.display_name', 'u.password_hash', 'm.role'])
    .where('u.email', '=', email)
    .executeTakeFirst();
}

const newAccount = {
  as: 'new' as const,
  displayName: '王小红',
  password: 'a-long-password-1',
  confirmPassword: 'a-long-password-1',
};

describe('a new person accepts', () => {
  test('the link opens, creates the account with the role, signs them in, and works only once', async () => {
    const { token, invitationId } = await invite('hong@example.com', 'support');
    const view = await openStaffInvitation(t.db, token);
    expect(view).toMatchObject({
      state: 'pending',
      email: 'hong@example.com',
      role: 'support',
      team: { kind: 'shop', slug: shop.slug, name: '小明的卡店' },
      invitedByName: '测试员工',
      accountExists: false,
    });

    const ctx = buildStaffContext({ db: t.db });
    await expect(
      acceptStaffInvitation(ctx, token, { ...newAccount, confirmPassword: 'something-else' }),
    ).rejects.toMatchObject({
      status: 422,
      details: { fieldErrors: { confirmPassword: '两次输入的密码不一致' } },
    });
    await expect(
      acceptStaffInvitation(ctx, token, {
        ...newAccount,
        password: 'short',
        confirmPassword: 'short',
      }),
    ).rejects.toMatchObject({ status: 422, userMessage: '密码至少 10 位' });
    expect(await membership('hong@example.com')).toBeUndefined();

    const result = await acceptStaffInvitation(ctx, token, newAccount);
    expect(result).toMatchObject({
      status: 'accepted',
      role: 'support',
      alreadyMember: false,
      team: { kind: 'shop', slug: shop.slug },
    });
    if (result.status !== 'accepted') throw new Error('not accepted');
    const row = await membership('hong@example.com');
    expect(row).toMatchObject({ id: result.userId, display_name: '王小红', role: 'support' });
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    const session = await validateStaffSession(t.db, result.session!.token);
    expect(session?.user).toMatchObject({ id: result.userId, email: 'hong@example.com' });

    const used = await t.owner
      .selectFrom('tenant_invitations')
      .select(['accepted_at', 'accepted_by'])
      .where('id', '=', invitationId)
      .executeTakeFirstOrThrow();
    expect(used.accepted_by).toBe(result.userId);
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', invitationId)
      .orderBy('occurred_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['team.invite', 'team.invite_accept']);
    expect(audit[1]!.actor_id).toBe(result.userId);

    await expect(acceptStaffInvitation(ctx, token, newAccount)).rejects.toMatchObject({
      code: 'INVITATION_USED',
      status: 410,
    });
    expect((await openStaffInvitation(t.db, token)).state).toBe('accepted');
  });

  test('expired, revoked and tampered links are refused and create nothing', async () => {
    const ctx = buildStaffContext({ db: t.db });
    const expired = await invite('late@example.com', 'support');
    await t.owner
      .updateTable('tenant_invitations')
      .set({ expires_at: new Date(Date.now() - 1) })
      .where('id', '=', expired.invitationId)
      .execute();
    expect((await openStaffInvitation(t.db, expired.token)).state).toBe('expired');
    await expect(acceptStaffInvitation(ctx, expired.token, newAccount)).rejects.toMatchObject({
      code: 'INVITATION_EXPIRED',
      status: 410,
      userMessage: '这份邀请已过期（有效期 7 天）。请联系邀请人重新发送。',
    });

    const revoked = await invite('gone@example.com', 'manager');
    await revokeTeamInvitation(t.db, shop, { userId: owner.id, ip: null }, revoked.invitationId);
    await expect(acceptStaffInvitation(ctx, revoked.token, newAccount)).rejects.toMatchObject({
      code: 'INVITATION_REVOKED',
      status: 410,
    });

    const live = await invite('live@example.com', 'manager');
    const [id, secret] = live.token.split('.') as [string, string];
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    for (const bad of [forged, 'not-a-token', `${id}`, `${'a'.repeat(24)}.${secret}`]) {
      await expect(openStaffInvitation(t.db, bad)).rejects.toMatchObject({
        code: 'INVITATION_NOT_FOUND',
        status: 404,
      });
      await expect(acceptStaffInvitation(ctx, bad, newAccount)).rejects.toMatchObject({
        code: 'INVITATION_NOT_FOUND',
      });
    }
    for (const email of ['late@example.com', 'gone@example.com', 'live@example.com']) {
      expect(await membership(email)).toBeUndefined();
    }
  });
});

describe('someone with a console account accepts', () => {
  test('with their password: signed in and added to this shop, keeping their other teams', async () => {
    const elsewhere = await buildSupplier(t.db);
    const person = await buildStaff(t.db, {
      email: 'li@example.com',
      supplierRoles: [{ supplierId: elsewhere.id, role: 'owner' }],
    });
    const { token } = await invite('li@example.com', 'manager');
    expect((await openStaffInvitation(t.db, token)).accountExists).toBe(true);
    const ctx = buildStaffContext({ db: t.db });

    await expect(acceptStaffInvitation(ctx, token, { ...newAccount })).rejects.toMatchObject({
      code: 'INVITATION_ACCOUNT_EXISTS',
      status: 409,
    });
    await expect(
      acceptStaffInvitation(ctx, token, { as: 'password', password: 'wrong-password!' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect((await membership('li@example.com'))!.role).toBeNull();

    const result = await acceptStaffInvitation(ctx, token, {
      as: 'password',
      password: TEST_PASSWORD,
    });
    expect(result).toMatchObject({ status: 'accepted', userId: person.id, role: 'manager' });
    if (result.status !== 'accepted') throw new Error('not accepted');
    expect(await validateStaffSession(t.db, result.session!.token)).not.toBeNull();
    expect((await membership('li@example.com'))!.role).toBe('manager');
    const stillSupplier = await t.owner
      .selectFrom('supplier_staff')
      .select('role')
      .where('user_id', '=', person.id)
      .executeTakeFirst();
    expect(stillSupplier?.role).toBe('owner');
  });

  test('signed in as the invited person: accepted with no new session; as someone else: refused', async () => {
    const person = await buildStaff(t.db, { email: 'zhao@example.com' });
    const other = await buildStaff(t.db, { email: 'qian@example.com' });
    const { token } = await invite('zhao@example.com', 'finance');
    const ctx = buildStaffContext({ db: t.db });
    await expect(
      acceptStaffInvitation(ctx, token, { as: 'signed_in', userId: other.id }),
    ).rejects.toMatchObject({
      code: 'INVITATION_EMAIL_MISMATCH',
      status: 403,
      userMessage:
        '这份邀请是发给 zhao@example.com 的，你现在登录的是 qian@example.com。请退出后用 zhao@example.com 登录，再打开邀请链接。',
    });
    const result = await acceptStaffInvitation(ctx, token, { as: 'signed_in', userId: person.id });
    expect(result).toMatchObject({ status: 'accepted', role: 'finance', session: null });
    expect((await membership('zhao@example.com'))!.role).toBe('finance');
  });

  test('an account with two-step verification finishes signing in before anything is added', async () => {
    const person = await buildStaff(t.db, { email: 'sun@example.com' });
    await t.owner
      .insertInto('staff_two_factor')
      .values({ user_id: person.id, secret_sealed: Buffer.alloc(60), enabled_at: new Date() })
      .execute();
    const { token } = await invite('sun@example.com', 'support');
    const result = await acceptStaffInvitation(buildStaffContext({ db: t.db }), token, {
      as: 'password',
      password: TEST_PASSWORD,
    });
    expect(result.status).toBe('two_factor');
    expect((await membership('sun@example.com'))!.role).toBeNull();
    expect((await openStaffInvitation(t.db, token)).state).toBe('pending');
  });
});
