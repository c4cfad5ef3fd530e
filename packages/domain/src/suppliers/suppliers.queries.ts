import type { PlatformTx, SupplierStatus } from '@cardshop/db';

export interface SupplierSummary {
  id: string;
  slug: string;
  name: string;
  status: SupplierStatus;
  contactEmail: string | null;
  createdAt: Date;
  staffCount: number;
}

export async function platformListSuppliers(trx: PlatformTx): Promise<SupplierSummary[]> {
  const rows = await trx
    .selectFrom('suppliers as s')
    .select((eb) => [
      's.id',
      's.slug',
      's.name',
      's.status',
      's.contact_email',
      's.created_at',
      eb
        .selectFrom('supplier_staff as st')
        .whereRef('st.supplier_id', '=', 's.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('staff_count'),
    ])
    .orderBy('s.created_at')
    .orderBy('s.slug')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    status: r.status,
    contactEmail: r.contact_email,
    createdAt: r.created_at,
    staffCount: Number(r.staff_count ?? 0),
  }));
}
