import { randomBytes, randomUUID } from 'node:crypto';
import { asSystem, type Database } from '@cardshop/db';
import { createCodeVault } from '../inventory/code-crypto.js';
import { buildSupplier } from './factories.js';

const unique = () => randomUUID().slice(0, 8);

/** A code vault with fresh random keys (key id "k1" unless given). */
export function buildCodeVault(
  overrides: { keyId?: string; key?: Buffer; indexKey?: Buffer } = {},
) {
  const keys = { id: overrides.keyId ?? 'k1', key: overrides.key ?? randomBytes(32) };
  const indexKey = overrides.indexKey ?? randomBytes(32);
  return { vault: createCodeVault({ keys: [keys], indexKey }), key: keys, indexKey };
}

export interface InventorySku {
  supplier: { id: string; ownerTenantId: string | null };
  categoryId: string;
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
}

/**
 * A supplier's card-code product with one SKU, ready to take codes. Creates an approved supplier
 * unless one is given; override anything the inventory rules look at.
 */
export async function buildInventorySku(
  db: Database,
  overrides: {
    supplier?: { id: string; ownerTenantId?: string | null };
    supplierStatus?: 'pending' | 'approved' | 'suspended' | 'rejected';
    productType?: 'card_code' | 'direct_topup' | 'physical_card';
    productStatus?: 'draft' | 'active' | 'delisted';
    productName?: string;
    skuName?: string;
    skuStatus?: 'active' | 'inactive' | 'delisted';
    codeKind?: 'single' | 'reusable';
    reuseLimit?: number;
    lowStockThreshold?: number;
  } = {},
): Promise<InventorySku> {
  const supplier = overrides.supplier
    ? { id: overrides.supplier.id, ownerTenantId: overrides.supplier.ownerTenantId ?? null }
    : {
        id: (await buildSupplier(db, { status: overrides.supplierStatus ?? 'approved' })).id,
        ownerTenantId: null,
      };
  const productName = overrides.productName ?? '王者荣耀点券';
  const skuName = overrides.skuName ?? '100 点券';
  return asSystem(db, async (trx) => {
    const category = await trx
      .insertInto('categories')
      .values({ slug: `cat-${unique()}`, name: '游戏点卡', name_en: 'Game cards' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const product = await trx
      .insertInto('products')
      .values({
        supplier_id: supplier.id,
        owner_tenant_id: supplier.ownerTenantId,
        category_id: category.id,
        type: overrides.productType ?? 'card_code',
        name: productName,
        topup_fields: '[]',
        status: overrides.productStatus ?? 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const codeKind = overrides.codeKind ?? 'single';
    const sku = await trx
      .insertInto('skus')
      .values({
        product_id: product.id,
        supplier_id: supplier.id,
        owner_tenant_id: supplier.ownerTenantId,
        name: skuName,
        face_value_fen: 1000,
        wholesale_price_fen: 950,
        status: overrides.skuStatus ?? 'active',
        code_kind: codeKind,
        reuse_limit: codeKind === 'reusable' ? (overrides.reuseLimit ?? 5) : null,
        low_stock_threshold: overrides.lowStockThreshold ?? 10,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      supplier,
      categoryId: category.id,
      productId: product.id,
      skuId: sku.id,
      productName,
      skuName,
    };
  });
}

/** Row counts of every inventory table, read as the owner: to prove a refusal wrote nothing. */
export async function countInventoryRows(owner: Database) {
  const count = async (
    table: 'code_batches' | 'card_codes' | 'sku_stock' | 'supplier_notifications',
  ) =>
    Number(
      (
        await owner
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    code_batches: await count('code_batches'),
    card_codes: await count('card_codes'),
    sku_stock: await count('sku_stock'),
    supplier_notifications: await count('supplier_notifications'),
  };
}
