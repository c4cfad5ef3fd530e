import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table tenants (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
      name text not null check (length(name) between 1 and 80),
      status text not null default 'active' check (status in ('active', 'suspended', 'closed')),
      branding jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    alter table tenants enable row level security;
    alter table tenants force row level security;
    -- Shop names and branding are public: the storefront reads them before it knows the tenant.
    create policy tenants_read on tenants for select to cardshop_app using (true);
    create policy tenants_update_own on tenants for update to cardshop_app
      using (id = app_current_tenant()) with check (id = app_current_tenant());
    create policy tenants_platform on tenants to cardshop_platform using (true) with check (true);
    grant select on tenants to cardshop_app;
    grant update (name, branding, updated_at) on tenants to cardshop_app;
    grant select, insert, update, delete on tenants to cardshop_platform;

    create table tenant_domains (
      tenant_id uuid not null references tenants (id) on delete cascade,
      hostname text not null check (
        hostname = lower(hostname) and hostname ~ '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$' and length(hostname) <= 253
      ),
      status text not null default 'pending' check (status in ('pending', 'verified', 'failed')),
      verification_token text not null,
      verified_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, hostname),
      check ((status = 'verified') = (verified_at is not null))
    );
    create index tenant_domains_verified_hostname on tenant_domains (hostname) where status = 'verified';
    alter table tenant_domains enable row level security;
    alter table tenant_domains force row level security;
    create policy tenant_isolation on tenant_domains to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    -- A verified domain points at the platform in public DNS, so routing may read it from any scope.
    create policy verified_domains_routable on tenant_domains for select to cardshop_app
      using (status = 'verified');
    create policy platform_scope on tenant_domains to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on tenant_domains to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table tenant_domains;
    drop table tenants;
  `.execute(db);
}
