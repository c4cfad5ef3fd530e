import { sql, withSupplier, withTenant, type Database } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { setProductStatus } from '../catalog/set-product-status.js';
import { updateSku } from '../catalog/update-sku.js';
import {
  buildCatalogItem,
  buildCategory,
  buildPrivateSupplier,
  buildProduct,
  buildSku,
  buildSupplier,
  buildTenant,
  setSkuStock,
  useTestDatabase,
} from '../testing/index.js';
import { addListing } from './add-listing.js';
import { browseCatalog } from './browse-catalog.js';
import { createShopCategory } from './create-shop-category.js';
import { deleteShopCategory } from './delete-shop-category.js';
import { listShopCategories } from './list-shop-categories.js';
import { listShopListings } from './list-shop-listings.js';
import { removeListing } from './remove-listing.js';
import { setStockDisplay } from './set-stock-display.js';
import { updateListing } from './update-listing.js';
import { updateShopCategory } from './update-shop-category.js';

const t = useTestDatabase();

async function listingCount(owner: Database, tenantId?: string) {
  let q = owner.selectFrom('listings').select((e) => e.fn.countAll<number>().as('n'));
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describe('addListing pricing rules', () => {
  test('a fixed price at least the wholesale price is listed with its margin', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db, { sku: { wholesalePriceFen: 1000 } });
    const listing = await withTenant(t.db, shop.id, (trx) =>
      addListing(trx, { skuId: sku.id, pricing: { mode: 'fixed', retailPriceFen: 1280 } }),
    );
    expect(listing).toMatchObject({
      skuId: sku.id,
      pricingMode: 'fixed',
      retailPriceFen: 1280,
      markupBps: null,
      priceFen: 1280,
      status: 'active',
      visible: true,
      featured: false,
      wholesalePriceFen: 1000,
      marginFen: 280,
    });
  });

  test('a fixed price exactly at wholesale is allowed (no margin)', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db, { sku: { wholesalePriceFen: 1000 } });
    const listing = await withTenant(t.db, shop.id, (trx) =>
      addListing(trx, { skuId: sku.id, pricing: { mode: 'fixed', retailPriceFen: 1000 } }),
    );
    expect(listing).toMatchObject({ priceFen: 1000, status: 'active', marginFen: 0 });
  });

  test('a fixed price below wholesale is refused showing both prices in yuan, and nothing is written', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db, { sku: { wholesalePriceFen: 1000 } });
    await expect(
      withTenant(t.db, shop.id, (trx) =>
        addListing(trx, { skuId: sku.id, pricing: { mode: 'fixed', retailPriceFen: 999 } }),
      ),
    ).rejects.toMatchObject({
      code: 'LISTING_BELOW_WHOLESALE',
      userMessage: '零售价 9.99 元低于批发价 10.00 元，请把售价设为不低于 10.00 元',
    });
    expect(await listingCount(t.owner, shop.id)).toBe(0);
  });

  test('a markup price is wholesale plus the markup, rounded up to the fen', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db, { sku: { wholesalePriceFen: 999 } });
    const listing = await withTenant(t.db, shop.id, (trx) =>
      addListing(trx, { skuId: sku.id, pricing: { mode: 'markup', markupBps: 1500 } }),
    );
    // 999 × 1.15 = 1148.85 -> 1149
    expect(listing).toMatchObject({
      pricingMode: 'markup',
      markupBps: 1500,
      retailPriceFen: null,
      priceFen: 1149,
      marginFen: 150,
    });
  });

  test('a negative markup and a zero or negative retail price are refused in Chinese', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db);
    const attempt = (pricing: unknown) =>
      withTenant(t.db, shop.id, (trx) =>
        addListing(trx, {
          skuId: sku.id,
          pricing: pricing as { mode: 'markup'; markupBps: number },
        }),
      );
    await expect(attempt({ mode: 'markup', markupBps: -100 })).rejects.toMatchObject({
      code: 'LISTING_INVALID_INPUT',
      userMessage: '加价比例不能为负数',
    });
    await expect(attempt({ mode: 'fixed', retailPriceFen: 0 })).rejects.toMatchObject({
      userMessage: '零售价必须大于 0',
    });
    await expect(attempt({ mode: 'fixed', retailPriceFen: -500 })).rejects.toMatchObject({
      userMessage: '零售价必须大于 0',
    });
    await expect(attempt({ mode: 'auction' })).rejects.toMatchObject({
      userMessage: '定价方式只能是固定售价或按批发价加价',
    });
    expect(await listingCount(t.owner, shop.id)).toBe(0);
  });

  test('listing the same SKU twice is refused with a clear message', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db, {
      product: { name: '网易一卡通' },
      sku: { name: '100 点' },
    });
    const add = () =>
      withTenant(t.db, shop.id, (trx) =>
        addListing(trx, { skuId: sku.id, pricing: { mode: 'markup', markupBps: 500 } }),
      );
    await add();
    await expect(add()).rejects.toMatchObject({
      code: 'LISTING_ALREADY_LISTED',
      userMessage: '“网易一卡通（100 点）”已经在您的店铺上架了，可以在已上架商品中修改售价',
      status: 409,
    });
    expect(await listingCount(t.owner, shop.id)).toBe(1);
  });

  test('a delisted SKU, a delisted product and goods of a suspended supplier cannot be listed', async () => {
    const shop = await buildTenant(t.db);
    const a = await buildCatalogItem(t.db);
    await withSupplier(t.db, a.supplier, (trx) => updateSku(trx, a.sku.id, { status: 'delisted' }));
    const b = await buildCatalogItem(t.db);
    await withSupplier(t.db, b.supplier, (trx) => setProductStatus(trx, b.product.id, 'delisted'));
    const c = await buildCatalogItem(t.db);
    await t.owner
      .updateTable('suppliers')
      .set({ status: 'suspended' })
      .where('id', '=', c.supplier.id)
      .execute();
    for (const skuId of [a.sku.id, b.sku.id, c.sku.id]) {
      await expect(
        withTenant(t.db, shop.id, (trx) =>
          addListing(trx, { skuId, pricing: { mode: 'fixed', retailPriceFen: 5000 } }),
        ),
      ).rejects.toMatchObject({
        code: 'LISTING_SKU_UNAVAILABLE',
        userMessage: expect.stringContaining('已下架或暂停供货，不能上架到店铺'),
      });
    }
    expect(await listingCount(t.owner, shop.id)).toBe(0);
  });

  test('an unknown SKU and a shop category of another shop are refused', async () => {
    const shop = await buildTenant(t.db);
    const other = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db);
    await expect(
      withTenant(t.db, shop.id, (trx) =>
        addListing(trx, {
          skuId: '5e0c3b1a-7d2f-4a8e-9b6c-1f0e2d3c4b5a',
          pricing: { mode: 'markup', markupBps: 0 },
        }),
      ),
    ).rejects.toMatchObject({ code: 'LISTING_SKU_NOT_FOUND', status: 404 });
    const theirs = await withTenant(t.db, other.id, (trx) =>
      createShopCategory(trx, { slug: 'games', name: '游戏' }),
    );
    await expect(
      withTenant(t.db, shop.id, (trx) =>
        addListing(trx, {
          skuId: sku.id,
          pricing: { mode: 'markup', markupBps: 0 },
          shopCategoryId: theirs.id,
        }),
      ),
    ).rejects.toMatchObject({ code: 'SHOP_CATEGORY_NOT_FOUND' });
    expect(await listingCount(t.owner, shop.id)).toBe(0);
  });
});

describe('updateListing and removeListing', () => {
  test('switching from markup to a fixed price recomputes the price; below wholesale is refused and changes nothing', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db, { sku: { wholesalePriceFen: 2000 } });
    const listing = await withTenant(t.db, shop.id, (trx) =>
      addListing(trx, { skuId: sku.id, pricing: { mode: 'markup', markupBps: 1000 } }),
    );
    expect(listing.priceFen).toBe(2200);
    const fixed = await withTenant(t.db, shop.id, (trx) =>
      updateListing(trx, listing.id, {
        pricing: { mode: 'fixed', retailPriceFen: 2500 },
        featured: true,
        sortOrder: 5,
      }),
    );
    expect(fixed).toMatchObject({
      pricingMode: 'fixed',
      retailPriceFen: 2500,
      markupBps: null,
      priceFen: 2500,
      marginFen: 500,
      featured: true,
      sortOrder: 5,
    });
    await expect(
      withTenant(t.db, shop.id, (trx) =>
        updateListing(trx, listing.id, { pricing: { mode: 'fixed', retailPriceFen: 1999 } }),
      ),
    ).rejects.toMatchObject({
      userMessage: '零售价 19.99 元低于批发价 20.00 元，请把售价设为不低于 20.00 元',
    });
    const row = await t.owner
      .selectFrom('listings')
      .select(['price_fen', 'retail_price_fen'])
      .where('id', '=', listing.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ price_fen: 2500, retail_price_fen: 2500 });
  });

  test('a shop cannot update or remove another shop’s listing', async () => {
    const shop = await buildTenant(t.db);
    const other = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db);
    const listing = await withTenant(t.db, shop.id, (trx) =>
      addListing(trx, { skuId: sku.id, pricing: { mode: 'markup', markupBps: 100 } }),
    );
    await expect(
      withTenant(t.db, other.id, (trx) => updateListing(trx, listing.id, { visible: false })),
    ).rejects.toMatchObject({ code: 'LISTING_NOT_FOUND', status: 404 });
    await expect(
      withTenant(t.db, other.id, (trx) => removeListing(trx, listing.id)),
    ).rejects.toMatchObject({ code: 'LISTING_NOT_FOUND' });
    await expect(
      withTenant(t.db, other.id, (trx) => removeListing(trx, 'not-a-uuid')),
    ).rejects.toMatchObject({ code: 'LISTING_NOT_FOUND' });
    expect(await listingCount(t.owner, shop.id)).toBe(1);
    await withTenant(t.db, shop.id, (trx) => removeListing(trx, listing.id));
    expect(await listingCount(t.owner, shop.id)).toBe(0);
  });

  test('listShopListings shows margin, wholesale, stock and category', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db, {
      product: { name: '腾讯视频月卡' },
      sku: { name: '月卡', wholesalePriceFen: 1500 },
    });
    await setSkuStock(t.owner, sku.id, 42);
    const category = await withTenant(t.db, shop.id, (trx) =>
      createShopCategory(trx, { slug: 'video', name: '视频会员', icon: '🎬' }),
    );
    await withTenant(t.db, shop.id, (trx) =>
      addListing(trx, {
        skuId: sku.id,
        pricing: { mode: 'fixed', retailPriceFen: 1990 },
        shopCategoryId: category.id,
      }),
    );
    const rows = await withTenant(t.db, shop.id, (trx) => listShopListings(trx));
    expect(rows).toEqual([
      expect.objectContaining({
        productName: '腾讯视频月卡',
        skuName: '月卡',
        wholesalePriceFen: 1500,
        priceFen: 1990,
        marginFen: 490,
        available: 42,
        shopCategoryId: category.id,
        shopCategoryName: '视频会员',
        isPrivate: false,
      }),
    ]);
  });
});

describe('isolation between shops', () => {
  test('a shop never sees another shop’s listings, even with no filter in the query', async () => {
    const a = await buildTenant(t.db);
    const b = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db);
    for (const shop of [a, b]) {
      await withTenant(t.db, shop.id, (trx) =>
        addListing(trx, { skuId: sku.id, pricing: { mode: 'markup', markupBps: 100 } }),
      );
      await withTenant(t.db, shop.id, (trx) =>
        createShopCategory(trx, { slug: 'same-slug', name: '同名分类' }),
      );
    }
    for (const table of ['listings', 'shop_categories', 'tenant_notifications']) {
      const { rows } = await withTenant(t.db, a.id, (trx) =>
        sql<{ tenant_id: string }>`select distinct tenant_id from ${sql.table(table)}`.execute(trx),
      );
      expect({ table, tenants: rows.map((r) => r.tenant_id).filter((x) => x !== a.id) }).toEqual({
        table,
        tenants: [],
      });
    }
    const mine = await withTenant(t.db, a.id, (trx) => listShopListings(trx));
    expect(mine).toHaveLength(1);
  });

  test('private goods of shop A are invisible to shop B and cannot be listed there', async () => {
    const a = await buildTenant(t.db);
    const b = await buildTenant(t.db);
    const supplier = await buildPrivateSupplier(t.db, a.id);
    const category = await buildCategory(t.db);
    const product = await buildProduct(t.db, supplier, {
      name: '甲店自营卡',
      categoryId: category.id,
    });
    const sku = await buildSku(t.db, supplier, product.id, { wholesalePriceFen: 300 });

    const seenByA = await withTenant(t.db, a.id, (trx) =>
      browseCatalog(trx, { categoryId: category.id }),
    );
    expect(seenByA.items).toEqual([expect.objectContaining({ id: product.id, isPrivate: true })]);
    const seenByB = await withTenant(t.db, b.id, (trx) =>
      browseCatalog(trx, { categoryId: category.id }),
    );
    expect(seenByB.items).toEqual([]);

    await expect(
      withTenant(t.db, b.id, (trx) =>
        addListing(trx, { skuId: sku.id, pricing: { mode: 'fixed', retailPriceFen: 500 } }),
      ),
    ).rejects.toMatchObject({ code: 'LISTING_SKU_NOT_FOUND' });
    expect(await listingCount(t.owner, b.id)).toBe(0);

    const listing = await withTenant(t.db, a.id, (trx) =>
      addListing(trx, { skuId: sku.id, pricing: { mode: 'fixed', retailPriceFen: 500 } }),
    );
    const row = await t.owner
      .selectFrom('listings')
      .select('sku_owner_key')
      .where('id', '=', listing.id)
      .executeTakeFirstOrThrow();
    expect(row.sku_owner_key).toBe(a.id);
  });
});

describe('browseCatalog', () => {
  test('shows active goods of approved suppliers with wholesale, stock and whether listed here', async () => {
    const shop = await buildTenant(t.db);
    const parent = await buildCategory(t.db);
    const child = await buildCategory(t.db, { parentId: parent.id });
    const supplier = { id: (await buildSupplier(t.db)).id };
    const product = await buildProduct(t.db, supplier, {
      name: '原神创世结晶',
      categoryId: child.id,
    });
    const listed = await buildSku(t.db, supplier, product.id, {
      name: '60',
      wholesalePriceFen: 550,
      sortOrder: 1,
    });
    const notListed = await buildSku(t.db, supplier, product.id, {
      name: '300',
      wholesalePriceFen: 2700,
      sortOrder: 2,
    });
    const off = await buildSku(t.db, supplier, product.id, {
      name: '停售',
      status: 'inactive',
      sortOrder: 3,
    });
    await setSkuStock(t.owner, notListed.id, 7);
    const listing = await withTenant(t.db, shop.id, (trx) =>
      addListing(trx, { skuId: listed.id, pricing: { mode: 'fixed', retailPriceFen: 600 } }),
    );
    // Goods that must not show: a draft product, a suspended supplier's, a product with no active SKU.
    await buildCatalogItem(t.db, { categoryId: child.id, product: { status: 'draft' } });
    const suspended = await buildCatalogItem(t.db, { categoryId: child.id });
    await t.owner
      .updateTable('suppliers')
      .set({ status: 'suspended' })
      .where('id', '=', suspended.supplier.id)
      .execute();
    await buildCatalogItem(t.db, { categoryId: child.id, sku: { status: 'inactive' } });

    const page = await withTenant(t.db, shop.id, (trx) =>
      browseCatalog(trx, { categoryId: parent.id }),
    );
    expect(page.total).toBe(1);
    expect(page.items).toEqual([
      expect.objectContaining({
        id: product.id,
        name: '原神创世结晶',
        categoryId: child.id,
        isPrivate: false,
        skus: [
          expect.objectContaining({
            skuId: listed.id,
            wholesalePriceFen: 550,
            available: 0,
            listing: { id: listing.id, priceFen: 600 },
          }),
          expect.objectContaining({ skuId: notListed.id, available: 7, listing: null }),
        ],
      }),
    ]);
    expect(page.items[0]!.skus.map((s) => s.skuId)).not.toContain(off.id);

    const search = await withTenant(t.db, shop.id, (trx) => browseCatalog(trx, { q: '创世' }));
    expect(search.items.map((p) => p.id)).toContain(product.id);
    const wildcard = await withTenant(t.db, shop.id, (trx) => browseCatalog(trx, { q: '%' }));
    expect(wildcard.items.map((p) => p.id)).not.toContain(product.id);
  });

  test('pages through the catalog', async () => {
    const shop = await buildTenant(t.db);
    const category = await buildCategory(t.db);
    const supplier = { id: (await buildSupplier(t.db)).id };
    for (const name of ['甲', '乙', '丙']) {
      const p = await buildProduct(t.db, supplier, { name, categoryId: category.id });
      await buildSku(t.db, supplier, p.id);
    }
    const first = await withTenant(t.db, shop.id, (trx) =>
      browseCatalog(trx, { categoryId: category.id, pageSize: 2 }),
    );
    const second = await withTenant(t.db, shop.id, (trx) =>
      browseCatalog(trx, { categoryId: category.id, pageSize: 2, page: 2 }),
    );
    expect(first.total).toBe(3);
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(1);
    expect(new Set([...first.items, ...second.items].map((p) => p.name))).toEqual(
      new Set(['甲', '乙', '丙']),
    );
  });
});

describe('shop categories and settings', () => {
  test('create, rename, reorder and list shop categories; a taken slug is refused', async () => {
    const shop = await buildTenant(t.db);
    const games = await withTenant(t.db, shop.id, (trx) =>
      createShopCategory(trx, { slug: 'Games', name: '游戏', icon: '🎮', sortOrder: 2 }),
    );
    expect(games).toMatchObject({ slug: 'games', visible: true });
    const video = await withTenant(t.db, shop.id, (trx) =>
      createShopCategory(trx, { slug: 'video', name: '视频', sortOrder: 1 }),
    );
    await expect(
      withTenant(t.db, shop.id, (trx) => createShopCategory(trx, { slug: 'games', name: '重复' })),
    ).rejects.toMatchObject({
      code: 'SHOP_CATEGORY_SLUG_TAKEN',
      userMessage: '分类地址“games”已被店铺中的另一个分类使用，请换一个',
    });
    await expect(
      withTenant(t.db, shop.id, (trx) => updateShopCategory(trx, video.id, { slug: 'games' })),
    ).rejects.toMatchObject({ code: 'SHOP_CATEGORY_SLUG_TAKEN' });
    await withTenant(t.db, shop.id, (trx) =>
      updateShopCategory(trx, games.id, { name: '游戏点卡', sortOrder: 0, visible: false }),
    );
    const list = await withTenant(t.db, shop.id, (trx) => listShopCategories(trx));
    expect(list.map((c) => [c.name, c.visible])).toEqual([
      ['游戏点卡', false],
      ['视频', true],
    ]);
  });

  test('deleting a shop category moves its listings to uncategorised', async () => {
    const shop = await buildTenant(t.db);
    const { sku } = await buildCatalogItem(t.db);
    const category = await withTenant(t.db, shop.id, (trx) =>
      createShopCategory(trx, { slug: 'temp', name: '临时' }),
    );
    const listing = await withTenant(t.db, shop.id, (trx) =>
      addListing(trx, {
        skuId: sku.id,
        pricing: { mode: 'markup', markupBps: 0 },
        shopCategoryId: category.id,
      }),
    );
    expect(
      (await withTenant(t.db, shop.id, (trx) => listShopCategories(trx)))[0]!.listingCount,
    ).toBe(1);
    const result = await withTenant(t.db, shop.id, (trx) => deleteShopCategory(trx, category.id));
    expect(result).toEqual({ listingsMoved: 1 });
    const uncategorised = await withTenant(t.db, shop.id, (trx) =>
      listShopListings(trx, { shopCategoryId: null }),
    );
    expect(uncategorised.map((l) => l.id)).toEqual([listing.id]);
    await expect(
      withTenant(t.db, shop.id, (trx) => deleteShopCategory(trx, category.id)),
    ).rejects.toMatchObject({ code: 'SHOP_CATEGORY_NOT_FOUND' });
  });

  test('a shop sets how its stock is shown, on its own row only', async () => {
    const shop = await buildTenant(t.db);
    const other = await buildTenant(t.db);
    await withTenant(t.db, shop.id, (trx) => setStockDisplay(trx, 'exact'));
    const rows = await t.owner
      .selectFrom('tenants')
      .select(['id', 'stock_display'])
      .where('id', 'in', [shop.id, other.id])
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.stock_display]))).toEqual({
      [shop.id]: 'exact',
      [other.id]: 'status',
    });
    await expect(
      withTenant(t.db, shop.id, (trx) => setStockDisplay(trx, 'precise' as 'exact')),
    ).rejects.toMatchObject({
      userMessage: '库存显示方式只能是精确数量、数量区间或有货/紧张/售罄',
    });
    // The grant is on the column only: the app role still cannot touch other columns.
    await expect(
      withTenant(t.db, shop.id, (trx) =>
        trx.updateTable('tenants').set({ status: 'closed' }).where('id', '=', shop.id).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
