import { sql, type Kysely } from 'kysely';

// Every change a supplier makes by hand to a physical card's quantity on hand (a stock count, a
// delivery from the issuer, damaged cards taken out), with who, why, and the quantity before and
// after. Append-only, like the audit logs; only the supplier that owns the SKU and the platform
// read it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table stock_adjustments (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references suppliers (id),
      sku_id uuid not null references skus (id),
      kind text not null check (kind in ('set', 'add', 'remove')),
      quantity integer not null check (quantity between 0 and 1000000),
      -- On hand = available + reserved (units in the supplier's hands, sold or not yet shipped).
      on_hand_before bigint not null check (on_hand_before >= 0),
      on_hand_after bigint not null check (on_hand_after >= 0),
      reason text not null check (length(reason) between 1 and 200),
      created_by uuid references staff_users (id),
      created_at timestamptz not null default now()
    );
    create index stock_adjustments_sku on stock_adjustments (sku_id, created_at desc);

    create trigger stock_adjustments_append_only before update or delete on stock_adjustments
      for each row execute function forbid_change();

    alter table stock_adjustments enable row level security;
    alter table stock_adjustments force row level security;
    create policy supplier_read on stock_adjustments for select to cardshop_app
      using (supplier_id = app_current_supplier());
    create policy supplier_insert on stock_adjustments for insert to cardshop_app
      with check (supplier_id = app_current_supplier());
    create policy platform_scope on stock_adjustments to cardshop_platform
      using (true) with check (true);
    grant select, insert on stock_adjustments to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table stock_adjustments`.execute(db);
}
