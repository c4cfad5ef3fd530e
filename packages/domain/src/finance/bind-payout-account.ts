import { withSupplier, withTenant, type SupplierTx, type TenantTx } from '@cardshop/db';
import { recordPlatformAudit, recordTenantAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import type { StaffAuth, StaffAuthContext } from '../identity/staff-auth-context.js';
import { requireStaffRecentConfirmation } from '../identity/staff-confirmation.js';
import { findStaffUser } from '../identity/staff-security.queries.js';
import { parseInput } from '../parse-input.js';
import type { SecurityNotice } from '../security/security-notices.js';
import { assertPermission } from '../team/permissions.js';
import {
  composeTeamNotice,
  mailTeamNotice,
  recordTeamNotice,
  type NoticeRecipient,
} from '../team/team-notices.js';
import { FinanceErrors } from './finance.errors.js';
import { selectAreaContacts, selectAreaRole } from '../team/area-members.queries.js';
import { savePayoutAccount, selectPayoutAccount, type FinanceOwner } from './finance.queries.js';
import { payoutAccountSchema, type PayoutAccountDetails } from './finance.schemas.js';
import { payoutAccountSealer, type PayoutAccountSealer } from './payout-account-keys.js';
import {
  payoutAccountHints,
  payoutAccountLabel,
  type PayoutAccountView,
} from './payout-account-hints.js';

/** A shop or supplier with the name its people know it by. */
export type FinanceArea = FinanceOwner & { name: string };

/** A console request's context for payout accounts: the account security one, and the sealer. */
export interface FinanceContext extends StaffAuthContext {
  payoutSealer: PayoutAccountSealer;
}

export function financeContext(ctx: StaffAuthContext, appSecret: string): FinanceContext {
  return { ...ctx, payoutSealer: payoutAccountSealer(appSecret) };
}

/** The associated data a payout account is sealed with: it opens for this owner only. */
export function payoutAccountOwnerContext(owner: FinanceOwner): string {
  return owner.kind === 'shop' ? `shop:${owner.tenantId}` : `supplier:${owner.supplierId}`;
}

/** Runs fn in the owner's own scope: the shop's tenant, or the supplier's. */
export function inFinanceScope<T>(
  db: StaffAuthContext['db'],
  owner: FinanceOwner,
  fn: (trx: TenantTx | SupplierTx) => Promise<T>,
): Promise<T> {
  return owner.kind === 'shop'
    ? withTenant(db, owner.tenantId, fn)
    : withSupplier(db, { id: owner.supplierId, ownerTenantId: owner.ownerTenantId }, fn);
}

/**
 * Binds or changes the payout account of a shop or supplier, the account withdrawals are paid
 * to. A sensitive operation: the person needs finance.withdraw on that team (read again here),
 * and a confirmation of their identity within the last 5 minutes. The account is sealed at rest;
 * the change is audited with the old and new hints, and every owner and finance member of the
 * team gets a security notice (in-site now, mail after commit), because a changed payout account
 * is how money gets stolen.
 */
export async function bindPayoutAccount(
  ctx: FinanceContext,
  auth: StaffAuth,
  area: FinanceArea,
  input: unknown,
): Promise<PayoutAccountView> {
  const details = parseInput(payoutAccountSchema, input, FinanceErrors.INVALID_INPUT);
  const hints = payoutAccountHints(details);
  const now = ctx.now();
  const { view, notice, recipients } = await inFinanceScope(ctx.db, area, async (trx) => {
    const role = await selectAreaRole(trx, area, auth.userId);
    if (!role) {
      throw new DomainError(FinanceErrors.NOT_A_MEMBER, {
        message: `${auth.userId} is not on the team of ${payoutAccountOwnerContext(area)}`,
        userMessage: '你已不是这个团队的成员，不能修改收款账户。',
        status: 403,
      });
    }
    assertPermission(area.kind, role, 'finance.withdraw', { write: true });
    await requireStaffRecentConfirmation(trx, auth, 'bind_payout_account', now);

    const before = await selectPayoutAccount(trx, area, { lock: true });
    const sealed = ctx.payoutSealer.seal(
      details satisfies PayoutAccountDetails,
      payoutAccountOwnerContext(area),
    );
    await savePayoutAccount(trx, area, { ...hints, sealed, updatedBy: auth.userId });

    const oldLabel = before ? payoutAccountLabel(before) : null;
    const newLabel = payoutAccountLabel(hints);
    const audit = {
      actor: { type: 'staff' as const, id: auth.userId, ip: ctx.ip },
      action: before ? 'finance.payout_account_changed' : 'finance.payout_account_bound',
      target: {
        type: 'payout_account',
        id: area.kind === 'shop' ? area.tenantId : area.supplierId,
      },
      data: { before: oldLabel, after: newLabel },
    };
    if (area.kind === 'shop') {
      await recordTenantAudit(trx as TenantTx, { tenantId: area.tenantId, ...audit });
    } else {
      await recordPlatformAudit(trx, {
        ...audit,
        subjectTenantId: area.ownerTenantId,
        data: { supplierId: area.supplierId, ...audit.data },
      });
    }

    const actor = await findStaffUser(trx, { id: auth.userId });
    const who = actor ? `${actor.display_name}（${actor.email}）` : '一位成员';
    const team = `${area.kind === 'shop' ? '店铺' : '供货商'}「${area.name}」`;
    const notice: SecurityNotice = composeTeamNotice('payout_account_changed', {
      at: new Date(now),
      ip: ctx.ip,
      what: before
        ? `${who}把${team}的收款账户从 ${oldLabel} 改为 ${newLabel}`
        : `${who}为${team}绑定了收款账户 ${newLabel}`,
      advice:
        '以后的提现都会转到这个账户。如果这不是你们团队的操作，请立即联系平台管理员，并让这位成员修改密码、检查登录设备。',
    });
    const recipients: NoticeRecipient[] = await selectAreaContacts(trx, area, ['owner', 'finance']);
    await recordTeamNotice(trx, recipients, notice);
    return {
      view: { ...hints, updatedAt: new Date(now) },
      notice,
      recipients,
    };
  });
  await mailTeamNotice(ctx, recipients, notice);
  return view;
}
