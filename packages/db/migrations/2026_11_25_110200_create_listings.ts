import { sql, type Kysely } from 'kysely';

// What a shop sells: its own categories and listings of catalog SKUs at its own retail price.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table tenants add column stock_display text not null default 'status'
      check (stock_display in ('exact', 'range', 'status'));

    create table shop_categories (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      slug text not null check (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
      name text not null check (length(name) between 1 and 40),
      icon text not null default '',
      sort_order integer not null default 0,
      visible boolean not null default true,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, slug)
    );

    create table listings (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      sku_id uuid not null,
      -- The SKU's owner_key: the zero uuid for public goods, else the shop that owns them.
      sku_owner_key uuid not null,
      product_id uuid not null references products (id),
      shop_category_id uuid,
      -- fixed: retail_price_fen as set; markup: wholesale + markup_bps / 10000, rounded up to the fen.
      pricing_mode text not null check (pricing_mode in ('fixed', 'markup')),
      retail_price_fen bigint check (retail_price_fen > 0),
      markup_bps integer check (markup_bps between 0 and 100000),
      -- The price the buyer pays now, recomputed whenever the wholesale price changes.
      price_fen bigint not null check (price_fen > 0),
      -- active; below_wholesale (a wholesale rise overtook a fixed price); supplier_delisted.
      status text not null default 'active' check (status in ('active', 'below_wholesale', 'supplier_delisted')),
      visible boolean not null default true,
      featured boolean not null default false,
      sort_order integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, sku_id),
      foreign key (tenant_id, shop_category_id) references shop_categories (tenant_id, id),
      foreign key (sku_id, sku_owner_key) references skus (id, owner_key),
      check (sku_owner_key = '00000000-0000-0000-0000-000000000000'::uuid or sku_owner_key = tenant_id),
      check ((pricing_mode = 'fixed') = (retail_price_fen is not null)),
      check ((pricing_mode = 'markup') = (markup_bps is not null))
    );
    create index listings_storefront on listings (tenant_id, shop_category_id, sort_order) where visible;
    create index listings_sku on listings (sku_id);

    create table tenant_notifications (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      kind text not null,
      title text not null,
      body text not null default '',
      data jsonb not null default '{}'::jsonb,
      read_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create index tenant_notifications_unread on tenant_notifications (tenant_id, created_at desc)
      where read_at is null;
  `.execute(db);

  for (const table of ['shop_categories', 'listings', 'tenant_notifications']) {
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
    drop table tenant_notifications;
    drop table listings;
    drop table shop_categories;
    alter table tenants drop column stock_display;
  `.execute(db);
}
