import { sql, type Kysely } from 'kysely';

// Each shop sets how long an unpaid order holds its goods, and how many unpaid orders one network
// address, one guest contact (email or phone) or one customer account may hold at once (the guard
// against draining stock with orders nobody pays). Defaults match DEFAULT_ORDER_TTL_MS and
// DEFAULT_OPEN_ORDER_LIMITS in the orders context.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table tenants
      add column order_expiry_minutes integer not null default 15
        check (order_expiry_minutes between 5 and 1440),
      add column open_orders_per_ip integer not null default 5
        check (open_orders_per_ip between 1 and 100),
      add column open_orders_per_contact integer not null default 3
        check (open_orders_per_contact between 1 and 100),
      add column open_orders_per_customer integer not null default 5
        check (open_orders_per_customer between 1 and 100);
    -- The tenants_update_own policy already limits the app role to its own row.
    grant update (order_expiry_minutes, open_orders_per_ip, open_orders_per_contact,
      open_orders_per_customer) on tenants to cardshop_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    revoke update (order_expiry_minutes, open_orders_per_ip, open_orders_per_contact,
      open_orders_per_customer) on tenants from cardshop_app;
    alter table tenants
      drop column order_expiry_minutes,
      drop column open_orders_per_ip,
      drop column open_orders_per_contact,
      drop column open_orders_per_customer;
  `.execute(db);
}
