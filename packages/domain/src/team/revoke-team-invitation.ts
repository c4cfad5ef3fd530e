import type { Database } from '@cardshop/db';
import { recordTeamAudit, requireOpenInvitation } from './team-guard.js';
import { markInvitationRevoked } from './team.queries.js';
import { inTeamScope, teamScopeId, type TeamActor, type TeamArea } from './team-scope.js';

/** Revokes an open invitation: its link stops working at once. */
export async function revokeTeamInvitation(
  db: Database,
  area: TeamArea,
  actor: TeamActor,
  invitationId: string,
): Promise<{ email: string }> {
  return inTeamScope(db, area, async (trx) => {
    const invitation = await requireOpenInvitation(trx, area, actor, invitationId);
    await markInvitationRevoked(trx, area.kind, teamScopeId(area), invitation.id, actor.userId);
    await recordTeamAudit(
      trx,
      area,
      actor,
      'team.invite_revoke',
      { type: 'staff_invitation', id: invitation.id },
      { email: invitation.email, role: invitation.role },
    );
    return { email: invitation.email };
  });
}
