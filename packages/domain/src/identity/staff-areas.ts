import { asStaffUser, type Database, type StaffRole } from '@cardshop/db';

export interface StaffAreas {
  platform: boolean;
  shops: Array<{ tenantId: string; slug: string; name: string; role: StaffRole }>;
  suppliers: Array<{
    supplierId: string;
    slug: string;
    name: string;
    role: StaffRole;
    /** Set for a shop's own private supplier, reached through the shop membership. */
    ownerTenantId: string | null;
  }>;
}

/** Roles of a shop that may also run its private supplier (list and stock its own goods). */
export const PRIVATE_SUPPLIER_ROLES: StaffRole[] = ['owner', 'manager'];

/** The console areas one staff member may open: platform, their shops, their suppliers. */
export async function listStaffAreas(
  db: Database,
  user: { id: string; platformRole: string | null },
): Promise<StaffAreas> {
  return asStaffUser(db, user.id, async (trx) => {
    const shops = await trx
      .selectFrom('tenant_memberships as m')
      .innerJoin('tenants as t', 't.id', 'm.tenant_id')
      .select(['t.id as tenantId', 't.slug', 't.name', 'm.role'])
      .where('m.user_id', '=', user.id)
      .where('t.status', '<>', 'closed')
      .orderBy('t.name')
      .execute();
    const direct = await trx
      .selectFrom('supplier_staff as st')
      .innerJoin('suppliers as s', 's.id', 'st.supplier_id')
      .select([
        's.id as supplierId',
        's.slug',
        's.name',
        'st.role',
        's.owner_tenant_id as ownerTenantId',
      ])
      .where('st.user_id', '=', user.id)
      .orderBy('s.name')
      .execute();
    const managed = shops
      .filter((s) => PRIVATE_SUPPLIER_ROLES.includes(s.role))
      .map((s) => s.tenantId);
    const privateSuppliers = managed.length
      ? await trx
          .selectFrom('suppliers as s')
          .select(['s.id as supplierId', 's.slug', 's.name', 's.owner_tenant_id as ownerTenantId'])
          .where('s.owner_tenant_id', 'in', managed)
          .execute()
      : [];
    const suppliers = [
      ...direct,
      ...privateSuppliers
        .filter((p) => !direct.some((d) => d.supplierId === p.supplierId))
        .map((p) => ({
          ...p,
          role: shops.find((s) => s.tenantId === p.ownerTenantId)!.role,
        })),
    ];
    return { platform: user.platformRole !== null, shops, suppliers };
  });
}
