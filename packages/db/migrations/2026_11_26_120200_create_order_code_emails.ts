import { sql, type Kysely } from 'kysely';

// The mail with an order's card codes (自动发卡): one row per order, written with the job that
// sends it, in the transaction that delivered the codes. sent_at is set once the mail went out,
// so a job that runs twice sends it once.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table order_code_emails (
      tenant_id uuid not null references tenants (id) on delete cascade,
      order_id uuid not null,
      recipient text not null check (
        recipient = lower(recipient) and position('@' in recipient) > 1 and length(recipient) <= 254
      ),
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      primary key (tenant_id, order_id),
      foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
    );

    alter table order_code_emails enable row level security;
    alter table order_code_emails force row level security;
    create policy tenant_isolation on order_code_emails to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on order_code_emails to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on order_code_emails to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table order_code_emails;`.execute(db);
}
