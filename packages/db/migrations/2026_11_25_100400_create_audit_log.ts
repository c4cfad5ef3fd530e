import { sql, type Kysely } from 'kysely';

// Append-only: no role is granted update or delete, and a trigger refuses them even to the owner.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table tenant_audit_log (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      occurred_at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('staff', 'customer', 'system', 'api')),
      actor_id text,
      action text not null,
      target_type text,
      target_id text,
      ip text,
      data jsonb not null default '{}'::jsonb,
      primary key (tenant_id, id)
    );
    create index tenant_audit_log_time on tenant_audit_log (tenant_id, occurred_at desc);
    alter table tenant_audit_log enable row level security;
    alter table tenant_audit_log force row level security;
    create policy tenant_isolation on tenant_audit_log to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on tenant_audit_log to cardshop_platform using (true) with check (true);
    grant select, insert on tenant_audit_log to cardshop_app, cardshop_platform;
    create trigger tenant_audit_log_append_only before update or delete on tenant_audit_log
      for each row execute function forbid_change();
    create trigger tenant_audit_log_no_truncate before truncate on tenant_audit_log
      for each statement execute function forbid_change();

    create table platform_audit_log (
      id uuid primary key default gen_random_uuid(),
      occurred_at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('staff', 'system')),
      actor_id text,
      action text not null,
      subject_tenant_id uuid,
      target_type text,
      target_id text,
      ip text,
      data jsonb not null default '{}'::jsonb
    );
    create index platform_audit_log_time on platform_audit_log (occurred_at desc);
    grant insert on platform_audit_log to cardshop_app;
    grant select, insert on platform_audit_log to cardshop_platform;
    create trigger platform_audit_log_append_only before update or delete on platform_audit_log
      for each row execute function forbid_change();
    create trigger platform_audit_log_no_truncate before truncate on platform_audit_log
      for each statement execute function forbid_change();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table platform_audit_log;
    drop table tenant_audit_log;
  `.execute(db);
}
