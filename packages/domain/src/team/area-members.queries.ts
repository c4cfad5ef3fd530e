import type { StaffRole, SupplierTx, TenantTx } from '@cardshop/db';
import { PRIVATE_SUPPLIER_ROLES } from '../identity/staff-areas.js';

/**
 * A shop or a supplier as a team: who is on it and in what role. A shop's private supplier has no
 * team of its own; its people are the shop's owners and managers.
 */
export type AreaOwner =
  | { kind: 'shop'; tenantId: string }
  | { kind: 'supplier'; supplierId: string; ownerTenantId: string | null };

type AreaTx = TenantTx | SupplierTx;

/**
 * The member's role on the owner's team. A private supplier's team is its shop's, and only the
 * shop roles that run the private supplier reach it.
 */
export async function selectAreaRole(
  trx: AreaTx,
  owner: AreaOwner,
  userId: string,
): Promise<StaffRole | undefined> {
  const tenantId =
    owner.kind === 'shop' ? owner.tenantId : owner.ownerTenantId ? owner.ownerTenantId : null;
  if (tenantId) {
    const row = await trx
      .selectFrom('tenant_memberships')
      .select('role')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (owner.kind === 'supplier' && row && !PRIVATE_SUPPLIER_ROLES.includes(row.role)) {
      return undefined;
    }
    return row?.role;
  }
  const row = await trx
    .selectFrom('supplier_staff')
    .select('role')
    .where('supplier_id', '=', (owner as { supplierId: string }).supplierId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

export interface TeamContact {
  userId: string;
  email: string;
  displayName: string;
  role: StaffRole;
}

/** The active members of the owner's team holding one of `roles`, to send a security notice. */
export async function selectAreaContacts(
  trx: AreaTx,
  owner: AreaOwner,
  roles: StaffRole[],
): Promise<TeamContact[]> {
  const tenantId =
    owner.kind === 'shop' ? owner.tenantId : owner.ownerTenantId ? owner.ownerTenantId : null;
  const rows = tenantId
    ? await trx
        .selectFrom('tenant_memberships as m')
        .innerJoin('staff_users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.display_name', 'm.role'])
        .where('m.tenant_id', '=', tenantId)
        .where('m.role', 'in', roles)
        .where('u.status', '=', 'active')
        .orderBy('m.created_at')
        .execute()
    : await trx
        .selectFrom('supplier_staff as m')
        .innerJoin('staff_users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.display_name', 'm.role'])
        .where('m.supplier_id', '=', (owner as { supplierId: string }).supplierId)
        .where('m.role', 'in', roles)
        .where('u.status', '=', 'active')
        .orderBy('m.created_at')
        .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
  }));
}
