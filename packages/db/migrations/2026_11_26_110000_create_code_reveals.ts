import { sql, type Kysely } from 'kysely';

// Each time a buyer shows an order's card codes in full (the 显示卡密 button or the TXT download),
// a row says which codes, when, from where and in which session: the shop's evidence when a buyer
// later says the codes never arrived. Rows are never changed (a trigger refuses it); they go with
// their order.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table code_reveals (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      order_id uuid not null,
      -- One code of the order, or null for all of them at once (scope 'all').
      code_id uuid,
      scope text not null check (scope in ('code', 'all')),
      via text not null check (via in ('page', 'txt')),
      revealed_at timestamptz not null default now(),
      ip text check (length(ip) <= 64),
      user_agent text check (length(user_agent) <= 400),
      -- Who revealed: a signed-in customer's session, else the browser id of the order-access
      -- cookie (a guest); at least one of them.
      customer_id uuid,
      customer_session_id text check (length(customer_session_id) <= 100),
      browser_id text check (length(browser_id) <= 100),
      primary key (tenant_id, id),
      foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
      check ((scope = 'code') = (code_id is not null)),
      check (customer_session_id is not null or browser_id is not null)
    );
    create index code_reveals_order on code_reveals (tenant_id, order_id, revealed_at desc);

    alter table code_reveals enable row level security;
    alter table code_reveals force row level security;
    create policy tenant_isolation on code_reveals to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on code_reveals to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on code_reveals to cardshop_app, cardshop_platform;
    create trigger code_reveals_no_update before update on code_reveals
      for each row execute function forbid_change();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table code_reveals`.execute(db);
}
