import { randomUUID } from 'node:crypto';
import { asSystem, withSupplier, type Database, type PlatformActor } from '@cardshop/db';
import type { Category, SupplierProduct, SupplierSku } from '../catalog/catalog.queries.js';
import type {
  CreateCategoryInput,
  CreateProductInput,
  CreateSkuInput,
} from '../catalog/catalog.schemas.js';
import { createProduct } from '../catalog/create-product.js';
import { createSku } from '../catalog/create-sku.js';
import { platformCreateCategory } from '../catalog/platform-create-category.js';
import { createPrivateSupplier } from '../catalog/private-supplier.js';
import { buildSupplier } from './factories.js';

const actor: PlatformActor = { type: 'system', id: 'test-factory' };
const unique = () => randomUUID().slice(0, 8);

export interface SupplierRef {
  id: string;
  ownerTenantId?: string | null;
}

/** An active platform category; override anything. */
export function buildCategory(
  db: Database,
  overrides: Partial<CreateCategoryInput> = {},
): Promise<Category> {
  return asSystem(db, (trx) =>
    platformCreateCategory(trx, actor, {
      slug: `cat-${unique()}`,
      name: '测试分类',
      nameEn: 'Test category',
      icon: '🎮',
      ...overrides,
    }),
  );
}

/** A card_code product of the supplier, in a new category unless one is given. */
export async function buildProduct(
  db: Database,
  supplier: SupplierRef,
  overrides: Partial<CreateProductInput> = {},
): Promise<SupplierProduct> {
  const categoryId = overrides.categoryId ?? (await buildCategory(db)).id;
  return withSupplier(db, supplier, (trx) =>
    createProduct(trx, { type: 'card_code', name: '测试商品', ...overrides, categoryId }),
  );
}

/** An active SKU of the product, 10.00 yuan wholesale unless overridden. */
export function buildSku(
  db: Database,
  supplier: SupplierRef,
  productId: string,
  overrides: Partial<Omit<CreateSkuInput, 'productId'>> = {},
): Promise<SupplierSku> {
  return withSupplier(db, supplier, (trx) =>
    createSku(trx, { name: '面值 10 元', wholesalePriceFen: 1000, ...overrides, productId }),
  );
}

/** A supplier (approved unless told), a product and one SKU: the smallest sellable catalog. */
export async function buildCatalogItem(
  db: Database,
  options: {
    supplier?: SupplierRef;
    categoryId?: string;
    product?: Partial<CreateProductInput>;
    sku?: Partial<Omit<CreateSkuInput, 'productId'>>;
  } = {},
): Promise<{ supplier: SupplierRef; product: SupplierProduct; sku: SupplierSku }> {
  const supplier = options.supplier ?? { id: (await buildSupplier(db)).id };
  const product = await buildProduct(db, supplier, {
    ...(options.categoryId ? { categoryId: options.categoryId } : {}),
    ...options.product,
  });
  const sku = await buildSku(db, supplier, product.id, options.sku);
  return { supplier, product, sku };
}

/** The shop's private supplier, as a reference for withSupplier. */
export async function buildPrivateSupplier(db: Database, tenantId: string): Promise<SupplierRef> {
  const supplier = await asSystem(db, (trx) => createPrivateSupplier(trx, tenantId));
  return { id: supplier.id, ownerTenantId: supplier.ownerTenantId };
}

/** Sets an SKU's available stock directly (setup only: `owner` is the migration owner). */
export async function setSkuStock(owner: Database, skuId: string, available: number) {
  await owner.updateTable('sku_stock').set({ available }).where('sku_id', '=', skuId).execute();
}
