import { sql, type Kysely } from 'kysely';

// Settings that apply to the whole platform, one row. Only the platform scope (operators, audited
// by asPlatform) reads or changes the row; a shop's transaction reads the fee it needs through
// app_platform_fee_bps(), a security-definer function that returns that one number and nothing else.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table platform_settings (
      id boolean primary key default true check (id),
      -- The platform's fee on each sale, in basis points of the line total (at most 30 %).
      platform_fee_bps integer not null default 0 check (platform_fee_bps between 0 and 3000),
      updated_at timestamptz not null default now(),
      updated_by uuid references staff_users (id) on delete set null
    );
    insert into platform_settings (id) values (true);
    grant select, update (platform_fee_bps, updated_at, updated_by) on platform_settings
      to cardshop_platform;

    create function app_platform_fee_bps() returns integer
      language sql stable security definer
      set search_path = pg_catalog, public
      as $$ select coalesce((select platform_fee_bps from public.platform_settings where id), 0) $$;
    revoke all on function app_platform_fee_bps() from public;
    grant execute on function app_platform_fee_bps() to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function app_platform_fee_bps();
    drop table platform_settings;
  `.execute(db);
}
