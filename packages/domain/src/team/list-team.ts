import type { Database, StaffRole } from '@cardshop/db';
import { canGrantRole, grantableRoles } from './permissions.js';
import { requireTeamManager } from './team-guard.js';
import { selectOpenInvitations, selectTeamMembers } from './team.queries.js';
import { inTeamScope, teamScopeId, type TeamActor, type TeamArea } from './team-scope.js';

export interface TeamMember {
  userId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  disabled: boolean;
  joinedAt: Date;
  lastSignInAt: Date | null;
  isSelf: boolean;
  /** Roles the viewer may switch this member to (empty when they may not change it at all). */
  roleOptions: StaffRole[];
  canRemove: boolean;
  /** Why the member cannot be changed, when they cannot: the only owner, or a role above the viewer's. */
  locked: 'last_owner' | 'above' | null;
}

export interface TeamInvitation {
  id: string;
  email: string;
  role: StaffRole;
  invitedByName: string | null;
  sentAt: Date;
  expiresAt: Date;
  expired: boolean;
  /** The viewer may resend or revoke it (it is not for a role above theirs). */
  canManage: boolean;
}

export interface TeamPage {
  viewerRole: StaffRole;
  /** Roles the viewer may invite people with, highest first. */
  invitableRoles: StaffRole[];
  members: TeamMember[];
  invitations: TeamInvitation[];
}

/** The team page: members with what the viewer may do to each, and open invitations. */
export async function listTeam(
  db: Database,
  area: TeamArea,
  actor: TeamActor,
  now: number = Date.now(),
): Promise<TeamPage> {
  return inTeamScope(db, area, async (trx) => {
    const viewerRole = await requireTeamManager(trx, area, actor);
    const scopeId = teamScopeId(area);
    const rows = await selectTeamMembers(trx, area.kind, scopeId);
    const owners = rows.filter((m) => m.role === 'owner').length;
    const invitable = grantableRoles(area.kind, viewerRole);
    const members = rows.map((m): TeamMember => {
      const isSelf = m.userId === actor.userId;
      const lastOwner = m.role === 'owner' && owners <= 1;
      const locked = !canGrantRole(area.kind, viewerRole, m.role)
        ? 'above'
        : lastOwner
          ? 'last_owner'
          : null;
      return {
        userId: m.userId,
        email: m.email,
        displayName: m.displayName,
        role: m.role,
        disabled: m.status === 'disabled',
        joinedAt: m.joinedAt,
        lastSignInAt: m.lastSignInAt,
        isSelf,
        roleOptions: locked ? [] : invitable,
        canRemove: locked === null,
        locked,
      };
    });
    const invitations = (await selectOpenInvitations(trx, area.kind, scopeId)).map(
      (i): TeamInvitation => ({
        id: i.id,
        email: i.email,
        role: i.role,
        invitedByName: i.invitedByName,
        sentAt: i.sentAt,
        expiresAt: i.expiresAt,
        expired: i.expiresAt.getTime() <= now,
        canManage: canGrantRole(area.kind, viewerRole, i.role),
      }),
    );
    return { viewerRole, invitableRoles: invitable, members, invitations };
  });
}
