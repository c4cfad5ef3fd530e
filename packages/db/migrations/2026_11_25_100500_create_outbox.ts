import { sql, type Kysely } from 'kysely';

// Jobs that must happen are written here in the same transaction as the state change; the job id
// is the outbox id. Tenant traffic may only add rows; the relay reads them in the platform scope.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table outbox (
      id uuid primary key,
      queue text not null,
      name text not null,
      payload jsonb not null,
      run_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      dispatched_at timestamptz,
      completed_at timestamptz,
      attempts integer not null default 0,
      last_error text
    );
    create index outbox_open on outbox (run_at) where completed_at is null;
    grant insert on outbox to cardshop_app;
    grant select, insert, update, delete on outbox to cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table outbox;`.execute(db);
}
