import { sql, type Kysely } from 'kysely';

// The built-in test gateway's own record of what the buyer chose on its hosted pay page: one row
// per choice, with the event and transaction ids its notification carries on every retry. A
// payment has at most one successful charge, so a second click on "pay" sends the same one again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table test_gateway_charges (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      payment_id uuid not null,
      status text not null check (status in ('succeeded', 'failed')),
      event_id text not null check (length(event_id) between 1 and 128),
      transaction_id text not null check (length(transaction_id) between 1 and 128),
      created_at timestamptz not null default now(),
      -- When the shop's webhook acknowledged the notification.
      acknowledged_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, payment_id) references payments (tenant_id, id) on delete cascade
    );
    create unique index test_gateway_charges_succeeded on test_gateway_charges (tenant_id, payment_id)
      where status = 'succeeded';
    create index test_gateway_charges_payment on test_gateway_charges (tenant_id, payment_id, created_at);

    alter table test_gateway_charges enable row level security;
    alter table test_gateway_charges force row level security;
    create policy tenant_isolation on test_gateway_charges to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on test_gateway_charges to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on test_gateway_charges to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table test_gateway_charges;`.execute(db);
}
