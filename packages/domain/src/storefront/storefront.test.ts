import { sql, withTenant } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import { buildTenant, seedShopCatalog, useTestDatabase } from '../testing/index.js';
import { getCategoryPage } from './get-category-page.js';
import { getProductPage } from './get-product-page.js';
import { getShopHome } from './get-shop-home.js';
import { searchShop } from './search-shop.js';
import { stockView } from './stock-view.js';
import { StorefrontErrors } from './storefront.errors.js';
import { escapeLike } from './storefront.queries.js';

const t = useTestDatabase();
let shopId: string;
let otherId: string;
let productIds: Record<string, string>;

beforeAll(async () => {
  shopId = (await buildTenant(t.db, { name: '测试店' })).id;
  otherId = (await buildTenant(t.db, { name: '别家店' })).id;
  const seeded = await seedShopCatalog(t.owner, shopId, {
    categories: [
      { slug: 'games', name: '游戏点卡', icon: '🎮' },
      { slug: 'secret', name: '隐藏分类', visible: false },
    ],
    products: [
      {
        name: '王者荣耀点券',
        category: 'games',
        skus: [
          { name: '60点券', priceFen: 600, stock: 500, featured: true },
          { name: '300点券', priceFen: 3000, stock: 5 },
          { name: '未上架规格', listed: false, stock: 9 },
        ],
      },
      { name: 'Roblox 礼品卡', category: 'games', skus: [{ name: '$10', priceFen: 7200 }] },
      { name: '100%_折扣卡', skus: [{ name: '标准', priceFen: 100, stock: 1 }] },
      { name: '隐藏分类商品', category: 'secret', skus: [{ name: '默认', priceFen: 100 }] },
      { name: '下架商品', status: 'delisted', skus: [{ name: '默认', priceFen: 100 }] },
    ],
  });
  productIds = Object.fromEntries(seeded.products.map((p) => [p.name, p.id]));
  await seedShopCatalog(t.owner, otherId, {
    products: [{ name: '王者荣耀皮肤礼包', skus: [{ name: '默认', priceFen: 100, stock: 3 }] }],
  });
});

const inShop = <T>(fn: (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) => Promise<T>) =>
  withTenant(t.db, shopId, fn);

describe('stockView', () => {
  test('exact shows the count, range buckets it, status only says in stock / low / out', () => {
    expect(stockView('exact', 123)).toEqual({ mode: 'exact', level: 'plenty', count: 123 });
    expect(stockView('range', 123)).toEqual({ mode: 'range', level: 'plenty', count: null });
    expect(stockView('range', 100)).toEqual({ mode: 'range', level: 'some', count: null });
    expect(stockView('range', 10)).toEqual({ mode: 'range', level: 'some', count: null });
    expect(stockView('range', 9)).toEqual({ mode: 'range', level: 'few', count: 9 });
    expect(stockView('range', 0)).toEqual({ mode: 'range', level: 'out', count: null });
    expect(stockView('status', 50)).toEqual({ mode: 'status', level: 'plenty', count: null });
    expect(stockView('status', 3)).toEqual({ mode: 'status', level: 'few', count: null });
    expect(stockView('status', 0)).toEqual({ mode: 'status', level: 'out', count: null });
  });
});

describe('escapeLike', () => {
  test('makes %, _ and \\ match themselves', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});

describe('storefront reads', () => {
  test('home groups the on-sale goods by category and lists the featured ones', async () => {
    const home = await inShop((trx) => getShopHome(trx, { tenantId: shopId }));
    expect(home.categories.map((c) => c.slug)).toEqual(['games']);
    expect(home.featured.map((p) => p.name)).toEqual(['王者荣耀点券']);
    expect(home.sections).toHaveLength(1);
    expect(home.sections[0]!.products.map((p) => p.name)).toEqual([
      '王者荣耀点券',
      'Roblox 礼品卡',
    ]);
    expect(home.sections[0]!.products[0]).toMatchObject({ minPriceFen: 600, skuCount: 2 });
    expect(home.others.products.map((p) => p.name)).toEqual(['100%_折扣卡']);
  });

  test('a hidden or unknown category is not found', async () => {
    for (const slug of ['secret', 'nothing', '中文']) {
      const error = await inShop((trx) => getCategoryPage(trx, { tenantId: shopId, slug })).catch(
        (e: unknown) => e,
      );
      expect(isDomainError(error, StorefrontErrors.CATEGORY_NOT_FOUND)).toBe(true);
    }
  });

  test('the product page shows only the listed SKUs, in range mode without exact counts', async () => {
    await t.owner
      .updateTable('tenants')
      .set({ stock_display: 'range' })
      .where('id', '=', shopId)
      .execute();
    const page = await inShop((trx) =>
      getProductPage(trx, { tenantId: shopId, productId: productIds['王者荣耀点券']! }),
    );
    expect(page.skus.map((s) => [s.name, s.priceFen, s.stock.level, s.stock.count])).toEqual([
      ['60点券', 600, 'plenty', null],
      ['300点券', 3000, 'few', 5],
    ]);
    expect(page.product.shopCategory?.slug).toBe('games');
  });

  test('another shop’s product and a delisted product are not found', async () => {
    for (const productId of [productIds['下架商品']!, '00000000-0000-0000-0000-000000000001']) {
      const error = await inShop((trx) =>
        getProductPage(trx, { tenantId: shopId, productId }),
      ).catch((e: unknown) => e);
      expect(isDomainError(error, StorefrontErrors.PRODUCT_NOT_FOUND)).toBe(true);
    }
  });

  test('search finds partial Chinese words, ignores ASCII case and escapes wildcards', async () => {
    const names = async (q: string) =>
      (await inShop((trx) => searchShop(trx, { tenantId: shopId, q }))).products.map((p) => p.name);
    expect(await names('王者')).toEqual(['王者荣耀点券']);
    expect(await names('点券')).toEqual(['王者荣耀点券']);
    expect(await names('荣耀点')).toEqual(['王者荣耀点券']);
    expect(await names('ROBLOX')).toEqual(['Roblox 礼品卡']);
    expect(await names('300点')).toEqual(['王者荣耀点券']);
    expect(await names('%')).toEqual(['100%_折扣卡']);
    expect(await names('_')).toEqual(['100%_折扣卡']);
    expect(await names('皮肤')).toEqual([]);
    expect(await names('')).toEqual([]);
  });

  test('a too long search is refused with a clear message', async () => {
    const error = await inShop((trx) =>
      searchShop(trx, { tenantId: shopId, q: '长'.repeat(41) }),
    ).catch((e: unknown) => e);
    expect(isDomainError(error, StorefrontErrors.INVALID_INPUT)).toBe(true);
    expect((error as { userMessage: string }).userMessage).toContain('最多 40 个字');
  });

  test('name search can use the trigram indexes', async () => {
    const plan = await t.owner.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql<{
        'QUERY PLAN': string;
      }>`explain select id from products where name ilike '%荣耀点%'`.execute(trx);
    });
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('products_name_trgm');
  });
});
