import type { Database, PlatformTx } from '@cardshop/db';
import type { Branding, TenantStatus } from '@cardshop/db';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  branding: Branding;
}

const tenantColumns = ['id', 'slug', 'name', 'status', 'branding'] as const;

/** Shop names and branding are public, so these read without a tenant scope. */
export async function findTenantBySlug(db: Database, slug: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').select(tenantColumns).where('slug', '=', slug).executeTakeFirst();
}

export async function findTenantById(db: Database, id: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').select(tenantColumns).where('id', '=', id).executeTakeFirst();
}

/** The shop a verified custom domain points at; the oldest verification wins. */
export async function findTenantByVerifiedHost(
  db: Database,
  hostname: string,
): Promise<Tenant | undefined> {
  return db
    .selectFrom('tenant_domains as d')
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .select(['t.id', 't.slug', 't.name', 't.status', 't.branding'])
    .where('d.hostname', '=', hostname)
    .where('d.status', '=', 'verified')
    .orderBy('d.verified_at')
    .orderBy('d.tenant_id')
    .limit(1)
    .executeTakeFirst();
}

export interface TenantSummary extends Tenant {
  createdAt: Date;
  memberCount: number;
  domainCount: number;
}

export async function platformListTenants(trx: PlatformTx): Promise<TenantSummary[]> {
  const rows = await trx
    .selectFrom('tenants as t')
    .select((eb) => [
      't.id',
      't.slug',
      't.name',
      't.status',
      't.branding',
      't.created_at',
      eb
        .selectFrom('tenant_memberships as m')
        .whereRef('m.tenant_id', '=', 't.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('member_count'),
      eb
        .selectFrom('tenant_domains as d')
        .whereRef('d.tenant_id', '=', 't.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('domain_count'),
    ])
    .orderBy('t.created_at')
    .orderBy('t.slug')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    status: r.status,
    branding: r.branding,
    createdAt: r.created_at,
    memberCount: Number(r.member_count ?? 0),
    domainCount: Number(r.domain_count ?? 0),
  }));
}
