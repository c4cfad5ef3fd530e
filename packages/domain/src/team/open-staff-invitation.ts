import { asPlatform, type Database, type StaffRole } from '@cardshop/db';
import {
  findInvitationByToken,
  invitationState,
  type InvitationState,
} from './invitation-token.js';
import { selectStaffByEmail } from './team.queries.js';
import type { TeamArea } from './team-scope.js';

export interface StaffInvitationView {
  state: InvitationState;
  email: string;
  role: StaffRole;
  team: { kind: TeamArea['kind']; slug: string; name: string };
  invitedByName: string | null;
  expiresAt: Date;
  /** The email has a console account already: accepting asks for its password, not a new one. */
  accountExists: boolean;
}

/** What the accept page shows for a link: whose team, which role, and whether it still works. */
export async function openStaffInvitation(
  db: Database,
  token: string,
  now: number = Date.now(),
): Promise<StaffInvitationView> {
  return asPlatform(
    db,
    {
      actor: { type: 'system', id: 'staff-invitation' },
      purpose: 'console: open a staff invitation',
    },
    async (trx) => {
      const found = await findInvitationByToken(trx, token);
      const account = await selectStaffByEmail(trx, found.invitation.email);
      return {
        state: invitationState(found, now),
        email: found.invitation.email,
        role: found.invitation.role,
        team: { kind: found.kind, slug: found.team.slug, name: found.team.name },
        invitedByName: found.invitation.invitedByName,
        expiresAt: found.invitation.expiresAt,
        accountExists: account !== undefined,
      };
    },
  );
}
