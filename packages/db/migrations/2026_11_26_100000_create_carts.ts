import { sql, type Kysely } from 'kysely';

// Shopping carts, server-side and per shop. A cart belongs to a signed-in customer (one each) or
// to a guest, found by the sha256 of a random token kept in a host-only cookie. Its items name
// listings: a listing the shop removes leaves every cart with it, and prices are always read
// from the listing as it is now (nothing is snapshotted until checkout).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table carts (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      customer_id uuid,
      guest_token_hash bytea check (length(guest_token_hash) = 32),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      constraint carts_customer_key unique (tenant_id, customer_id),
      constraint carts_guest_token_key unique (tenant_id, guest_token_hash),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
      constraint carts_one_owner check ((customer_id is null) <> (guest_token_hash is null))
    );
    -- Guest carts nobody came back to are pruned by age.
    create index carts_guest_age on carts (tenant_id, updated_at) where customer_id is null;

    create table cart_items (
      tenant_id uuid not null,
      cart_id uuid not null,
      listing_id uuid not null,
      quantity integer not null check (quantity between 1 and 1000),
      added_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, cart_id, listing_id),
      foreign key (tenant_id, cart_id) references carts (tenant_id, id) on delete cascade,
      foreign key (tenant_id, listing_id) references listings (tenant_id, id) on delete cascade
    );
    create index cart_items_listing on cart_items (tenant_id, listing_id);
  `.execute(db);

  for (const table of ['carts', 'cart_items']) {
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
    drop table cart_items;
    drop table carts;
  `.execute(db);
}
