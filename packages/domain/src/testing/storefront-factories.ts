import { randomUUID } from 'node:crypto';
import type { Database, ProductType, StockDisplay } from '@cardshop/db';

// Storefront fixtures written straight into the tables as the migration owner (around RLS), so
// storefront tests do not depend on the catalog and listing use-cases.

export interface SeedSku {
  name: string;
  /** The shop's price; omit with listed: false. */
  priceFen?: number;
  wholesaleFen?: number;
  faceValueFen?: number | null;
  stock?: number;
  status?: 'active' | 'inactive' | 'delisted';
  minPerOrder?: number;
  maxPerOrder?: number;
  /** Whether the shop lists this SKU at all (default true). */
  listed?: boolean;
  visible?: boolean;
  featured?: boolean;
  listingStatus?: 'active' | 'below_wholesale' | 'supplier_delisted';
  sortOrder?: number;
}

export interface SeedProduct {
  name: string;
  type?: ProductType;
  descriptionMd?: string;
  regionLock?: string | null;
  status?: 'draft' | 'active' | 'delisted';
  /** Slug of the shop category its listings go in; null or omitted for none. */
  category?: string | null;
  /** The platform category (created when missing). */
  platformCategory?: { slug: string; name: string; nameEn: string; icon: string };
  skus: SeedSku[];
}

export interface SeedShopCatalogOptions {
  stockDisplay?: StockDisplay;
  categories?: Array<{
    slug: string;
    name: string;
    icon?: string;
    visible?: boolean;
    sortOrder?: number;
  }>;
  products?: SeedProduct[];
  /** An existing supplier to use; a new approved one otherwise. */
  supplierId?: string;
}

export interface SeededShopCatalog {
  supplierId: string;
  categories: Record<string, string>;
  products: Array<{
    id: string;
    name: string;
    skus: Array<{ id: string; name: string; listingId: string | null }>;
  }>;
}

const DEFAULT_PLATFORM_CATEGORY = {
  slug: 'game-cards',
  name: '游戏点卡',
  nameEn: 'Game cards',
  icon: '🎮',
};

/** Gives the shop categories, products, SKUs, stock and listings in one go. */
export async function seedShopCatalog(
  owner: Database,
  tenantId: string,
  options: SeedShopCatalogOptions = {},
): Promise<SeededShopCatalog> {
  if (options.stockDisplay) {
    await owner
      .updateTable('tenants')
      .set({ stock_display: options.stockDisplay })
      .where('id', '=', tenantId)
      .execute();
  }
  const supplierId =
    options.supplierId ??
    (
      await owner
        .insertInto('suppliers')
        .values({ slug: `sup-${randomUUID().slice(0, 8)}`, name: '测试供货商', status: 'approved' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  const categories: Record<string, string> = {};
  for (const [index, category] of (options.categories ?? []).entries()) {
    const row = await owner
      .insertInto('shop_categories')
      .values({
        tenant_id: tenantId,
        slug: category.slug,
        name: category.name,
        icon: category.icon ?? '',
        visible: category.visible ?? true,
        sort_order: category.sortOrder ?? index,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    categories[category.slug] = row.id;
  }

  const products: SeededShopCatalog['products'] = [];
  let listingOrder = 0;
  for (const product of options.products ?? []) {
    const platform = product.platformCategory ?? DEFAULT_PLATFORM_CATEGORY;
    const platformCategory = await owner
      .insertInto('categories')
      .values({
        slug: platform.slug,
        name: platform.name,
        name_en: platform.nameEn,
        icon: platform.icon,
      })
      .onConflict((oc) => oc.column('slug').doUpdateSet({ icon: platform.icon }))
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: productId } = await owner
      .insertInto('products')
      .values({
        supplier_id: supplierId,
        category_id: platformCategory.id,
        type: product.type ?? 'card_code',
        name: product.name,
        description_md: product.descriptionMd ?? '',
        region_lock: product.regionLock ?? null,
        status: product.status ?? 'active',
        topup_fields: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const shopCategoryId =
      product.category === undefined || product.category === null
        ? null
        : (categories[product.category] ??
          (() => {
            throw new Error(`seedShopCatalog: no shop category "${product.category}"`);
          })());

    const skus: SeededShopCatalog['products'][number]['skus'] = [];
    for (const [index, sku] of product.skus.entries()) {
      const { id: skuId } = await owner
        .insertInto('skus')
        .values({
          product_id: productId,
          supplier_id: supplierId,
          name: sku.name,
          face_value_fen: sku.faceValueFen ?? null,
          wholesale_price_fen:
            sku.wholesaleFen ?? Math.max(1, Math.floor((sku.priceFen ?? 100) * 0.9)),
          min_per_order: sku.minPerOrder ?? 1,
          max_per_order: sku.maxPerOrder ?? 10,
          status: sku.status ?? 'active',
          sort_order: index,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await owner
        .insertInto('sku_stock')
        .values({ sku_id: skuId, supplier_id: supplierId, available: sku.stock ?? 0 })
        .execute();
      let listingId: string | null = null;
      if (sku.listed ?? true) {
        const price = sku.priceFen ?? 100;
        const listing = await owner
          .insertInto('listings')
          .values({
            tenant_id: tenantId,
            sku_id: skuId,
            sku_owner_key: '00000000-0000-0000-0000-000000000000',
            product_id: productId,
            shop_category_id: shopCategoryId,
            pricing_mode: 'fixed',
            retail_price_fen: price,
            price_fen: price,
            status: sku.listingStatus ?? 'active',
            visible: sku.visible ?? true,
            featured: sku.featured ?? false,
            sort_order: sku.sortOrder ?? listingOrder++,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        listingId = listing.id;
      }
      skus.push({ id: skuId, name: sku.name, listingId });
    }
    products.push({ id: productId, name: product.name, skus });
  }
  return { supplierId, categories, products };
}
