import { sql, type Kysely } from 'kysely';

// Payments of orders, the gateway notifications that confirmed them, and refunds. A notification
// is recorded once per (shop, provider, event) in the transaction that acts on it, so a replay
// finds it and changes nothing; rows are never changed afterwards.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table payments (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      order_id uuid not null,
      provider text not null check (provider ~ '^[a-z][a-z0-9_]{1,31}$'),
      provider_transaction_id text check (length(provider_transaction_id) between 1 and 128),
      amount_fen bigint not null check (amount_fen > 0),
      currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
      status text not null default 'pending'
        check (status in ('pending', 'succeeded', 'failed', 'refunded')),
      created_at timestamptz not null default now(),
      succeeded_at timestamptz,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      constraint payments_provider_transaction_key unique (tenant_id, provider, provider_transaction_id),
      foreign key (tenant_id, order_id) references orders (tenant_id, id),
      check (status in ('pending', 'failed') or provider_transaction_id is not null)
    );
    create index payments_order on payments (tenant_id, order_id);

    create table payment_notifications (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      provider text not null,
      event_id text not null check (length(event_id) between 1 and 128),
      provider_transaction_id text not null,
      payment_id uuid not null,
      body_sha256 bytea not null check (length(body_sha256) = 32),
      amount_fen bigint not null,
      currency text not null,
      outcome text not null check (outcome in (
        'paid', 'late_paid', 'late_refunded', 'duplicate_refunded', 'amount_mismatch',
        'payment_failed', 'ignored'
      )),
      received_at timestamptz not null default now(),
      primary key (tenant_id, id),
      constraint payment_notifications_event_key unique (tenant_id, provider, event_id),
      foreign key (tenant_id, payment_id) references payments (tenant_id, id)
    );
    create trigger payment_notifications_append_only before update or delete on payment_notifications
      for each row execute function forbid_change();

    -- Money going back to a buyer: at once to their balance (余额), or through the gateway that
    -- took it (guests have no balance), which a job asks the provider for.
    create table refunds (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      order_id uuid not null,
      order_line_id uuid,
      payment_id uuid,
      amount_fen bigint not null check (amount_fen > 0),
      currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
      destination text not null check (destination in ('balance', 'original_payment')),
      reason text not null check (reason in (
        'late_payment_no_stock', 'duplicate_payment', 'fulfilment_failed', 'requested'
      )),
      status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
      provider_refund_id text,
      last_error text,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      primary key (tenant_id, id),
      -- One refund per order line, and one per payment for refunds of a whole payment.
      constraint refunds_line_key unique (tenant_id, order_line_id),
      foreign key (tenant_id, order_id) references orders (tenant_id, id),
      foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id),
      foreign key (tenant_id, payment_id) references payments (tenant_id, id),
      check ((status = 'pending') = (completed_at is null))
    );
    create unique index refunds_payment_key on refunds (tenant_id, payment_id)
      where order_line_id is null;
    create index refunds_order on refunds (tenant_id, order_id);
  `.execute(db);

  for (const table of ['payments', 'payment_notifications', 'refunds']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to cardshop_app
        using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
      create policy platform_scope on ${sql.table(table)} to cardshop_platform using (true) with check (true);
      grant select, insert, update, delete on ${sql.table(table)} to cardshop_app, cardshop_platform;
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table refunds;
    drop table payment_notifications;
    drop table payments;
  `.execute(db);
}
