import { sql, type Kysely } from 'kysely';

// A supplier cannot read a shop's order lines, so a shipment carries what to send (SKU, product and
// SKU name, as fulfilment tasks do) and, once sent, when. A shipped shipment always names its
// carrier and tracking number. The shop's order list pages by time, newest first.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table shipments
      add column sku_id uuid references skus (id),
      add column product_name text,
      add column sku_name text,
      add column shipped_at timestamptz;

    -- Rows written before these columns: fill them from their lines. The migration owner is held
    -- to the table's policies like everyone else (FORCE), so lift that for this one statement.
    alter table shipments no force row level security;
    update shipments s
      set sku_id = l.sku_id, product_name = l.product_name, sku_name = l.sku_name,
          shipped_at = case when s.status <> 'pending' then s.updated_at end
      from order_lines l
      where l.tenant_id = s.tenant_id and l.id = s.order_line_id;
    alter table shipments force row level security;

    alter table shipments
      alter column sku_id set not null,
      alter column product_name set not null,
      alter column sku_name set not null,
      add constraint shipments_tracking_when_shipped check (
        status in ('pending', 'cancelled')
        or (carrier is not null and tracking_number is not null and shipped_at is not null)
      ),
      add constraint shipments_carrier_length check (length(carrier) between 1 and 40),
      add constraint shipments_tracking_length check (length(tracking_number) between 4 and 40);

    create index orders_by_time on orders (tenant_id, created_at desc, id desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index orders_by_time;
    alter table shipments
      drop constraint shipments_tracking_length,
      drop constraint shipments_carrier_length,
      drop constraint shipments_tracking_when_shipped,
      drop column shipped_at,
      drop column sku_name,
      drop column product_name,
      drop column sku_id;
  `.execute(db);
}
