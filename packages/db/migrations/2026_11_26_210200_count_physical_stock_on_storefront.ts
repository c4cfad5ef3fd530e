import { sql, type Kysely } from 'kysely';

// Physical cards now have counted stock (sku_stock.available, set by their supplier and moved by
// orders like card codes), so the category page sums it for them too, as the home, search and
// product pages do. The function is replaced in place: same signature, same grants.
function categoryPage(counted: ReturnType<typeof sql.raw>) {
  return sql`
    create or replace function storefront_category_page(
      p_tenant uuid, p_slug text, p_offset integer, p_limit integer
    ) returns json
      language plpgsql stable
      as $$
      begin
        return (
          select json_build_object(
            'stockDisplay', t.stock_display,
            'categories', (
              select coalesce(json_agg(json_build_object(
                       'id', c.id, 'slug', c.slug, 'name', c.name, 'icon', c.icon)
                       order by c.sort_order, c.name), '[]'::json)
              from shop_categories c
              where c.tenant_id = p_tenant and c.visible),
            'items', (
              select coalesce(json_agg(r order by r.position), '[]'::json)
              from (
                select g.*,
                       row_number() over (order by g."sortOrder", g.name, g."productId") as position,
                       count(*) over () as total
                from (
                  select p.id as "productId", p.name, p.type, p.image_path as "imagePath",
                         (select pc.icon from categories pc where pc.id = p.category_id) as icon,
                         min(l.price_fen) as "minPriceFen",
                         -- Card codes and physical cards are counted stock; top-ups are fulfilled by
                         -- the supplier, not from stock: NULL means no limit.
                         sum(case when p.type in (${counted}) then coalesce(st.available, 0) end) as available,
                         count(*) as "skuCount",
                         min(l.sort_order) as "sortOrder",
                         bool_or(l.featured) as featured,
                         min(l.shop_category_id::text) as "shopCategoryId"
                  from listings l
                  join skus s on s.id = l.sku_id
                  join products p on p.id = l.product_id
                  left join sku_stock st on st.sku_id = l.sku_id
                  where l.tenant_id = p_tenant
                    and l.shop_category_id = (
                      select sc.id from shop_categories sc
                      where sc.tenant_id = p_tenant and sc.slug = p_slug and sc.visible)
                    and l.visible and l.status = 'active'
                    and s.status = 'active' and p.status = 'active'
                  group by p.id
                ) g
              ) r
              where r.position > p_offset and r.position <= p_offset + p_limit)
          )
          from tenants t
          where t.id = p_tenant
        );
      end
      $$;
  `;
}

export async function up(db: Kysely<any>): Promise<void> {
  await categoryPage(sql.raw("'card_code', 'physical_card'")).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await categoryPage(sql.raw("'card_code'")).execute(db);
}
