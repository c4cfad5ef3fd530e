import { sql, type Kysely } from 'kysely';

// Roles are cluster-wide, so they are created only when missing and never dropped here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    begin
      if not exists (select from pg_roles where rolname = 'cardshop_app') then
        create role cardshop_app login nosuperuser nocreatedb nocreaterole noinherit nobypassrls;
      end if;
      if not exists (select from pg_roles where rolname = 'cardshop_platform') then
        create role cardshop_platform nologin nosuperuser nocreatedb nocreaterole nobypassrls;
      end if;
    end
    $$;
    grant cardshop_platform to cardshop_app;
    grant usage on schema public to cardshop_app, cardshop_platform;

    create function app_current_tenant() returns uuid
      language sql stable
      as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

    create function forbid_change() returns trigger
      language plpgsql
      as $$ begin raise exception '% is append-only', tg_table_name; end $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function forbid_change();
    drop function app_current_tenant();
  `.execute(db);
}
