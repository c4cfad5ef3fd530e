import type { StaffRole, TenantTx } from '@cardshop/db';
import { recordPlatformAudit, recordTenantAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { assertPermission, canGrantRole, roleLabel } from './permissions.js';
import { TeamErrors } from './team.errors.js';
import { selectInvitation, selectMemberRole, type InvitationRow } from './team.queries.js';
import { teamScopeId, type TeamActor, type TeamArea, type TeamTx } from './team-scope.js';

/**
 * The actor's role on this team, read in the transaction (not from the page they loaded), and
 * refused unless it holds staff.manage.
 */
export async function requireTeamManager(
  trx: TeamTx,
  area: TeamArea,
  actor: TeamActor,
): Promise<StaffRole> {
  const role = await selectMemberRole(trx, area.kind, teamScopeId(area), actor.userId);
  if (!role) {
    throw new DomainError(TeamErrors.PERMISSION_DENIED, {
      message: `${actor.userId} is not on team ${teamScopeId(area)}`,
      userMessage: '你已不是这个团队的成员。',
      status: 403,
    });
  }
  assertPermission(area.kind, role, 'staff.manage', { write: true });
  return role;
}

/** Refuses giving `role` (or acting on a member who holds it) when it holds more than the actor's. */
export function assertCanGrant(
  area: TeamArea,
  actorRole: StaffRole,
  role: StaffRole,
  verb: 'grant' | 'change' | 'remove' | 'invitation',
): void {
  if (canGrantRole(area.kind, actorRole, role)) return;
  const mine = roleLabel(area.kind, actorRole);
  const theirs = roleLabel(area.kind, role);
  const userMessage = {
    grant: `${mine}不能授予「${theirs}」角色：它有你没有的权限。`,
    change: `${mine}不能修改「${theirs}」的角色，请联系店主。`,
    remove: `${mine}不能移除「${theirs}」，请联系店主。`,
    invitation: `${mine}不能处理「${theirs}」的邀请，请联系店主。`,
  }[verb];
  throw new DomainError(TeamErrors.ROLE_TOO_HIGH, {
    message: `${actorRole} cannot ${verb} ${role}`,
    userMessage:
      area.kind === 'supplier' ? userMessage.replace('请联系店主', '请联系负责人') : userMessage,
    status: 403,
  });
}

/** A team change in the team's audit trail: the shop's log, or the platform's for a supplier. */
export async function recordTeamAudit(
  trx: TeamTx,
  area: TeamArea,
  actor: TeamActor,
  action: string,
  target: { type: string; id: string },
  data: Record<string, unknown>,
): Promise<void> {
  const who = { type: 'staff' as const, id: actor.userId, ip: actor.ip };
  if (area.kind === 'shop') {
    await recordTenantAudit(trx as TenantTx, {
      tenantId: area.tenantId,
      actor: who,
      action,
      target,
      data,
    });
    return;
  }
  await recordPlatformAudit(trx, {
    actor: who,
    action,
    target,
    data: { supplierId: area.supplierId, ...data },
  });
}

export function memberNotFound(): DomainError {
  return new DomainError(TeamErrors.MEMBER_NOT_FOUND, {
    userMessage: '找不到这个成员，可能已被移除。',
    status: 404,
  });
}

export function invitationNotFound(): DomainError {
  return new DomainError(TeamErrors.INVITATION_NOT_FOUND, {
    userMessage: '找不到这份邀请，可能已被撤销或接受。',
    status: 404,
  });
}

/** The open invitation `id` of this team, locked, for someone allowed to handle its role. */
export async function requireOpenInvitation(
  trx: TeamTx,
  area: TeamArea,
  actor: TeamActor,
  id: string,
): Promise<InvitationRow> {
  const actorRole = await requireTeamManager(trx, area, actor);
  const invitation = await selectInvitation(trx, area.kind, teamScopeId(area), String(id));
  if (!invitation) throw invitationNotFound();
  if (invitation.acceptedAt) {
    throw new DomainError(TeamErrors.INVITATION_USED, {
      userMessage: `${invitation.email} 已经接受了邀请，现在是团队成员。`,
      status: 409,
    });
  }
  if (invitation.revokedAt) {
    throw new DomainError(TeamErrors.INVITATION_REVOKED, {
      userMessage: `发给 ${invitation.email} 的邀请已经撤销了。`,
      status: 409,
    });
  }
  assertCanGrant(area, actorRole, invitation.role, 'invitation');
  return invitation;
}
