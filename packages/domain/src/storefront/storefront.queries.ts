import { sql, type ProductType, type StockDisplay, type TenantTx } from '@cardshop/db';

// The storefront's reads. Each page is one statement: the shop's stock display mode, its visible
// categories and the page's rows as JSON, so a page view costs one round trip inside its tenant
// transaction. Stock comes from sku_stock (one row per SKU), never from counting codes.

export interface ShopCategoryRow {
  id: string;
  slug: string;
  name: string;
  icon: string;
}

/** One product as a card: its on-sale SKUs in this shop folded together. */
export interface ProductCardRow {
  productId: string;
  name: string;
  type: ProductType;
  imagePath: string | null;
  /** The shop category's icon, else the platform category's. */
  icon: string;
  minPriceFen: number;
  available: number | null;
  skuCount: number;
  sortOrder: number;
  featured: boolean;
  shopCategoryId: string | null;
}

export interface HomeCardRow extends ProductCardRow {
  /** Position in its section (by sort order), 1-based. */
  position: number;
  sectionTotal: number;
}

export interface PagedCardRow extends ProductCardRow {
  total: number;
}

export interface ProductSkuRow {
  productId: string;
  productName: string;
  type: ProductType;
  descriptionMd: string;
  imagePath: string | null;
  regionLock: string | null;
  platformCategory: string;
  platformCategoryEn: string;
  platformIcon: string;
  skuId: string;
  /** The shop's listing of the SKU: what a cart and checkout name. */
  listingId: string;
  skuName: string;
  faceValueFen: number | null;
  priceFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  available: number | null;
  shopCategoryId: string | null;
}

export interface PageRows<T> {
  stockDisplay: StockDisplay;
  categories: ShopCategoryRow[];
  items: T[];
}

/**
 * Listings a buyer may see: visible and active, of an active SKU and product, not in a hidden
 * category. storefront_category_page() in the database applies the same rule; the shop API's
 * catalog (shop-api.queries.ts) starts from this query too.
 */
export function onSale(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('listings as l')
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('categories as pc', 'pc.id', 'p.category_id')
    .leftJoin('shop_categories as sc', (join) =>
      join.onRef('sc.tenant_id', '=', 'l.tenant_id').onRef('sc.id', '=', 'l.shop_category_id'),
    )
    .leftJoin('sku_stock as st', 'st.sku_id', 'l.sku_id')
    .where('l.tenant_id', '=', tenantId)
    .where('l.visible', '=', true)
    .where('l.status', '=', 'active')
    .where('s.status', '=', 'active')
    .where('p.status', '=', 'active')
    .where((eb) => eb.or([eb('l.shop_category_id', 'is', null), eb('sc.visible', '=', true)]));
}

const cardColumns = [
  sql<string>`p.id`.as('productId'),
  sql<string>`p.name`.as('name'),
  sql<ProductType>`p.type`.as('type'),
  sql<string | null>`p.image_path`.as('imagePath'),
  sql<string>`coalesce(nullif(min(sc.icon), ''), pc.icon)`.as('icon'),
  sql<number>`min(l.price_fen)`.as('minPriceFen'),
  // Card codes and physical cards are counted stock (COUNTED_STOCK_TYPES); top-ups are fulfilled
  // by the supplier, not from stock: null means no limit.
  sql<
    number | null
  >`sum(case when p.type in ('card_code', 'physical_card') then coalesce(st.available, 0) end)`.as(
    'available',
  ),
  sql<number>`count(*)`.as('skuCount'),
  sql<number>`min(l.sort_order)`.as('sortOrder'),
  sql<boolean>`bool_or(l.featured)`.as('featured'),
  sql<string | null>`l.shop_category_id`.as('shopCategoryId'),
] as const;

async function pageRows<T>(
  trx: TenantTx,
  tenantId: string,
  /** A select query (a Kysely expression), inlined as a subquery. */
  items: { toOperationNode(): unknown },
): Promise<PageRows<T> | undefined> {
  return trx
    .selectFrom('tenants as t')
    .select([
      't.stock_display as stockDisplay',
      sql<ShopCategoryRow[]>`(
        select coalesce(
          json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name, 'icon', c.icon)
                   order by c.sort_order, c.name),
          '[]'::json)
        from shop_categories c
        where c.tenant_id = t.id and c.visible)`.as('categories'),
      sql<T[]>`(select coalesce(json_agg(x), '[]'::json) from (${items}) x)`.as('items'),
    ])
    .where('t.id', '=', tenantId)
    .executeTakeFirst();
}

/**
 * The home page: every on-sale product grouped by shop category, at most `perSection` per
 * category (featured ones always included), and one page of the uncategorised ones.
 */
export function shopHomeRows(
  trx: TenantTx,
  input: { tenantId: string; perSection: number; otherOffset: number; otherLimit: number },
) {
  const grouped = onSale(trx, input.tenantId)
    .select(cardColumns)
    .groupBy(['p.id', 'pc.id', 'l.shop_category_id']);
  const ranked = trx
    .selectFrom(grouped.as('g'))
    .selectAll('g')
    .select([
      sql<number>`row_number() over (partition by g."shopCategoryId" order by g."sortOrder", g.name, g."productId")`.as(
        'position',
      ),
      sql<number>`count(*) over (partition by g."shopCategoryId")`.as('sectionTotal'),
    ]);
  const items = trx
    .selectFrom(ranked.as('r'))
    .selectAll('r')
    .where((eb) =>
      eb.or([
        eb('r.featured', '=', true),
        eb.and([eb('r.shopCategoryId', 'is not', null), eb('r.position', '<=', input.perSection)]),
        eb.and([
          eb('r.shopCategoryId', 'is', null),
          eb('r.position', '>', input.otherOffset),
          eb('r.position', '<=', input.otherOffset + input.otherLimit),
        ]),
      ]),
    )
    .orderBy('r.sortOrder')
    .orderBy('r.name');
  return pageRows<HomeCardRow>(trx, input.tenantId, items);
}

/**
 * One page of the on-sale products in a visible shop category, by the shop's sort order. The
 * storefront's hottest read runs in the storefront_category_page() function (migration
 * 2026_11_25_120110), so PostgreSQL plans it once per connection instead of on every page view;
 * its notion of "on sale" is onSale()'s above: keep the two in step.
 */
export async function categoryPageRows(
  trx: TenantTx,
  input: { tenantId: string; slug: string; offset: number; limit: number },
): Promise<PageRows<PagedCardRow> | undefined> {
  const { rows } = await sql<{ page: PageRows<PagedCardRow> | null }>`
    select storefront_category_page(
      ${input.tenantId}::uuid, ${input.slug}::text, ${input.offset}::int, ${input.limit}::int
    ) as page
  `.execute(trx);
  return rows[0]?.page ?? undefined;
}

/** Escapes LIKE's wildcards so user input matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * On-sale products whose name or a listed SKU's name contains the text, case-insensitively
 * (trigram indexes serve patterns of three characters or more; shorter ones scan this shop's
 * listings, which are bounded). Product-name matches come first. Empty text matches nothing.
 */
export function searchRows(
  trx: TenantTx,
  input: { tenantId: string; text: string; offset: number; limit: number },
) {
  const pattern = `%${escapeLike(input.text)}%`;
  const items = onSale(trx, input.tenantId)
    .where((eb) =>
      input.text
        ? eb.or([eb('p.name', 'ilike', pattern), eb('s.name', 'ilike', pattern)])
        : sql<boolean>`false`,
    )
    .select(cardColumns)
    .select([
      sql<number>`count(*) over ()`.as('total'),
      sql<boolean>`bool_or(p.name ilike ${pattern})`.as('nameMatch'),
    ])
    .groupBy(['p.id', 'pc.id', 'l.shop_category_id'])
    .orderBy(sql`bool_or(p.name ilike ${pattern})`, 'desc')
    .orderBy(sql`min(l.sort_order)`)
    .orderBy('p.name')
    .orderBy('p.id')
    .offset(input.offset)
    .limit(input.limit);
  return pageRows<PagedCardRow>(trx, input.tenantId, items);
}

/** The product's SKUs this shop has on sale, in the shop's order. */
export function productPageRows(trx: TenantTx, input: { tenantId: string; productId: string }) {
  const items = onSale(trx, input.tenantId)
    .where('l.product_id', '=', input.productId)
    .select([
      'p.id as productId',
      'p.name as productName',
      'p.type',
      'p.description_md as descriptionMd',
      'p.image_path as imagePath',
      'p.region_lock as regionLock',
      'pc.name as platformCategory',
      'pc.name_en as platformCategoryEn',
      'pc.icon as platformIcon',
      's.id as skuId',
      'l.id as listingId',
      's.name as skuName',
      's.face_value_fen as faceValueFen',
      'l.price_fen as priceFen',
      's.min_per_order as minPerOrder',
      's.max_per_order as maxPerOrder',
      sql<
        number | null
      >`case when p.type in ('card_code', 'physical_card') then coalesce(st.available, 0) end`.as(
        'available',
      ),
      'l.shop_category_id as shopCategoryId',
    ])
    .orderBy('l.sort_order')
    .orderBy('s.sort_order')
    .orderBy('l.price_fen');
  return pageRows<ProductSkuRow>(trx, input.tenantId, items);
}
