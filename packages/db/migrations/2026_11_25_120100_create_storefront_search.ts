import { sql, type Kysely } from 'kysely';

// What the storefront's pages need: trigram indexes for partial-word search on product and SKU
// names (Chinese included: the databases run with a UTF-8 ctype, so CJK characters form
// trigrams), and the per-shop indexes the product and home pages read through.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create index products_name_trgm on products using gin (name gin_trgm_ops);
    create index skus_name_trgm on skus using gin (name gin_trgm_ops);
    -- A product page reads the listings of one product in one shop.
    create index listings_shop_product on listings (tenant_id, product_id) where visible;
    -- Shop categories in display order, for the category bar on every page.
    create index shop_categories_order on shop_categories (tenant_id, sort_order) where visible;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index shop_categories_order;
    drop index listings_shop_product;
    drop index skus_name_trgm;
    drop index products_name_trgm;
  `.execute(db);
}
