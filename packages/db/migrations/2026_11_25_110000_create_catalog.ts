import { sql, type Kysely } from 'kysely';

// The shared catalog: platform categories, supplier products and SKUs. Not tenant-owned, but
// scoped: a supplier writes only its own rows (app.supplier_id), and a reseller's private goods
// (owner_tenant_id) are visible only inside that shop.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function app_current_supplier() returns uuid
      language sql stable
      as $$ select nullif(current_setting('app.supplier_id', true), '')::uuid $$;

    alter table suppliers add column owner_tenant_id uuid references tenants (id);
    create unique index suppliers_private_owner on suppliers (owner_tenant_id) where owner_tenant_id is not null;

    create table categories (
      id uuid primary key default gen_random_uuid(),
      parent_id uuid references categories (id),
      slug text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
      name text not null check (length(name) between 1 and 40),
      name_en text not null check (length(name_en) between 1 and 60),
      icon text not null default '',
      sort_order integer not null default 0,
      status text not null default 'active' check (status in ('active', 'hidden')),
      created_at timestamptz not null default now()
    );
    create index categories_parent on categories (parent_id, sort_order);
    grant select on categories to cardshop_app;
    grant select, insert, update, delete on categories to cardshop_platform;

    create table products (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references suppliers (id),
      owner_tenant_id uuid references tenants (id),
      category_id uuid not null references categories (id),
      type text not null check (type in ('card_code', 'direct_topup', 'physical_card')),
      name text not null check (length(name) between 1 and 80),
      description_md text not null default '' check (length(description_md) <= 20000),
      image_path text,
      -- direct_topup: the account fields the buyer fills in, each with its validation rule.
      topup_fields jsonb not null default '[]'::jsonb,
      -- Shown to the buyer before purchase, e.g. "仅限中国大陆区账号".
      region_lock text check (length(region_lock) <= 80),
      status text not null default 'active' check (status in ('draft', 'active', 'delisted')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (type = 'direct_topup' or topup_fields = '[]'::jsonb)
    );
    create index products_supplier on products (supplier_id, created_at desc);
    create index products_category on products (category_id) where status = 'active';

    create table skus (
      id uuid primary key default gen_random_uuid(),
      product_id uuid not null references products (id) on delete cascade,
      supplier_id uuid not null references suppliers (id),
      owner_tenant_id uuid references tenants (id),
      name text not null check (length(name) between 1 and 60),
      face_value_fen bigint check (face_value_fen > 0),
      wholesale_price_fen bigint not null check (wholesale_price_fen > 0),
      min_per_order integer not null default 1 check (min_per_order >= 1),
      max_per_order integer not null default 10 check (max_per_order >= min_per_order and max_per_order <= 1000),
      status text not null default 'active' check (status in ('active', 'inactive', 'delisted')),
      -- single: each code sold once; reusable: a shared account sold up to reuse_limit times.
      code_kind text not null default 'single' check (code_kind in ('single', 'reusable')),
      reuse_limit integer check (reuse_limit between 2 and 10000),
      low_stock_threshold integer not null default 10 check (low_stock_threshold >= 0),
      sort_order integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      -- NULL-free form of owner_tenant_id, so listings can reference (id, owner_key) and let the
      -- foreign key (which sees past RLS) prove a shop lists only public goods or its own.
      owner_key uuid not null generated always as
        (coalesce(owner_tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)) stored,
      check ((code_kind = 'reusable') = (reuse_limit is not null)),
      unique (id, owner_key)
    );
    create index skus_product on skus (product_id, sort_order);
    create index skus_supplier on skus (supplier_id);

    -- Sellable units per SKU, kept in step with card_codes in the same transaction, so a page view
    -- reads one row instead of counting codes.
    create table sku_stock (
      sku_id uuid primary key references skus (id) on delete cascade,
      supplier_id uuid not null references suppliers (id),
      owner_tenant_id uuid references tenants (id),
      available bigint not null default 0 check (available >= 0),
      reserved bigint not null default 0 check (reserved >= 0),
      sold bigint not null default 0 check (sold >= 0),
      low_stock_notified_at timestamptz,
      updated_at timestamptz not null default now()
    );

    -- Private goods never leak: the owner of a product, its SKUs and their stock must match the
    -- supplier's owner, whatever the code writing them forgets.
    create function check_catalog_owner() returns trigger
      language plpgsql
      as $$
      declare expected uuid;
      begin
        select owner_tenant_id into expected from suppliers where id = new.supplier_id;
        if new.owner_tenant_id is distinct from expected then
          raise exception '%.owner_tenant_id must equal the supplier''s owner', tg_table_name;
        end if;
        return new;
      end $$;
    create trigger products_owner before insert or update on products
      for each row execute function check_catalog_owner();
    create trigger skus_owner before insert or update on skus
      for each row execute function check_catalog_owner();
    create trigger sku_stock_owner before insert or update on sku_stock
      for each row execute function check_catalog_owner();
  `.execute(db);

  for (const table of ['products', 'skus', 'sku_stock']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      -- Anyone on the platform may read public goods; private goods only in their shop.
      create policy catalog_read on ${sql.table(table)} for select to cardshop_app
        using (owner_tenant_id is null or owner_tenant_id = app_current_tenant()
               or supplier_id = app_current_supplier());
      create policy supplier_insert on ${sql.table(table)} for insert to cardshop_app
        with check (supplier_id = app_current_supplier());
      create policy supplier_update on ${sql.table(table)} for update to cardshop_app
        using (supplier_id = app_current_supplier()) with check (supplier_id = app_current_supplier());
      create policy supplier_delete on ${sql.table(table)} for delete to cardshop_app
        using (supplier_id = app_current_supplier());
      create policy platform_scope on ${sql.table(table)} to cardshop_platform using (true) with check (true);
      grant select, insert, update, delete on ${sql.table(table)} to cardshop_app, cardshop_platform;
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table sku_stock;
    drop table skus;
    drop table products;
    drop function check_catalog_owner();
    drop table categories;
    drop index suppliers_private_owner;
    alter table suppliers drop column owner_tenant_id;
    drop function app_current_supplier();
  `.execute(db);
}
