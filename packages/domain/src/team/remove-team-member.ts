import type { Database, StaffRole } from '@cardshop/db';
import { lastOwnerRefused } from './change-team-member-role.js';
import {
  assertCanGrant,
  memberNotFound,
  recordTeamAudit,
  requireTeamManager,
} from './team-guard.js';
import { deleteMember, lockTeamOwners, selectMemberRole } from './team.queries.js';
import { inTeamScope, teamScopeId, type TeamActor, type TeamArea } from './team-scope.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Takes a member off the team (or the actor leaves it): the area disappears from their console at
 * their next request. Their console account stays (they may be on other teams).
 */
export async function removeTeamMember(
  db: Database,
  area: TeamArea,
  actor: TeamActor,
  input: { userId: string },
): Promise<{ role: StaffRole }> {
  const userId = String(input.userId ?? '');
  if (!UUID.test(userId)) throw memberNotFound();
  const scopeId = teamScopeId(area);
  return inTeamScope(db, area, async (trx) => {
    const owners = await lockTeamOwners(trx, area.kind, scopeId);
    const actorRole = await requireTeamManager(trx, area, actor);
    const role = await selectMemberRole(trx, area.kind, scopeId, userId, { lock: true });
    if (!role) throw memberNotFound();
    assertCanGrant(area, actorRole, role, 'remove');
    if (role === 'owner' && owners.filter((id) => id !== userId).length === 0) {
      throw lastOwnerRefused(area);
    }
    await deleteMember(trx, area.kind, scopeId, userId);
    await recordTeamAudit(
      trx,
      area,
      actor,
      'team.member_remove',
      { type: 'staff_user', id: userId },
      { role },
    );
    return { role };
  });
}
