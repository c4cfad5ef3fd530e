export {
  PLATFORM_PERMISSIONS,
  ROLE_LABELS,
  ROLE_PERMISSIONS,
  SHOP_PERMISSIONS,
  STAFF_ROLES,
  SUPPLIER_PERMISSIONS,
  assertPermission,
  canGrantRole,
  grantableRoles,
  hasPermission,
  permissionLabel,
  permissionsOf,
  roleLabel,
} from './permissions.js';
export type {
  PermissionArea,
  PermissionOf,
  PlatformPermission,
  RoleOf,
  ShopPermission,
  SupplierPermission,
  TeamKind,
} from './permissions.js';
export { TeamErrors } from './team.errors.js';
export type { TeamActor, TeamArea, TeamDeps } from './team-scope.js';
export { INVITATION_TTL_MS, invitationEmailText, invitationLink } from './invitation-email.js';
export { listTeam } from './list-team.js';
export type { TeamInvitation, TeamMember, TeamPage } from './list-team.js';
export { inviteTeamMember } from './invite-team-member.js';
export type { SentInvitation } from './invite-team-member.js';
export { resendTeamInvitation } from './resend-team-invitation.js';
export { revokeTeamInvitation } from './revoke-team-invitation.js';
export { changeTeamMemberRole } from './change-team-member-role.js';
export { removeTeamMember } from './remove-team-member.js';
export { openStaffInvitation } from './open-staff-invitation.js';
export type { StaffInvitationView } from './open-staff-invitation.js';
export { acceptStaffInvitation } from './accept-staff-invitation.js';
export type {
  AcceptStaffInvitationInput,
  AcceptStaffInvitationResult,
} from './accept-staff-invitation.js';
export type { AreaOwner } from './area-members.queries.js';
export { composeTeamNotice } from './team-notices.js';
