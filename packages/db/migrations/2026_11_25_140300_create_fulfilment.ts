import { sql, type Kysely } from 'kysely';

// What paid orders ask of suppliers beyond card codes: a direct top-up to an account the buyer
// named (a task the supplier accepts, then marks done or failed), and a physical card to ship.
// Both belong to the shop; the supplier that fulfils them reads and updates its own.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table fulfilment_tasks (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      order_id uuid not null,
      order_line_id uuid not null,
      supplier_id uuid not null references suppliers (id),
      sku_id uuid not null references skus (id),
      product_name text not null,
      sku_name text not null,
      quantity integer not null check (quantity >= 1),
      -- The account to credit, as the buyer typed it and the product's field rules cleaned it.
      account jsonb not null,
      status text not null default 'pending'
        check (status in ('pending', 'accepted', 'done', 'failed')),
      supplier_note text check (length(supplier_note) <= 500),
      created_at timestamptz not null default now(),
      accepted_at timestamptz,
      finished_at timestamptz,
      primary key (tenant_id, id),
      constraint fulfilment_tasks_line_key unique (tenant_id, order_line_id),
      foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id),
      check ((status in ('done', 'failed')) = (finished_at is not null))
    );
    create index fulfilment_tasks_supplier_queue on fulfilment_tasks (supplier_id, status, created_at);

    create table shipments (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      order_id uuid not null,
      order_line_id uuid not null,
      supplier_id uuid not null references suppliers (id),
      quantity integer not null check (quantity >= 1),
      address jsonb not null,
      status text not null default 'pending'
        check (status in ('pending', 'shipped', 'delivered', 'exception', 'cancelled')),
      carrier text,
      tracking_number text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      constraint shipments_line_key unique (tenant_id, order_line_id),
      foreign key (tenant_id, order_line_id) references order_lines (tenant_id, id)
    );
    create index shipments_supplier on shipments (supplier_id, status, created_at);
  `.execute(db);

  for (const table of ['fulfilment_tasks', 'shipments']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to cardshop_app
        using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
      create policy supplier_work on ${sql.table(table)} for select to cardshop_app
        using (supplier_id = app_current_supplier());
      create policy supplier_update on ${sql.table(table)} for update to cardshop_app
        using (supplier_id = app_current_supplier()) with check (supplier_id = app_current_supplier());
      create policy platform_scope on ${sql.table(table)} to cardshop_platform using (true) with check (true);
      grant select, insert, update, delete on ${sql.table(table)} to cardshop_app, cardshop_platform;
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table shipments;
    drop table fulfilment_tasks;
  `.execute(db);
}
