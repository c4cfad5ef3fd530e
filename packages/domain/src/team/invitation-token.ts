import type { PlatformTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { secretMatches, splitToken } from '../identity/session-token.js';
import { TeamErrors } from './team.errors.js';
import { platformFindInvitation, platformTeamArea, type InvitationRow } from './team.queries.js';
import type { TeamArea } from './team-scope.js';

export type InvitationState = 'pending' | 'expired' | 'accepted' | 'revoked' | 'closed';

export interface FoundInvitation {
  kind: TeamArea['kind'];
  scopeId: string;
  invitation: InvitationRow;
  team: { slug: string; name: string; open: boolean };
}

function invalidLink(): DomainError {
  return new DomainError(TeamErrors.INVITATION_NOT_FOUND, {
    userMessage: '邀请链接无效。请检查链接是否完整，或请邀请人重新发送邀请。',
    status: 404,
  });
}

/**
 * The invitation a link names, with its team, locked; a malformed link, an unknown id and a
 * wrong secret are refused alike (the secret is compared in constant time).
 */
export async function findInvitationByToken(
  trx: PlatformTx,
  token: string,
): Promise<FoundInvitation> {
  const parts = splitToken(token.trim());
  if (!parts) throw invalidLink();
  const found = await platformFindInvitation(trx, parts.id);
  if (!found || !secretMatches(parts.secret, found.invitation.tokenHash)) throw invalidLink();
  const team = await platformTeamArea(trx, found.kind, found.scopeId);
  if (!team) throw invalidLink();
  return { ...found, team };
}

export function invitationState(found: FoundInvitation, now: number): InvitationState {
  const { invitation } = found;
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (!found.team.open) return 'closed';
  if (invitation.expiresAt.getTime() <= now) return 'expired';
  return 'pending';
}

/** Refuses (410) an invitation that was used, revoked, has expired, or whose team closed. */
export function assertInvitationUsable(found: FoundInvitation, now: number): void {
  const state = invitationState(found, now);
  if (state === 'pending') return;
  const { code, userMessage } = {
    accepted: {
      code: TeamErrors.INVITATION_USED,
      userMessage: '这份邀请已经被接受过了，邀请链接只能使用一次。请直接登录控制台。',
    },
    revoked: {
      code: TeamErrors.INVITATION_REVOKED,
      userMessage: '这份邀请已被撤销。如仍需加入，请联系邀请人重新邀请。',
    },
    expired: {
      code: TeamErrors.INVITATION_EXPIRED,
      userMessage: '这份邀请已过期（有效期 7 天）。请联系邀请人重新发送。',
    },
    closed: {
      code: TeamErrors.AREA_CLOSED,
      userMessage: `${found.kind === 'shop' ? '店铺' : '供货商'}「${found.team.name}」已关闭，不能再加入。`,
    },
  }[state];
  throw new DomainError(code, { userMessage, status: 410, details: { state } });
}
