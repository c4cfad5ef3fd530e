import { generateSecureRandomString, hashSecret } from '../identity/session-token.js';
import { INVITATION_TTL_MS, invitationLink, sendInvitationEmail } from './invitation-email.js';
import type { SentInvitation } from './invite-team-member.js';
import { recordTeamAudit, requireOpenInvitation } from './team-guard.js';
import { selectStaffById, updateInvitationToken } from './team.queries.js';
import {
  inTeamScope,
  teamScopeId,
  type TeamActor,
  type TeamArea,
  type TeamDeps,
} from './team-scope.js';

/**
 * Sends an open invitation again with a new link (the old one stops working) and 7 fresh days;
 * an expired invitation comes back to life this way.
 */
export async function resendTeamInvitation(
  deps: TeamDeps,
  area: TeamArea,
  actor: TeamActor,
  invitationId: string,
): Promise<SentInvitation> {
  const now = deps.now?.() ?? Date.now();
  const scopeId = teamScopeId(area);
  const issued = await inTeamScope(deps.db, area, async (trx) => {
    const invitation = await requireOpenInvitation(trx, area, actor, invitationId);
    const secret = generateSecureRandomString();
    const expiresAt = new Date(now + INVITATION_TTL_MS);
    await updateInvitationToken(trx, area.kind, scopeId, invitation.id, {
      tokenHash: hashSecret(secret),
      expiresAt,
      sentAt: new Date(now),
    });
    await recordTeamAudit(
      trx,
      area,
      actor,
      'team.invite_resend',
      { type: 'staff_invitation', id: invitation.id },
      { email: invitation.email, role: invitation.role },
    );
    const inviter = await selectStaffById(trx, actor.userId);
    return { invitation, token: `${invitation.id}.${secret}`, expiresAt, inviter };
  });
  const emailSent = await sendInvitationEmail(
    deps.email,
    {
      to: issued.invitation.email,
      kind: area.kind,
      teamName: area.name,
      role: issued.invitation.role,
      inviterName: issued.inviter?.displayName ?? area.name,
      inviterEmail: issued.inviter?.email ?? '',
      link: invitationLink(deps.consoleOrigin, issued.token),
      expiresAt: issued.expiresAt,
    },
    deps.logger,
  );
  return {
    invitationId: issued.invitation.id,
    email: issued.invitation.email,
    role: issued.invitation.role,
    expiresAt: issued.expiresAt,
    emailSent,
  };
}
