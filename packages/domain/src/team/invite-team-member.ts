import type { StaffRole } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { generateSecureRandomString, hashSecret } from '../identity/session-token.js';
import { parseInput } from '../parse-input.js';
import { INVITATION_TTL_MS, invitationLink, sendInvitationEmail } from './invitation-email.js';
import { roleLabel } from './permissions.js';
import { assertCanGrant, recordTeamAudit, requireTeamManager } from './team-guard.js';
import { TeamErrors } from './team.errors.js';
import {
  insertInvitation,
  markInvitationRevoked,
  selectMemberRole,
  selectOpenInvitationByEmail,
  selectStaffByEmail,
  selectStaffById,
} from './team.queries.js';
import { inviteTeamMemberSchema } from './team.schemas.js';
import {
  inTeamScope,
  teamScopeId,
  type TeamActor,
  type TeamArea,
  type TeamDeps,
} from './team-scope.js';

export interface SentInvitation {
  invitationId: string;
  email: string;
  role: StaffRole;
  expiresAt: Date;
  /** False when the mail server refused it: the invitation stands and can be sent again. */
  emailSent: boolean;
}

/**
 * Invites a person by email to the team with a role no higher than the inviter's own. The email
 * carries a link valid for 7 days and good for one use; only the hash of its secret is kept.
 */
export async function inviteTeamMember(
  deps: TeamDeps,
  area: TeamArea,
  actor: TeamActor,
  /** As a form sends it: the schema checks the email and the role. */
  input: { email: string; role: string },
): Promise<SentInvitation> {
  const data = parseInput(inviteTeamMemberSchema, input, TeamErrors.INVALID_INPUT);
  const now = deps.now?.() ?? Date.now();
  const scopeId = teamScopeId(area);
  const issued = await inTeamScope(deps.db, area, async (trx) => {
    const actorRole = await requireTeamManager(trx, area, actor);
    assertCanGrant(area, actorRole, data.role, 'grant');
    const person = await selectStaffByEmail(trx, data.email);
    if (person && (await selectMemberRole(trx, area.kind, scopeId, person.id))) {
      throw new DomainError(TeamErrors.ALREADY_MEMBER, {
        userMessage: `${data.email} 已经是团队成员了，要调整权限请直接修改其角色。`,
        status: 409,
        details: { fieldErrors: { email: `${data.email} 已经是团队成员` } },
      });
    }
    const open = await selectOpenInvitationByEmail(trx, area.kind, scopeId, data.email);
    if (open && open.expiresAt.getTime() > now) {
      throw new DomainError(TeamErrors.ALREADY_INVITED, {
        userMessage: `已经邀请过 ${data.email}（${roleLabel(area.kind, open.role)}），还在等待接受。需要的话可以在下方重新发送或撤销。`,
        status: 409,
        details: { fieldErrors: { email: `已经邀请过 ${data.email}` } },
      });
    }
    if (open) await markInvitationRevoked(trx, area.kind, scopeId, open.id, actor.userId);
    const id = generateSecureRandomString();
    const secret = generateSecureRandomString();
    const expiresAt = new Date(now + INVITATION_TTL_MS);
    await insertInvitation(trx, area.kind, scopeId, {
      id,
      email: data.email,
      role: data.role,
      tokenHash: hashSecret(secret),
      invitedBy: actor.userId,
      expiresAt,
    });
    await recordTeamAudit(
      trx,
      area,
      actor,
      'team.invite',
      { type: 'staff_invitation', id },
      { email: data.email, role: data.role, replaced: open?.id ?? null },
    );
    const inviter = await selectStaffById(trx, actor.userId);
    return { id, token: `${id}.${secret}`, expiresAt, inviter };
  });
  const emailSent = await sendInvitationEmail(
    deps.email,
    {
      to: data.email,
      kind: area.kind,
      teamName: area.name,
      role: data.role,
      inviterName: issued.inviter?.displayName ?? area.name,
      inviterEmail: issued.inviter?.email ?? '',
      link: invitationLink(deps.consoleOrigin, issued.token),
      expiresAt: issued.expiresAt,
    },
    deps.logger,
  );
  return {
    invitationId: issued.id,
    email: data.email,
    role: data.role,
    expiresAt: issued.expiresAt,
    emailSent,
  };
}
