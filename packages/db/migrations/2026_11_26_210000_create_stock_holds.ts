import { sql, type Kysely } from 'kysely';

// Physical cards are counted stock: no codes, only sku_stock's counters. An order line of one
// holds its units here (one row per line), so the shop's own transaction can move the SKU's
// counters under RLS exactly as code_allocations lets it for card codes (docs/decisions/003 and
// 010): the hold is written first and the counters last, and a shop may update a SKU's counters
// only while it holds reserved units in it. The supplier that ships the card turns the hold sold in
// its own scope; a sold hold never changes again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table stock_holds (
      tenant_id uuid not null,
      order_line_id uuid not null,
      order_id uuid not null,
      sku_id uuid not null references skus (id),
      supplier_id uuid not null references suppliers (id),
      quantity integer not null check (quantity between 1 and 1000),
      state text not null default 'reserved' check (state in ('reserved', 'sold')),
      reserved_at timestamptz not null default now(),
      sold_at timestamptz,
      primary key (tenant_id, order_line_id),
      foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id),
      check ((state = 'sold') = (sold_at is not null))
    );
    create index stock_holds_order on stock_holds (tenant_id, order_id);
    create index stock_holds_tenant_sku on stock_holds (tenant_id, sku_id) where state = 'reserved';
    create index stock_holds_supplier on stock_holds (supplier_id, sku_id);

    create function stock_holds_keep_sold() returns trigger
      language plpgsql
      as $$
      begin
        if old.state = 'sold' then
          raise exception 'the hold of order line % is sold and permanent', old.order_line_id;
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end $$;
    create trigger stock_holds_keep_sold before update or delete on stock_holds
      for each row execute function stock_holds_keep_sold();

    alter table stock_holds enable row level security;
    alter table stock_holds force row level security;
    -- A reseller's private supplier carries its shop's tenant: that scope is not the shop's.
    create policy tenant_isolation on stock_holds to cardshop_app
      using (app_current_supplier() is null and tenant_id = app_current_tenant())
      with check (app_current_supplier() is null and tenant_id = app_current_tenant());
    create policy supplier_read on stock_holds for select to cardshop_app
      using (supplier_id = app_current_supplier());
    -- Shipping the card is the supplier's one move: reserved to sold.
    create policy supplier_sell on stock_holds for update to cardshop_app
      using (supplier_id = app_current_supplier() and state = 'reserved')
      with check (supplier_id = app_current_supplier() and state = 'sold');
    create policy platform_scope on stock_holds to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on stock_holds to cardshop_app, cardshop_platform;

    create policy tenant_hold_update on sku_stock for update to cardshop_app
      using (app_current_supplier() is null and exists (
        select 1 from stock_holds h
        where h.tenant_id = app_current_tenant() and h.sku_id = sku_stock.sku_id
          and h.state = 'reserved'))
      with check (app_current_supplier() is null and exists (
        select 1 from stock_holds h
        where h.tenant_id = app_current_tenant() and h.sku_id = sku_stock.sku_id
          and h.state = 'reserved'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop policy tenant_hold_update on sku_stock;
    drop table stock_holds;
    drop function stock_holds_keep_sold();
  `.execute(db);
}
