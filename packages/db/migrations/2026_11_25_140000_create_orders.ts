import { sql, type Kysely } from 'kysely';

// Orders and their lines (tenant-owned), and code_allocations: the bridge between a supplier's card
// codes and a shop's order lines. A shop's transaction reserves and sells codes itself, under RLS,
// through narrow policies: it reaches only available codes of SKUs it lists and codes allocated to
// its own order lines, and only while no supplier scope is set (docs/decisions/003).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table orders (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      -- Shown to buyers and quoted to support: date (Beijing) and random digits, unique per shop.
      number text not null check (number ~ '^[0-9]{16}$'),
      -- A retried or double-clicked checkout carries the same key and gets the same order.
      idempotency_key text not null check (length(idempotency_key) between 8 and 100),
      request_hash bytea not null,
      -- customers may live in another migration's table; no foreign key on purpose.
      customer_id uuid,
      contact_email text check (
        contact_email = lower(contact_email) and position('@' in contact_email) > 1
        and length(contact_email) <= 254
      ),
      contact_phone text check (contact_phone ~ '^1[3-9][0-9]{9}$'),
      -- 查单密码 of a guest, argon2id.
      lookup_password_hash text,
      status text not null default 'pending_payment' check (status in (
        'pending_payment', 'paid', 'delivered', 'partially_delivered', 'cancelled', 'expired',
        'refunded', 'partially_refunded'
      )),
      currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
      total_fen bigint not null check (total_fen > 0),
      wholesale_fen bigint not null check (wholesale_fen >= 0),
      platform_fee_fen bigint check (platform_fee_fen >= 0),
      refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= total_fen),
      expires_at timestamptz not null,
      ip text check (length(ip) <= 64),
      created_at timestamptz not null default now(),
      paid_at timestamptz,
      delivered_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      constraint orders_number_key unique (tenant_id, number),
      constraint orders_idempotency_key unique (tenant_id, idempotency_key),
      -- A guest must be reachable and able to look the order up again.
      constraint orders_guest_contact check (
        customer_id is not null
        or ((contact_email is not null or contact_phone is not null) and lookup_password_hash is not null)
      )
    );
    create index orders_open_by_ip on orders (tenant_id, ip) where status = 'pending_payment';
    create index orders_by_email on orders (tenant_id, contact_email, created_at desc)
      where contact_email is not null;
    create index orders_by_phone on orders (tenant_id, contact_phone, created_at desc)
      where contact_phone is not null;
    create index orders_by_customer on orders (tenant_id, customer_id, created_at desc)
      where customer_id is not null;

    create table order_lines (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      order_id uuid not null,
      line_no smallint not null check (line_no between 1 and 50),
      -- Listings can be removed later; the line keeps what was bought and at what price.
      listing_id uuid not null,
      product_id uuid not null references products (id),
      sku_id uuid not null references skus (id),
      supplier_id uuid not null references suppliers (id),
      product_type text not null check (product_type in ('card_code', 'direct_topup', 'physical_card')),
      product_name text not null,
      sku_name text not null,
      unit_price_fen bigint not null check (unit_price_fen > 0),
      unit_wholesale_fen bigint not null check (unit_wholesale_fen >= 0),
      quantity integer not null check (quantity between 1 and 1000),
      total_fen bigint generated always as (unit_price_fen * quantity) stored,
      -- Set when the payment is booked, so a refund reverses exactly what was charged.
      platform_fee_fen bigint check (platform_fee_fen >= 0),
      topup_account jsonb,
      shipping_address jsonb,
      status text not null default 'pending_payment' check (status in (
        'pending_payment', 'paid', 'delivered', 'refunded', 'cancelled', 'expired'
      )),
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      refunded_at timestamptz,
      primary key (tenant_id, id),
      constraint order_lines_line_no_key unique (tenant_id, order_id, line_no),
      foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
      check ((product_type = 'direct_topup') = (topup_account is not null)),
      check ((product_type = 'physical_card') = (shipping_address is not null))
    );
    create index order_lines_sku on order_lines (tenant_id, sku_id);
  `.execute(db);

  for (const table of ['orders', 'order_lines']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to cardshop_app
        using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
      create policy platform_scope on ${sql.table(table)} to cardshop_platform using (true) with check (true);
      grant select, insert, update, delete on ${sql.table(table)} to cardshop_app, cardshop_platform;
    `.execute(db);
  }

  await sql`
    -- Units handed out so far: a shared-account code's allocations are numbered by it, so a
    -- released use never collides with one still held.
    alter table card_codes add column allocation_seq integer not null default 0
      check (allocation_seq >= 0);

    -- Which order line holds which code (a shared-account code: which use of it). The primary key
    -- is the invariant: a single-use code has unit 1 only, so it belongs to at most one order line,
    -- whichever shop sold it. Keyed by the code, not by a shop, like card_codes.
    create table code_allocations (
      code_id uuid not null references card_codes (id),
      unit integer not null check (unit >= 1),
      sku_id uuid not null references skus (id),
      supplier_id uuid not null references suppliers (id),
      order_tenant_id uuid not null,
      order_id uuid not null,
      order_line_id uuid not null,
      state text not null default 'reserved' check (state in ('reserved', 'sold')),
      reserved_at timestamptz not null default now(),
      sold_at timestamptz,
      primary key (code_id, unit),
      foreign key (order_tenant_id, order_line_id) references order_lines (tenant_id, id),
      check ((state = 'sold') = (sold_at is not null))
    );
    create index code_allocations_line on code_allocations (order_tenant_id, order_line_id);
    create index code_allocations_tenant_sku on code_allocations (order_tenant_id, sku_id);
    create index code_allocations_supplier on code_allocations (supplier_id, sku_id);

    -- A sold code stays sold to its line: the allocation can no longer change or go.
    create function code_allocations_keep_sold() returns trigger
      language plpgsql
      as $$
      begin
        if old.state = 'sold' then
          raise exception 'code % unit % is sold and its allocation is permanent', old.code_id, old.unit;
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end $$;
    create trigger code_allocations_keep_sold before update or delete on code_allocations
      for each row execute function code_allocations_keep_sold();

    alter table code_allocations enable row level security;
    alter table code_allocations force row level security;
    create policy tenant_allocations on code_allocations to cardshop_app
      using (app_current_supplier() is null and order_tenant_id = app_current_tenant())
      with check (app_current_supplier() is null and order_tenant_id = app_current_tenant());
    create policy supplier_read on code_allocations for select to cardshop_app
      using (supplier_id = app_current_supplier());
    create policy platform_scope on code_allocations to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on code_allocations to cardshop_app, cardshop_platform;

    -- Checkout in a shop's transaction (no supplier scope): it may see and lock the available codes
    -- of SKUs the shop lists, and the codes allocated to its own order lines, and move them only
    -- between available, reserved and sold.
    create policy tenant_checkout_read on card_codes for select to cardshop_app using (
      app_current_supplier() is null and (
        exists (select 1 from code_allocations a
                where a.code_id = card_codes.id and a.order_tenant_id = app_current_tenant())
        or (state = 'available' and exists (
              select 1 from listings l
              where l.tenant_id = app_current_tenant() and l.sku_id = card_codes.sku_id))));
    create policy tenant_checkout_update on card_codes for update to cardshop_app
      using (
        app_current_supplier() is null and (
          exists (select 1 from code_allocations a
                  where a.code_id = card_codes.id and a.order_tenant_id = app_current_tenant())
          or (state = 'available' and exists (
                select 1 from listings l
                where l.tenant_id = app_current_tenant() and l.sku_id = card_codes.sku_id))))
      with check (
        app_current_supplier() is null and state in ('available', 'reserved', 'sold') and (
          exists (select 1 from code_allocations a
                  where a.code_id = card_codes.id and a.order_tenant_id = app_current_tenant())
          or exists (select 1 from listings l
                     where l.tenant_id = app_current_tenant() and l.sku_id = card_codes.sku_id)));

    -- The same transaction keeps the SKU's counters in step: only for SKUs in which the shop
    -- holds allocations (written first), so it cannot touch any other stock row.
    create policy tenant_checkout_update on sku_stock for update to cardshop_app
      using (app_current_supplier() is null and exists (
        select 1 from code_allocations a
        where a.order_tenant_id = app_current_tenant() and a.sku_id = sku_stock.sku_id))
      with check (app_current_supplier() is null and exists (
        select 1 from code_allocations a
        where a.order_tenant_id = app_current_tenant() and a.sku_id = sku_stock.sku_id));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop policy tenant_checkout_update on sku_stock;
    drop policy tenant_checkout_update on card_codes;
    drop policy tenant_checkout_read on card_codes;
    drop table code_allocations;
    drop function code_allocations_keep_sold();
    alter table card_codes drop column allocation_seq;
    drop table order_lines;
    drop table orders;
  `.execute(db);
}
