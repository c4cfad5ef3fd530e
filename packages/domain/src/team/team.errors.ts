export const TeamErrors = {
  /** assertPermission: the person's role does not hold the permission the page or action needs. */
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  /** Inviting, or changing or removing a member, with a role that holds more than the actor's. */
  ROLE_TOO_HIGH: 'TEAM_ROLE_TOO_HIGH',
  /** Demoting or removing the only owner of a shop or supplier. */
  LAST_OWNER: 'TEAM_LAST_OWNER',
  /** Inviting an email that already belongs to a member of this team. */
  ALREADY_MEMBER: 'TEAM_ALREADY_MEMBER',
  /** Inviting an email that has an open invitation to this team that has not expired. */
  ALREADY_INVITED: 'TEAM_ALREADY_INVITED',
  /** The member named is not on this team (or belongs to another one). */
  MEMBER_NOT_FOUND: 'TEAM_MEMBER_NOT_FOUND',
  /** The invitation link is malformed or unknown, or the invitation id is not this team's. */
  INVITATION_NOT_FOUND: 'INVITATION_NOT_FOUND',
  /** The invitation's 7 days are over. */
  INVITATION_EXPIRED: 'INVITATION_EXPIRED',
  /** The invitation was accepted already (links are single use). */
  INVITATION_USED: 'INVITATION_USED',
  /** The invitation was revoked by the team. */
  INVITATION_REVOKED: 'INVITATION_REVOKED',
  /** The signed-in account's email is not the one the invitation was sent to. */
  INVITATION_EMAIL_MISMATCH: 'INVITATION_EMAIL_MISMATCH',
  /** Creating an account on the accept page for an email that already has one. */
  ACCOUNT_EXISTS: 'INVITATION_ACCOUNT_EXISTS',
  /** A private supplier's people are its shop's team, managed from the shop. */
  PRIVATE_SUPPLIER: 'TEAM_PRIVATE_SUPPLIER',
  /** The shop is closed: nobody joins it any more. */
  AREA_CLOSED: 'TEAM_AREA_CLOSED',
  /** Form input that does not parse (email, role, name, password). */
  INVALID_INPUT: 'TEAM_INVALID_INPUT',
} as const;
