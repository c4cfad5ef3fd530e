import { sql, type Kysely } from 'kysely';

// Team invitations by email: a shop's in its tenant scope, a supplier's in its supplier scope.
// The emailed link carries `<id>.<secret>` (Lucia's token shape); only sha256(secret) is stored.
// An invitation is used once (accepted_at), can be revoked (revoked_at) and dies at expires_at.
// Supplier staff rows become writable from the supplier's own scope, so its owner runs the team
// without the platform scope; reading them stays open (console areas list them per person).
// A trigger keeps at least one owner on every team that still exists.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, scope, parent] of [
    ['tenant_invitations', 'tenant_id', 'tenants'],
    ['supplier_invitations', 'supplier_id', 'suppliers'],
  ] as const) {
    await sql`
      create table ${sql.table(table)} (
        ${sql.ref(scope)} uuid not null references ${sql.table(parent)} (id) on delete cascade,
        id text not null check (id ~ '^[a-z2-9]{24}$'),
        email text not null
          check (email = lower(email) and position('@' in email) > 1 and length(email) <= 254),
        role text not null check (role in ('owner', 'manager', 'support', 'finance')),
        token_hash bytea not null check (length(token_hash) = 32),
        invited_by uuid references staff_users (id) on delete set null,
        created_at timestamptz not null default now(),
        sent_at timestamptz not null default now(),
        expires_at timestamptz not null,
        accepted_at timestamptz,
        accepted_by uuid references staff_users (id) on delete set null,
        revoked_at timestamptz,
        revoked_by uuid references staff_users (id) on delete set null,
        primary key (${sql.ref(scope)}, id),
        check (accepted_at is null or revoked_at is null)
      );
      -- The link names the invitation by id alone (the person has no scope yet).
      create unique index ${sql.raw(`${table}_id`)} on ${sql.table(table)} (id);
      -- One open invitation per person and team; a new one replaces an expired one.
      create unique index ${sql.raw(`${table}_open`)} on ${sql.table(table)} (${sql.ref(scope)}, email)
        where accepted_at is null and revoked_at is null;
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy platform_scope on ${sql.table(table)} to cardshop_platform using (true) with check (true);
      grant select, insert, update, delete on ${sql.table(table)} to cardshop_app, cardshop_platform;
    `.execute(db);
  }
  await sql`
    create policy tenant_isolation on tenant_invitations to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy supplier_scope on supplier_invitations to cardshop_app
      using (supplier_id = app_current_supplier()) with check (supplier_id = app_current_supplier());

    alter table supplier_staff enable row level security;
    alter table supplier_staff force row level security;
    create policy staff_read on supplier_staff for select to cardshop_app using (true);
    create policy supplier_scope on supplier_staff to cardshop_app
      using (supplier_id = app_current_supplier()) with check (supplier_id = app_current_supplier());
    create policy platform_scope on supplier_staff to cardshop_platform using (true) with check (true);
    grant insert, update, delete on supplier_staff to cardshop_app;

    create function keep_a_team_owner() returns trigger
      language plpgsql
      as $$
      begin
        if old.role <> 'owner' or (tg_op = 'UPDATE' and new.role = 'owner') then
          return null;
        end if;
        if tg_table_name = 'tenant_memberships' then
          if exists (select 1 from tenants where id = old.tenant_id)
             and not exists (select 1 from tenant_memberships
                             where tenant_id = old.tenant_id and role = 'owner') then
            raise exception 'the last owner of shop % cannot be removed or demoted', old.tenant_id
              using errcode = 'check_violation';
          end if;
        elsif exists (select 1 from suppliers where id = old.supplier_id)
              and not exists (select 1 from supplier_staff
                              where supplier_id = old.supplier_id and role = 'owner') then
          raise exception 'the last owner of supplier % cannot be removed or demoted', old.supplier_id
            using errcode = 'check_violation';
        end if;
        return null;
      end
      $$;
    create trigger keep_a_team_owner after update of role or delete on tenant_memberships
      for each row execute function keep_a_team_owner();
    create trigger keep_a_team_owner after update of role or delete on supplier_staff
      for each row execute function keep_a_team_owner();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger keep_a_team_owner on supplier_staff;
    drop trigger keep_a_team_owner on tenant_memberships;
    drop function keep_a_team_owner();
    revoke insert, update, delete on supplier_staff from cardshop_app;
    drop policy platform_scope on supplier_staff;
    drop policy supplier_scope on supplier_staff;
    drop policy staff_read on supplier_staff;
    alter table supplier_staff no force row level security;
    alter table supplier_staff disable row level security;
    drop table supplier_invitations;
    drop table tenant_invitations;
  `.execute(db);
}
