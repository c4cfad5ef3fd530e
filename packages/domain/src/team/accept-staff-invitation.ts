import { asPlatform, type PlatformActor, type StaffRole } from '@cardshop/db';
import { recordPlatformAudit, recordTenantAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { hashPassword } from '../identity/passwords.js';
import { openStaffSession, signInStaff } from '../identity/sign-in-staff.js';
import type { StaffAuthContext } from '../identity/staff-auth-context.js';
import { parseInput } from '../parse-input.js';
import { roleLabel } from './permissions.js';
import {
  assertInvitationUsable,
  findInvitationByToken,
  type FoundInvitation,
} from './invitation-token.js';
import { TeamErrors } from './team.errors.js';
import {
  insertMember,
  markInvitationAccepted,
  selectStaffByEmail,
  selectStaffById,
} from './team.queries.js';
import { acceptAsNewStaffSchema } from './team.schemas.js';
import type { TeamArea } from './team-scope.js';

export type AcceptStaffInvitationInput =
  /** No console account yet: name and password for a new one. */
  | { as: 'new'; displayName: string; password: string; confirmPassword: string }
  /** An existing account, not signed in: its password signs in and accepts. */
  | { as: 'password'; password: string }
  /** Signed in already (the console checked the session): that account accepts. */
  | { as: 'signed_in'; userId: string };

export type AcceptStaffInvitationResult =
  | {
      status: 'accepted';
      userId: string;
      role: StaffRole;
      team: { kind: TeamArea['kind']; slug: string; name: string };
      /** They were on the team already; their role was left as it was. */
      alreadyMember: boolean;
      /** A new session for 'new' and 'password'; none when they were signed in already. */
      session: { token: string; expiresAt: Date } | null;
    }
  /** The account has two-step verification: finish signing in, then accept signed in. */
  | { status: 'two_factor'; pendingToken: string; expiresAt: Date };

const SYSTEM: PlatformActor = { type: 'system', id: 'staff-invitation' };

/**
 * Accepts an invitation link: creates the console account (new people) or signs the existing one
 * in, and adds the membership with the invited role, all in one transaction that also marks the
 * invitation used. Expired, used and revoked links are refused and change nothing.
 */
export async function acceptStaffInvitation(
  ctx: StaffAuthContext,
  token: string,
  input: AcceptStaffInvitationInput,
): Promise<AcceptStaffInvitationResult> {
  if (input.as === 'new') {
    const data = parseInput(acceptAsNewStaffSchema, input, TeamErrors.INVALID_INPUT);
    const passwordHash = await hashPassword(data.password);
    const accepted = await accept(ctx, token, {
      kind: 'new',
      displayName: data.displayName,
      passwordHash,
    });
    const session = await openStaffSession(ctx, accepted.userId, { method: 'invitation' });
    return { ...accepted, session: { token: session.token, expiresAt: session.expiresAt } };
  }
  if (input.as === 'password') {
    if (!input.password) {
      throw new DomainError(TeamErrors.INVALID_INPUT, {
        userMessage: '请输入密码',
        status: 422,
        details: { fieldErrors: { password: '请输入密码' } },
      });
    }
    // The link must still work before the password is tried against the invited account.
    const email = await asPlatform(
      ctx.db,
      { actor: SYSTEM, purpose: 'console: check a staff invitation before sign-in' },
      async (trx) => {
        const found = await findInvitationByToken(trx, token);
        assertInvitationUsable(found, ctx.now());
        return found.invitation.email;
      },
    );
    const signedIn = await signInStaff(ctx, { email, password: input.password });
    if (signedIn.status === 'two_factor') return signedIn;
    const accepted = await accept(ctx, token, { kind: 'existing', userId: signedIn.userId });
    return {
      ...accepted,
      session: { token: signedIn.token, expiresAt: signedIn.expiresAt },
    };
  }
  return {
    ...(await accept(ctx, token, { kind: 'existing', userId: input.userId })),
    session: null,
  };
}

type Person =
  { kind: 'new'; displayName: string; passwordHash: string } | { kind: 'existing'; userId: string };

async function accept(ctx: StaffAuthContext, token: string, person: Person) {
  const actor: PlatformActor =
    person.kind === 'existing' ? { type: 'staff', id: person.userId, ip: ctx.ip } : SYSTEM;
  return asPlatform(
    ctx.db,
    { actor, purpose: 'console: accept a staff invitation' },
    async (trx) => {
      const found = await findInvitationByToken(trx, token);
      assertInvitationUsable(found, ctx.now());
      const email = found.invitation.email;
      let userId: string;
      if (person.kind === 'new') {
        if (await selectStaffByEmail(trx, email)) {
          throw new DomainError(TeamErrors.ACCOUNT_EXISTS, {
            userMessage: `${email} 已有控制台账号，请输入这个账号的密码来接受邀请。`,
            status: 409,
          });
        }
        const created = await trx
          .insertInto('staff_users')
          .values({
            email,
            display_name: person.displayName,
            password_hash: person.passwordHash,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        userId = created.id;
        await recordPlatformAudit(trx, {
          actor: SYSTEM,
          action: 'staff.create',
          target: { type: 'staff_user', id: userId },
          data: { email, via: 'invitation', invitationId: found.invitation.id },
        });
      } else {
        const user = await selectStaffById(trx, person.userId);
        if (!user || user.email !== email) {
          throw new DomainError(TeamErrors.INVITATION_EMAIL_MISMATCH, {
            userMessage: `这份邀请是发给 ${email} 的，你现在登录的是 ${user?.email ?? '另一个账号'}。请退出后用 ${email} 登录，再打开邀请链接。`,
            status: 403,
          });
        }
        userId = user.id;
      }
      const added = await insertMember(
        trx,
        found.kind,
        found.scopeId,
        userId,
        found.invitation.role,
      );
      await markInvitationAccepted(trx, found.kind, found.scopeId, found.invitation.id, userId);
      await recordAcceptance(trx, found, { type: 'staff', id: userId, ip: ctx.ip }, !added);
      return {
        status: 'accepted' as const,
        userId,
        role: found.invitation.role,
        team: { kind: found.kind, slug: found.team.slug, name: found.team.name },
        alreadyMember: !added,
      };
    },
  );
}

async function recordAcceptance(
  trx: Parameters<typeof recordTenantAudit>[0],
  found: FoundInvitation,
  actor: { type: 'staff'; id: string; ip: string | null },
  alreadyMember: boolean,
) {
  const data = {
    email: found.invitation.email,
    role: found.invitation.role,
    roleLabel: roleLabel(found.kind, found.invitation.role),
    alreadyMember,
  };
  const target = { type: 'staff_invitation', id: found.invitation.id };
  if (found.kind === 'shop') {
    await recordTenantAudit(trx, {
      tenantId: found.scopeId,
      actor,
      action: 'team.invite_accept',
      target,
      data,
    });
    return;
  }
  await recordPlatformAudit(trx, {
    actor,
    action: 'team.invite_accept',
    target,
    data: { supplierId: found.scopeId, ...data },
  });
}
