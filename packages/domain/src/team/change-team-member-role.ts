import type { Database, StaffRole } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import { roleLabel } from './permissions.js';
import {
  assertCanGrant,
  memberNotFound,
  recordTeamAudit,
  requireTeamManager,
} from './team-guard.js';
import { TeamErrors } from './team.errors.js';
import { lockTeamOwners, selectMemberRole, updateMemberRole } from './team.queries.js';
import { changeTeamMemberRoleSchema } from './team.schemas.js';
import { inTeamScope, teamScopeId, type TeamActor, type TeamArea } from './team-scope.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function lastOwnerRefused(area: TeamArea): DomainError {
  const owner = roleLabel(area.kind, 'owner');
  return new DomainError(TeamErrors.LAST_OWNER, {
    userMessage: `这是团队唯一的${owner}，不能降级或移除。请先邀请或指定另一位${owner}。`,
    status: 409,
  });
}

/**
 * Gives a member (or oneself) another role. Nobody grants, or takes away, a role that holds more
 * than their own, and the last owner keeps the role.
 */
export async function changeTeamMemberRole(
  db: Database,
  area: TeamArea,
  actor: TeamActor,
  input: { userId: string; role: string },
): Promise<{ from: StaffRole; to: StaffRole; changed: boolean }> {
  const data = parseInput(changeTeamMemberRoleSchema, input, TeamErrors.INVALID_INPUT);
  if (!UUID.test(data.userId)) throw memberNotFound();
  const scopeId = teamScopeId(area);
  return inTeamScope(db, area, async (trx) => {
    // Owners first, in one order, so two owners demoting each other cannot deadlock; the actor's
    // role is read after that, so it is the one in force when the change is made.
    const owners = await lockTeamOwners(trx, area.kind, scopeId);
    const actorRole = await requireTeamManager(trx, area, actor);
    const current = await selectMemberRole(trx, area.kind, scopeId, data.userId, { lock: true });
    if (!current) throw memberNotFound();
    assertCanGrant(area, actorRole, current, 'change');
    assertCanGrant(area, actorRole, data.role, 'grant');
    if (current === data.role) return { from: current, to: current, changed: false };
    if (current === 'owner' && owners.filter((id) => id !== data.userId).length === 0) {
      throw lastOwnerRefused(area);
    }
    await updateMemberRole(trx, area.kind, scopeId, data.userId, data.role);
    await recordTeamAudit(
      trx,
      area,
      actor,
      'team.role_change',
      { type: 'staff_user', id: data.userId },
      { from: current, to: data.role },
    );
    return { from: current, to: data.role, changed: true };
  });
}
