import {
  sql,
  type Database,
  type PlatformTx,
  type ProductType,
  type SupplierStatus,
  type SupplierTx,
  type TopupField,
} from '@cardshop/db';

export type CategoryStatus = 'active' | 'hidden';

export interface Category {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  nameEn: string;
  icon: string;
  sortOrder: number;
  status: CategoryStatus;
}

const categoryColumns = [
  'id',
  'parent_id',
  'slug',
  'name',
  'name_en',
  'icon',
  'sort_order',
  'status',
] as const;

type CategoryRow = {
  id: string;
  parent_id: string | null;
  slug: string;
  name: string;
  name_en: string;
  icon: string;
  sort_order: number;
  status: CategoryStatus;
};

export function toCategory(r: CategoryRow): Category {
  return {
    id: r.id,
    parentId: r.parent_id,
    slug: r.slug,
    name: r.name,
    nameEn: r.name_en,
    icon: r.icon,
    sortOrder: r.sort_order,
    status: r.status,
  };
}

/** Every category, hidden ones included, in display order. Categories are readable in any scope. */
export async function selectAllCategories(db: Database): Promise<Category[]> {
  const rows = await db
    .selectFrom('categories')
    .select(categoryColumns)
    .orderBy('sort_order')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toCategory);
}

export async function findCategory(db: Database, id: string): Promise<Category | undefined> {
  const row = await db
    .selectFrom('categories')
    .select(categoryColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toCategory(row);
}

export async function findCategoryBySlug(
  db: Database,
  slug: string,
): Promise<Category | undefined> {
  const row = await db
    .selectFrom('categories')
    .select(categoryColumns)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row && toCategory(row);
}

/** The category and its ancestors are all active: goods may be filed under it. */
export async function isCategoryUsable(db: Database, id: string): Promise<boolean> {
  const { rows } = await sql<{ usable: boolean | null }>`
    with recursive chain(id, parent_id, status, depth) as (
      select id, parent_id, status, 0 from categories where id = ${id}
      union all
      select c.id, c.parent_id, c.status, chain.depth + 1
        from categories c join chain on c.id = chain.parent_id
       where chain.depth < 32
    )
    select bool_and(status = 'active') as usable from chain
  `.execute(db);
  return rows[0]?.usable === true;
}

/** Ids of the category and all its descendants. */
export async function selectCategoryWithDescendants(db: Database, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive tree(id, depth) as (
      select id, 0 from categories where id = ${id}
      union all
      select c.id, tree.depth + 1 from categories c join tree on c.parent_id = tree.id
       where tree.depth < 32
    )
    select id from tree
  `.execute(db);
  return rows.map((r) => r.id);
}

export async function insertCategory(
  trx: PlatformTx,
  values: {
    parentId: string | null;
    slug: string;
    name: string;
    nameEn: string;
    icon: string;
    sortOrder: number;
    status: CategoryStatus;
  },
): Promise<Category | undefined> {
  const row = await trx
    .insertInto('categories')
    .values({
      parent_id: values.parentId,
      slug: values.slug,
      name: values.name,
      name_en: values.nameEn,
      icon: values.icon,
      sort_order: values.sortOrder,
      status: values.status,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning(categoryColumns)
    .executeTakeFirst();
  return row && toCategory(row);
}

export async function updateCategoryRow(
  trx: PlatformTx,
  id: string,
  patch: Partial<{
    parent_id: string | null;
    slug: string;
    name: string;
    name_en: string;
    icon: string;
    sort_order: number;
    status: CategoryStatus;
  }>,
): Promise<Category | undefined> {
  const row = await trx
    .updateTable('categories')
    .set(patch)
    .where('id', '=', id)
    .returning(categoryColumns)
    .executeTakeFirst();
  return row && toCategory(row);
}

export async function countProductsByCategory(trx: PlatformTx): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('products')
    .select(['category_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('category_id')
    .execute();
  return new Map(rows.map((r) => [r.category_id, Number(r.n)]));
}

// ---- Suppliers as seen from their own transaction ----

export interface ActingSupplier {
  id: string;
  slug: string;
  name: string;
  status: SupplierStatus;
  ownerTenantId: string | null;
}

/** The supplier the transaction acts as (app.supplier_id), read fresh in this transaction. */
export async function findActingSupplier(trx: SupplierTx): Promise<ActingSupplier | undefined> {
  const row = await trx
    .selectFrom('suppliers')
    .select(['id', 'slug', 'name', 'status', 'owner_tenant_id'])
    .where('id', '=', sql<string>`app_current_supplier()`)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      slug: row.slug,
      name: row.name,
      status: row.status,
      ownerTenantId: row.owner_tenant_id,
    }
  );
}

// ---- Products and SKUs of the acting supplier ----

export type ProductStatus = 'draft' | 'active' | 'delisted';
export type SkuStatus = 'active' | 'inactive' | 'delisted';

export interface SupplierSku {
  id: string;
  productId: string;
  name: string;
  faceValueFen: number | null;
  wholesalePriceFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  status: SkuStatus;
  codeKind: 'single' | 'reusable';
  reuseLimit: number | null;
  lowStockThreshold: number;
  sortOrder: number;
  stock: { available: number; reserved: number; sold: number };
}

export interface SupplierProduct {
  id: string;
  supplierId: string;
  ownerTenantId: string | null;
  categoryId: string;
  type: ProductType;
  name: string;
  descriptionMd: string;
  imageKey: string | null;
  topupFields: TopupField[];
  regionLock: string | null;
  status: ProductStatus;
  createdAt: Date;
  updatedAt: Date;
}

const productColumns = [
  'p.id',
  'p.supplier_id',
  'p.owner_tenant_id',
  'p.category_id',
  'p.type',
  'p.name',
  'p.description_md',
  'p.image_path',
  'p.topup_fields',
  'p.region_lock',
  'p.status',
  'p.created_at',
  'p.updated_at',
] as const;

const productInsertColumns = [
  'id',
  'supplier_id',
  'owner_tenant_id',
  'category_id',
  'type',
  'name',
  'description_md',
  'image_path',
  'topup_fields',
  'region_lock',
  'status',
  'created_at',
  'updated_at',
] as const;

type ProductRow = {
  id: string;
  supplier_id: string;
  owner_tenant_id: string | null;
  category_id: string;
  type: ProductType;
  name: string;
  description_md: string;
  image_path: string | null;
  topup_fields: TopupField[];
  region_lock: string | null;
  status: ProductStatus;
  created_at: Date;
  updated_at: Date;
};

function toProduct(r: ProductRow): SupplierProduct {
  return {
    id: r.id,
    supplierId: r.supplier_id,
    ownerTenantId: r.owner_tenant_id,
    categoryId: r.category_id,
    type: r.type,
    name: r.name,
    descriptionMd: r.description_md,
    imageKey: r.image_path,
    topupFields: r.topup_fields,
    regionLock: r.region_lock,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * One of the acting supplier's products. The supplier_id filter matters: the read policy also
 * shows a supplier every other supplier's public goods.
 */
export async function findOwnProduct(
  trx: SupplierTx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SupplierProduct | undefined> {
  let query = trx
    .selectFrom('products as p')
    .select(productColumns)
    .where('p.id', '=', id)
    .where('p.supplier_id', '=', sql<string>`app_current_supplier()`);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toProduct(row);
}

export async function insertProduct(
  trx: SupplierTx,
  values: {
    supplierId: string;
    ownerTenantId: string | null;
    categoryId: string;
    type: ProductType;
    name: string;
    descriptionMd: string;
    imageKey: string | null;
    topupFields: TopupField[];
    regionLock: string | null;
    status: ProductStatus;
  },
): Promise<SupplierProduct> {
  const row = await trx
    .insertInto('products')
    .values({
      supplier_id: values.supplierId,
      owner_tenant_id: values.ownerTenantId,
      category_id: values.categoryId,
      type: values.type,
      name: values.name,
      description_md: values.descriptionMd,
      image_path: values.imageKey,
      topup_fields: JSON.stringify(values.topupFields),
      region_lock: values.regionLock,
      status: values.status,
    })
    .returning(productInsertColumns)
    .executeTakeFirstOrThrow();
  return toProduct(row);
}

export async function updateOwnProduct(
  trx: SupplierTx,
  id: string,
  patch: Partial<{
    category_id: string;
    name: string;
    description_md: string;
    image_path: string | null;
    topup_fields: string;
    region_lock: string | null;
    status: ProductStatus;
  }>,
): Promise<SupplierProduct> {
  const row = await trx
    .updateTable('products as p')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('p.id', '=', id)
    .where('p.supplier_id', '=', sql<string>`app_current_supplier()`)
    .returning(productColumns)
    .executeTakeFirstOrThrow();
  return toProduct(row);
}

const skuColumns = [
  'k.id',
  'k.product_id',
  'k.name',
  'k.face_value_fen',
  'k.wholesale_price_fen',
  'k.min_per_order',
  'k.max_per_order',
  'k.status',
  'k.code_kind',
  'k.reuse_limit',
  'k.low_stock_threshold',
  'k.sort_order',
] as const;

const skuInsertColumns = [
  'id',
  'product_id',
  'name',
  'face_value_fen',
  'wholesale_price_fen',
  'min_per_order',
  'max_per_order',
  'status',
  'code_kind',
  'reuse_limit',
  'low_stock_threshold',
  'sort_order',
] as const;

type SkuRow = {
  id: string;
  product_id: string;
  name: string;
  face_value_fen: number | null;
  wholesale_price_fen: number;
  min_per_order: number;
  max_per_order: number;
  status: SkuStatus;
  code_kind: 'single' | 'reusable';
  reuse_limit: number | null;
  low_stock_threshold: number;
  sort_order: number;
};

function toSku(
  r: SkuRow,
  stock: { available: number | null; reserved: number | null; sold: number | null },
): SupplierSku {
  return {
    id: r.id,
    productId: r.product_id,
    name: r.name,
    faceValueFen: r.face_value_fen,
    wholesalePriceFen: r.wholesale_price_fen,
    minPerOrder: r.min_per_order,
    maxPerOrder: r.max_per_order,
    status: r.status,
    codeKind: r.code_kind,
    reuseLimit: r.reuse_limit,
    lowStockThreshold: r.low_stock_threshold,
    sortOrder: r.sort_order,
    stock: {
      available: Number(stock.available ?? 0),
      reserved: Number(stock.reserved ?? 0),
      sold: Number(stock.sold ?? 0),
    },
  };
}

/** The acting supplier's SKUs with their stock, of one product or of several. */
export async function selectOwnSkus(
  trx: SupplierTx,
  filter: { productIds?: string[]; skuId?: string; forUpdate?: boolean },
): Promise<SupplierSku[]> {
  if (filter.productIds && filter.productIds.length === 0) return [];
  let query = trx
    .selectFrom('skus as k')
    .leftJoin('sku_stock as st', 'st.sku_id', 'k.id')
    .select([...skuColumns, 'st.available', 'st.reserved', 'st.sold'])
    .where('k.supplier_id', '=', sql<string>`app_current_supplier()`);
  if (filter.productIds) query = query.where('k.product_id', 'in', filter.productIds);
  if (filter.skuId) query = query.where('k.id', '=', filter.skuId);
  if (filter.forUpdate) query = query.forUpdate('k');
  const rows = await query
    .orderBy('k.sort_order')
    .orderBy('k.created_at')
    .orderBy('k.id')
    .execute();
  return rows.map((r) => toSku(r, r));
}

export async function insertSkuWithStock(
  trx: SupplierTx,
  values: {
    productId: string;
    supplierId: string;
    ownerTenantId: string | null;
    name: string;
    faceValueFen: number | null;
    wholesalePriceFen: number;
    minPerOrder: number;
    maxPerOrder: number;
    status: SkuStatus;
    codeKind: 'single' | 'reusable';
    reuseLimit: number | null;
    lowStockThreshold: number;
    sortOrder: number;
  },
): Promise<SupplierSku> {
  const row = await trx
    .insertInto('skus')
    .values({
      product_id: values.productId,
      supplier_id: values.supplierId,
      owner_tenant_id: values.ownerTenantId,
      name: values.name,
      face_value_fen: values.faceValueFen,
      wholesale_price_fen: values.wholesalePriceFen,
      min_per_order: values.minPerOrder,
      max_per_order: values.maxPerOrder,
      status: values.status,
      code_kind: values.codeKind,
      reuse_limit: values.reuseLimit,
      low_stock_threshold: values.lowStockThreshold,
      sort_order: values.sortOrder,
    })
    .returning(skuInsertColumns)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('sku_stock')
    .values({
      sku_id: row.id,
      supplier_id: values.supplierId,
      owner_tenant_id: values.ownerTenantId,
    })
    .execute();
  return toSku(row, { available: 0, reserved: 0, sold: 0 });
}

export async function updateOwnSku(
  trx: SupplierTx,
  id: string,
  patch: Partial<{
    name: string;
    face_value_fen: number | null;
    wholesale_price_fen: number;
    min_per_order: number;
    max_per_order: number;
    status: SkuStatus;
    code_kind: 'single' | 'reusable';
    reuse_limit: number | null;
    low_stock_threshold: number;
    sort_order: number;
  }>,
): Promise<void> {
  await trx
    .updateTable('skus')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .execute();
}

export interface SupplierProductSummary {
  id: string;
  name: string;
  type: ProductType;
  status: ProductStatus;
  categoryId: string;
  categoryName: string;
  imageKey: string | null;
  skuCount: number;
  activeSkuCount: number;
  available: number;
  minWholesaleFen: number | null;
  updatedAt: Date;
}

export async function selectOwnProducts(
  trx: SupplierTx,
  filter: { status?: ProductStatus; q?: string; limit: number; offset: number },
): Promise<{ items: SupplierProductSummary[]; total: number }> {
  let base = trx
    .selectFrom('products as p')
    .where('p.supplier_id', '=', sql<string>`app_current_supplier()`);
  if (filter.status) base = base.where('p.status', '=', filter.status);
  if (filter.q) base = base.where('p.name', 'ilike', `%${escapeLike(filter.q)}%`);
  // One connection per transaction: the two queries run one after the other.
  const count = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin('categories as c', 'c.id', 'p.category_id')
    .select((eb) => [
      'p.id',
      'p.name',
      'p.type',
      'p.status',
      'p.category_id',
      'c.name as category_name',
      'p.image_path',
      'p.updated_at',
      eb
        .selectFrom('skus as k')
        .whereRef('k.product_id', '=', 'p.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('sku_count'),
      eb
        .selectFrom('skus as k')
        .whereRef('k.product_id', '=', 'p.id')
        .where('k.status', '=', 'active')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('active_sku_count'),
      eb
        .selectFrom('skus as k')
        .innerJoin('sku_stock as st', 'st.sku_id', 'k.id')
        .whereRef('k.product_id', '=', 'p.id')
        .select(sql<number>`coalesce(sum(st.available), 0)`.as('n'))
        .as('available'),
      eb
        .selectFrom('skus as k')
        .whereRef('k.product_id', '=', 'p.id')
        .where('k.status', '=', 'active')
        .select((e) => e.fn.min('k.wholesale_price_fen').as('n'))
        .as('min_wholesale'),
    ])
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      status: r.status,
      categoryId: r.category_id,
      categoryName: r.category_name,
      imageKey: r.image_path,
      skuCount: Number(r.sku_count ?? 0),
      activeSkuCount: Number(r.active_sku_count ?? 0),
      available: Number(r.available ?? 0),
      minWholesaleFen: r.min_wholesale === null ? null : Number(r.min_wholesale),
      updatedAt: r.updated_at,
    })),
  };
}

/** Escapes LIKE wildcards so a search for "100%" matches the text "100%". */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ---- A reseller's private supplier ----

export interface PrivateSupplier {
  id: string;
  slug: string;
  name: string;
  status: SupplierStatus;
  ownerTenantId: string;
}

export async function findPrivateSupplier(
  db: Database,
  tenantId: string,
): Promise<PrivateSupplier | undefined> {
  const row = await db
    .selectFrom('suppliers')
    .select(['id', 'slug', 'name', 'status', 'owner_tenant_id'])
    .where('owner_tenant_id', '=', tenantId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      slug: row.slug,
      name: row.name,
      status: row.status,
      ownerTenantId: row.owner_tenant_id!,
    }
  );
}

/** undefined when the slug is taken or the shop already has a private supplier. */
export async function insertPrivateSupplier(
  trx: PlatformTx,
  values: { slug: string; name: string; tenantId: string },
): Promise<PrivateSupplier | undefined> {
  const row = await trx
    .insertInto('suppliers')
    .values({
      slug: values.slug,
      name: values.name,
      status: 'approved',
      owner_tenant_id: values.tenantId,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'slug', 'name', 'status'])
    .executeTakeFirst();
  return row && { ...row, ownerTenantId: values.tenantId };
}

export async function findSupplierSlugsLike(trx: PlatformTx, prefix: string): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('suppliers')
    .select('slug')
    .where('slug', 'like', `${escapeLike(prefix)}%`)
    .execute();
  return new Set(rows.map((r) => r.slug));
}
