import { sql, type Kysely } from 'kysely';

// The change feed: after a commit, PostgreSQL tells every listening process what changed on the
// channel cardshop_changes, so caches of what shoppers see (tenant resolution, rendered storefront
// pages) drop exactly the entries that went stale instead of expiring on a timer
// (docs/decisions/004). Payloads:
//   tenant:<id>  the shop itself (name, status, branding, stock display, domains)
//   t:<id>       what the shop sells and how it is arranged (listings, shop categories)
//   p:<id>       one product as shoppers see it (name, image, SKUs, prices, stock)
//   *            something every shop shows (platform categories, a supplier's standing, or a
//                product or SKU appearing or disappearing, which can change any page listing it)
// PostgreSQL sends a payload once per transaction however many rows repeat it, and only on
// commit: a rolled-back change tells nobody.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function app_notify_change() returns trigger
      language plpgsql
      as $$
      declare
        r record;
        payload text;
        product uuid;
      begin
        if tg_op = 'DELETE' then r := old; else r := new; end if;
        case tg_table_name
          when 'tenants' then payload := 'tenant:' || r.id;
          when 'tenant_domains' then payload := 'tenant:' || r.tenant_id;
          when 'listings', 'shop_categories' then payload := 't:' || r.tenant_id;
          when 'products' then
            payload := 'p:' || r.id;
            if tg_op = 'UPDATE' then
              if old.status is distinct from new.status then payload := '*'; end if;
            end if;
          when 'skus' then
            payload := 'p:' || r.product_id;
            if tg_op = 'UPDATE' then
              if old.status is distinct from new.status then payload := '*'; end if;
            end if;
          when 'sku_stock' then
            -- Stock moves on every sale: name the product, so only pages showing it go stale. A
            -- SKU the current scope cannot see (none known) falls back to everything.
            select s.product_id into product from skus s where s.id = r.sku_id;
            payload := coalesce('p:' || product, '*');
          else payload := '*';
        end case;
        perform pg_notify('cardshop_changes', payload);
        return null;
      end $$;
  `.execute(db);

  for (const table of [
    'tenants',
    'tenant_domains',
    'listings',
    'shop_categories',
    'products',
    'skus',
    'sku_stock',
    'categories',
    'suppliers',
  ]) {
    await sql`
      create trigger ${sql.id(`${table}_notify_change`)}
        after insert or update or delete on ${sql.table(table)}
        for each row execute function app_notify_change();
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function app_notify_change() cascade`.execute(db);
}
