import {
  sql,
  type PlatformTx,
  type ProductType,
  type StockDisplay,
  type SupplierStatus,
  type TenantTx,
} from '@cardshop/db';
import { escapeLike } from '../catalog/catalog.queries.js';
import type { ListingStatus } from './pricing.js';

const currentTenant = sql<string>`app_current_tenant()`;

// ---- The sync job (platform scope: it crosses shops) ----

export interface SyncProduct {
  name: string;
  status: 'draft' | 'active' | 'delisted';
  supplierStatus: SupplierStatus;
  skus: Array<{
    id: string;
    name: string;
    wholesalePriceFen: number;
    status: 'active' | 'inactive' | 'delisted';
  }>;
}

export async function selectProductForSync(
  trx: PlatformTx,
  productId: string,
  skuId: string | null,
): Promise<SyncProduct | undefined> {
  const product = await trx
    .selectFrom('products as p')
    .innerJoin('suppliers as s', 's.id', 'p.supplier_id')
    .select(['p.name', 'p.status', 's.status as supplier_status'])
    .where('p.id', '=', productId)
    .executeTakeFirst();
  if (!product) return undefined;
  let query = trx
    .selectFrom('skus')
    .select(['id', 'name', 'wholesale_price_fen', 'status'])
    .where('product_id', '=', productId);
  if (skuId) query = query.where('id', '=', skuId);
  const skus = await query.orderBy('sort_order').orderBy('id').execute();
  return {
    name: product.name,
    status: product.status,
    supplierStatus: product.supplier_status,
    skus: skus.map((s) => ({
      id: s.id,
      name: s.name,
      wholesalePriceFen: Number(s.wholesale_price_fen),
      status: s.status,
    })),
  };
}

export interface SyncListingRow {
  tenant_id: string;
  id: string;
  sku_id: string;
  pricing_mode: 'fixed' | 'markup';
  retail_price_fen: number | null;
  markup_bps: number | null;
  price_fen: number;
  status: ListingStatus;
}

/** Every shop's listings of these SKUs, locked, in a fixed order (no deadlock between two syncs). */
export async function selectListingsOfSkusForUpdate(
  trx: PlatformTx,
  skuIds: string[],
): Promise<SyncListingRow[]> {
  if (skuIds.length === 0) return [];
  return trx
    .selectFrom('listings')
    .select([
      'tenant_id',
      'id',
      'sku_id',
      'pricing_mode',
      'retail_price_fen',
      'markup_bps',
      'price_fen',
      'status',
    ])
    .where('sku_id', 'in', skuIds)
    .orderBy('tenant_id')
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function updateListingPriceAndStatus(
  trx: PlatformTx,
  tenantId: string,
  id: string,
  values: { priceFen: number; status: ListingStatus },
): Promise<void> {
  await trx
    .updateTable('listings')
    .set({ price_fen: values.priceFen, status: values.status, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

// ---- A shop's view of the catalog ----

export interface ListableSku {
  skuId: string;
  ownerKey: string;
  productId: string;
  skuName: string;
  productName: string;
  wholesalePriceFen: number;
  skuStatus: 'active' | 'inactive' | 'delisted';
  productStatus: 'draft' | 'active' | 'delisted';
  supplierStatus: SupplierStatus;
}

/** An SKU as this shop may see it: public goods or its own private goods (RLS decides). */
export async function findVisibleSku(
  trx: TenantTx,
  skuId: string,
): Promise<ListableSku | undefined> {
  const row = await trx
    .selectFrom('skus as k')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .innerJoin('suppliers as s', 's.id', 'k.supplier_id')
    .select([
      'k.id',
      'k.owner_key',
      'k.product_id',
      'k.name',
      'p.name as product_name',
      'k.wholesale_price_fen',
      'k.status',
      'p.status as product_status',
      's.status as supplier_status',
    ])
    .where('k.id', '=', skuId)
    .executeTakeFirst();
  return (
    row && {
      skuId: row.id,
      ownerKey: row.owner_key,
      productId: row.product_id,
      skuName: row.name,
      productName: row.product_name,
      wholesalePriceFen: Number(row.wholesale_price_fen),
      skuStatus: row.status,
      productStatus: row.product_status,
      supplierStatus: row.supplier_status,
    }
  );
}

export interface CatalogProductRow {
  id: string;
  name: string;
  type: ProductType;
  categoryId: string;
  categoryName: string;
  supplierName: string;
  isPrivate: boolean;
  imageKey: string | null;
  regionLock: string | null;
}

export interface CatalogSkuRow {
  productId: string;
  skuId: string;
  name: string;
  faceValueFen: number | null;
  wholesalePriceFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  available: number;
  listingId: string | null;
  listingPriceFen: number | null;
}

/**
 * Products a shop may list: active, of an approved supplier, in an active category, with at least
 * one active SKU. Public goods and (through RLS) the shop's own private goods.
 */
export async function selectListableProducts(
  trx: TenantTx,
  filter: { categoryIds?: string[]; q?: string; limit: number; offset: number },
): Promise<{ rows: CatalogProductRow[]; total: number }> {
  let base = trx
    .selectFrom('products as p')
    .innerJoin('suppliers as s', 's.id', 'p.supplier_id')
    .innerJoin('categories as c', 'c.id', 'p.category_id')
    .where('p.status', '=', 'active')
    .where('s.status', '=', 'approved')
    .where('c.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('skus as k')
          .select(sql`1`.as('one'))
          .whereRef('k.product_id', '=', 'p.id')
          .where('k.status', '=', 'active'),
      ),
    );
  if (filter.categoryIds) {
    if (filter.categoryIds.length === 0) return { rows: [], total: 0 };
    base = base.where('p.category_id', 'in', filter.categoryIds);
  }
  if (filter.q) base = base.where('p.name', 'ilike', `%${escapeLike(filter.q)}%`);
  const count = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'p.id',
      'p.name',
      'p.type',
      'p.category_id',
      'c.name as category_name',
      's.name as supplier_name',
      'p.owner_tenant_id',
      'p.image_path',
      'p.region_lock',
    ])
    .orderBy('c.sort_order')
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      categoryId: r.category_id,
      categoryName: r.category_name,
      supplierName: r.supplier_name,
      isPrivate: r.owner_tenant_id !== null,
      imageKey: r.image_path,
      regionLock: r.region_lock,
    })),
  };
}

/** The active SKUs of these products with stock, and this shop's listing of each if any. */
export async function selectListableSkus(
  trx: TenantTx,
  productIds: string[],
): Promise<CatalogSkuRow[]> {
  if (productIds.length === 0) return [];
  const rows = await trx
    .selectFrom('skus as k')
    .leftJoin('sku_stock as st', 'st.sku_id', 'k.id')
    .leftJoin('listings as l', (join) =>
      join.onRef('l.sku_id', '=', 'k.id').on('l.tenant_id', '=', currentTenant),
    )
    .select([
      'k.product_id',
      'k.id',
      'k.name',
      'k.face_value_fen',
      'k.wholesale_price_fen',
      'k.min_per_order',
      'k.max_per_order',
      'st.available',
      'l.id as listing_id',
      'l.price_fen as listing_price_fen',
    ])
    .where('k.product_id', 'in', productIds)
    .where('k.status', '=', 'active')
    .orderBy('k.sort_order')
    .orderBy('k.created_at')
    .orderBy('k.id')
    .execute();
  return rows.map((r) => ({
    productId: r.product_id,
    skuId: r.id,
    name: r.name,
    faceValueFen: r.face_value_fen === null ? null : Number(r.face_value_fen),
    wholesalePriceFen: Number(r.wholesale_price_fen),
    minPerOrder: r.min_per_order,
    maxPerOrder: r.max_per_order,
    available: Number(r.available ?? 0),
    listingId: r.listing_id,
    listingPriceFen: r.listing_price_fen === null ? null : Number(r.listing_price_fen),
  }));
}

// ---- Listings of the current shop ----

export interface ListingRow {
  id: string;
  skuId: string;
  productId: string;
  shopCategoryId: string | null;
  pricingMode: 'fixed' | 'markup';
  retailPriceFen: number | null;
  markupBps: number | null;
  priceFen: number;
  status: ListingStatus;
  visible: boolean;
  featured: boolean;
  sortOrder: number;
}

const listingColumns = [
  'id',
  'sku_id',
  'product_id',
  'shop_category_id',
  'pricing_mode',
  'retail_price_fen',
  'markup_bps',
  'price_fen',
  'status',
  'visible',
  'featured',
  'sort_order',
] as const;

function toListingRow(r: {
  id: string;
  sku_id: string;
  product_id: string;
  shop_category_id: string | null;
  pricing_mode: 'fixed' | 'markup';
  retail_price_fen: number | null;
  markup_bps: number | null;
  price_fen: number;
  status: ListingStatus;
  visible: boolean;
  featured: boolean;
  sort_order: number;
}): ListingRow {
  return {
    id: r.id,
    skuId: r.sku_id,
    productId: r.product_id,
    shopCategoryId: r.shop_category_id,
    pricingMode: r.pricing_mode,
    retailPriceFen: r.retail_price_fen === null ? null : Number(r.retail_price_fen),
    markupBps: r.markup_bps,
    priceFen: Number(r.price_fen),
    status: r.status,
    visible: r.visible,
    featured: r.featured,
    sortOrder: r.sort_order,
  };
}

/** Inserts a listing for the current shop; undefined when the shop already lists the SKU. */
export async function insertListing(
  trx: TenantTx,
  values: {
    skuId: string;
    skuOwnerKey: string;
    productId: string;
    shopCategoryId: string | null;
    pricingMode: 'fixed' | 'markup';
    retailPriceFen: number | null;
    markupBps: number | null;
    priceFen: number;
    status: ListingStatus;
    visible: boolean;
    featured: boolean;
    sortOrder: number;
  },
): Promise<ListingRow | undefined> {
  const row = await trx
    .insertInto('listings')
    .values({
      tenant_id: currentTenant,
      sku_id: values.skuId,
      sku_owner_key: values.skuOwnerKey,
      product_id: values.productId,
      shop_category_id: values.shopCategoryId,
      pricing_mode: values.pricingMode,
      retail_price_fen: values.retailPriceFen,
      markup_bps: values.markupBps,
      price_fen: values.priceFen,
      status: values.status,
      visible: values.visible,
      featured: values.featured,
      sort_order: values.sortOrder,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'sku_id']).doNothing())
    .returning(listingColumns)
    .executeTakeFirst();
  return row && toListingRow(row);
}

/** The shop's listing, locked: the sync job waits for this transaction (and vice versa). */
export async function findListingForUpdate(
  trx: TenantTx,
  id: string,
): Promise<ListingRow | undefined> {
  const row = await trx
    .selectFrom('listings')
    .select(listingColumns)
    .where('tenant_id', '=', currentTenant)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && toListingRow(row);
}

export async function updateListingRow(
  trx: TenantTx,
  id: string,
  patch: Partial<{
    shop_category_id: string | null;
    pricing_mode: 'fixed' | 'markup';
    retail_price_fen: number | null;
    markup_bps: number | null;
    price_fen: number;
    status: ListingStatus;
    visible: boolean;
    featured: boolean;
    sort_order: number;
  }>,
): Promise<ListingRow> {
  const row = await trx
    .updateTable('listings')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', currentTenant)
    .where('id', '=', id)
    .returning(listingColumns)
    .executeTakeFirstOrThrow();
  return toListingRow(row);
}

export async function deleteListingRow(trx: TenantTx, id: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('listings')
    .where('tenant_id', '=', currentTenant)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface ShopListingRow extends ListingRow {
  productName: string;
  productType: ProductType;
  skuName: string;
  imageKey: string | null;
  supplierName: string;
  isPrivate: boolean;
  shopCategoryName: string | null;
  wholesalePriceFen: number;
  available: number;
}

export async function selectShopListings(
  trx: TenantTx,
  filter: { shopCategoryId?: string | null },
): Promise<ShopListingRow[]> {
  let query = trx
    .selectFrom('listings as l')
    .innerJoin('skus as k', 'k.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .innerJoin('suppliers as s', 's.id', 'k.supplier_id')
    .leftJoin('sku_stock as st', 'st.sku_id', 'l.sku_id')
    .leftJoin('shop_categories as sc', (join) =>
      join.onRef('sc.tenant_id', '=', 'l.tenant_id').onRef('sc.id', '=', 'l.shop_category_id'),
    )
    .select([
      'l.id',
      'l.sku_id',
      'l.product_id',
      'l.shop_category_id',
      'l.pricing_mode',
      'l.retail_price_fen',
      'l.markup_bps',
      'l.price_fen',
      'l.status',
      'l.visible',
      'l.featured',
      'l.sort_order',
      'p.name as product_name',
      'p.type as product_type',
      'k.name as sku_name',
      'p.image_path',
      's.name as supplier_name',
      'k.owner_tenant_id',
      'sc.name as shop_category_name',
      'k.wholesale_price_fen',
      'st.available',
    ])
    .where('l.tenant_id', '=', currentTenant);
  if (filter.shopCategoryId !== undefined) {
    query =
      filter.shopCategoryId === null
        ? query.where('l.shop_category_id', 'is', null)
        : query.where('l.shop_category_id', '=', filter.shopCategoryId);
  }
  const rows = await query
    .orderBy(sql`sc.sort_order nulls last`)
    .orderBy('l.sort_order')
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({
    ...toListingRow(r),
    productName: r.product_name,
    productType: r.product_type,
    skuName: r.sku_name,
    imageKey: r.image_path,
    supplierName: r.supplier_name,
    isPrivate: r.owner_tenant_id !== null,
    shopCategoryName: r.shop_category_name,
    wholesalePriceFen: Number(r.wholesale_price_fen),
    available: Number(r.available ?? 0),
  }));
}

// ---- Shop categories ----

export interface ShopCategoryRow {
  id: string;
  slug: string;
  name: string;
  icon: string;
  sortOrder: number;
  visible: boolean;
}

const shopCategoryColumns = ['id', 'slug', 'name', 'icon', 'sort_order', 'visible'] as const;

function toShopCategory(r: {
  id: string;
  slug: string;
  name: string;
  icon: string;
  sort_order: number;
  visible: boolean;
}): ShopCategoryRow {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    icon: r.icon,
    sortOrder: r.sort_order,
    visible: r.visible,
  };
}

export async function findShopCategory(
  trx: TenantTx,
  id: string,
): Promise<ShopCategoryRow | undefined> {
  const row = await trx
    .selectFrom('shop_categories')
    .select(shopCategoryColumns)
    .where('tenant_id', '=', currentTenant)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toShopCategory(row);
}

export async function findShopCategoryBySlug(
  trx: TenantTx,
  slug: string,
): Promise<ShopCategoryRow | undefined> {
  const row = await trx
    .selectFrom('shop_categories')
    .select(shopCategoryColumns)
    .where('tenant_id', '=', currentTenant)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row && toShopCategory(row);
}

/** undefined when the shop already has a category with the slug. */
export async function insertShopCategory(
  trx: TenantTx,
  values: { slug: string; name: string; icon: string; sortOrder: number; visible: boolean },
): Promise<ShopCategoryRow | undefined> {
  const row = await trx
    .insertInto('shop_categories')
    .values({
      tenant_id: currentTenant,
      slug: values.slug,
      name: values.name,
      icon: values.icon,
      sort_order: values.sortOrder,
      visible: values.visible,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doNothing())
    .returning(shopCategoryColumns)
    .executeTakeFirst();
  return row && toShopCategory(row);
}

export async function updateShopCategoryRow(
  trx: TenantTx,
  id: string,
  patch: Partial<{
    slug: string;
    name: string;
    icon: string;
    sort_order: number;
    visible: boolean;
  }>,
): Promise<ShopCategoryRow | undefined> {
  const row = await trx
    .updateTable('shop_categories')
    .set(patch)
    .where('tenant_id', '=', currentTenant)
    .where('id', '=', id)
    .returning(shopCategoryColumns)
    .executeTakeFirst();
  return row && toShopCategory(row);
}

/** Moves the category's listings to uncategorised, then deletes it; returns how many moved. */
export async function deleteShopCategoryRow(
  trx: TenantTx,
  id: string,
): Promise<{ deleted: boolean; listingsMoved: number }> {
  const moved = await trx
    .updateTable('listings')
    .set({ shop_category_id: null, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', currentTenant)
    .where('shop_category_id', '=', id)
    .executeTakeFirst();
  const deleted = await trx
    .deleteFrom('shop_categories')
    .where('tenant_id', '=', currentTenant)
    .where('id', '=', id)
    .executeTakeFirst();
  return {
    deleted: Number(deleted.numDeletedRows) > 0,
    listingsMoved: Number(moved.numUpdatedRows),
  };
}

export async function selectShopCategories(
  trx: TenantTx,
): Promise<Array<ShopCategoryRow & { listingCount: number }>> {
  const rows = await trx
    .selectFrom('shop_categories as sc')
    .select((eb) => [
      'sc.id',
      'sc.slug',
      'sc.name',
      'sc.icon',
      'sc.sort_order',
      'sc.visible',
      eb
        .selectFrom('listings as l')
        .whereRef('l.tenant_id', '=', 'sc.tenant_id')
        .whereRef('l.shop_category_id', '=', 'sc.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('listing_count'),
    ])
    .where('sc.tenant_id', '=', currentTenant)
    .orderBy('sc.sort_order')
    .orderBy('sc.name')
    .orderBy('sc.id')
    .execute();
  return rows.map((r) => ({ ...toShopCategory(r), listingCount: Number(r.listing_count ?? 0) }));
}

// ---- The shop's own settings ----

export async function updateStockDisplay(trx: TenantTx, mode: StockDisplay): Promise<boolean> {
  const result = await trx
    .updateTable('tenants')
    .set({ stock_display: mode, updated_at: sql<Date>`now()` })
    .where('id', '=', currentTenant)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
