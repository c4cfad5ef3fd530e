import { sql, type Kysely } from 'kysely';

// A customer's balance (余额) topped up through a gateway. The top-up is the buyer's request; its
// one payment (payments.topup_id) is what the gateway confirms, so a payment now belongs to an
// order or to a top-up, never both. The money itself lives in the ledger (customer_balance).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table balance_topups (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      -- 1 元 to 5000 元 per top-up.
      amount_fen bigint not null check (amount_fen between 100 and 500000),
      currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
      status text not null default 'pending'
        check (status in ('pending', 'succeeded', 'failed', 'expired')),
      created_at timestamptz not null default now(),
      -- The pay link is offered until then; money that still arrives later is credited all the same.
      expires_at timestamptz not null,
      paid_at timestamptz,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      check (expires_at > created_at),
      check ((status = 'succeeded') = (paid_at is not null))
    );
    create index balance_topups_customer on balance_topups (tenant_id, customer_id, created_at desc);

    alter table balance_topups enable row level security;
    alter table balance_topups force row level security;
    create policy tenant_isolation on balance_topups to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on balance_topups to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on balance_topups to cardshop_app, cardshop_platform;

    alter table payments alter column order_id drop not null;
    alter table payments add column topup_id uuid;
    alter table payments add constraint payments_order_or_topup
      check (num_nonnulls(order_id, topup_id) = 1);
    alter table payments add constraint payments_topup_fkey
      foreign key (tenant_id, topup_id) references balance_topups (tenant_id, id);
    create unique index payments_topup on payments (tenant_id, topup_id) where topup_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Fails while top-up payments exist: their notifications are append-only, so they stay.
  await sql`
    drop index payments_topup;
    alter table payments drop constraint payments_topup_fkey;
    alter table payments drop constraint payments_order_or_topup;
    alter table payments drop column topup_id;
    alter table payments alter column order_id set not null;
    drop table balance_topups;
  `.execute(db);
}
