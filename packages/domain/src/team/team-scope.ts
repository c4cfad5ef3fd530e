import {
  withSupplier,
  withTenant,
  type Database,
  type StaffRole,
  type SupplierTx,
  type TenantTx,
} from '@cardshop/db';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EmailSender } from '../messaging/messaging.js';
import { TeamErrors } from './team.errors.js';

/** A team: a shop's (its tenant) or a supplier's (not a shop's private supplier). */
export type TeamArea =
  | { kind: 'shop'; tenantId: string; slug: string; name: string }
  | {
      kind: 'supplier';
      supplierId: string;
      slug: string;
      name: string;
      /** Set for a shop's private supplier, whose people are the shop's team. */
      ownerTenantId?: string | null;
    };

/** A transaction in the team's own scope: the shop's tenant or the supplier's. */
export type TeamTx = TenantTx | SupplierTx;

/** The signed-in member acting on the team (their role is read again in the transaction). */
export interface TeamActor {
  userId: string;
  ip: string | null;
}

/** What sending invitations needs from the process (a Runtime has all of it). */
export interface TeamDeps {
  db: Database;
  email: EmailSender;
  /** Where the console is reached from outside, for the link in the email. */
  consoleOrigin: string;
  now?: () => number;
  logger?: Logger | undefined;
}

export interface TeamMemberRef {
  userId: string;
  role: StaffRole;
}

export function teamScopeId(area: TeamArea): string {
  return area.kind === 'shop' ? area.tenantId : area.supplierId;
}

/** Runs fn in the team's scope; a private supplier has no team of its own. */
export function inTeamScope<T>(
  db: Database,
  area: TeamArea,
  fn: (trx: TeamTx) => Promise<T>,
): Promise<T> {
  if (area.kind === 'shop') return withTenant(db, area.tenantId, fn);
  if (area.ownerTenantId) {
    throw new DomainError(TeamErrors.PRIVATE_SUPPLIER, {
      message: `supplier ${area.supplierId} is private to tenant ${area.ownerTenantId}`,
      userMessage: '自营货源没有单独的团队，成员和角色在所属店铺的「团队」页管理。',
      status: 409,
    });
  }
  return withSupplier(db, { id: area.supplierId }, fn);
}
