import { withSupplier, withTenant, type StockDisplay } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import { adjustPhysicalStock } from '../inventory/adjust-physical-stock.js';
import {
  buildOrder,
  buildShopSku,
  buildTenant,
  seedShopCatalog,
  useTestDatabase,
} from '../testing/index.js';
import { getCategoryPage } from './get-category-page.js';
import { getProductPage } from './get-product-page.js';
import { getShopHome } from './get-shop-home.js';
import { searchShop } from './search-shop.js';

// Physical cards show their stock on every storefront page as card codes do (exact, range or
// status, as the shop chooses), and sell out at 0; top-ups have no stock to show.

const t = useTestDatabase();
let shopId: string;
let productIds: Record<string, string>;

beforeAll(async () => {
  shopId = (await buildTenant(t.db, { name: '实体卡店' })).id;
  const seeded = await seedShopCatalog(t.owner, shopId, {
    stockDisplay: 'exact',
    categories: [{ slug: 'cards', name: '实体卡', icon: '💳' }],
    products: [
      {
        name: '京东E卡 实体卡',
        type: 'physical_card',
        category: 'cards',
        skus: [
          { name: '500 元面值', priceFen: 49_800, stock: 7 },
          { name: '1000 元面值', priceFen: 99_500, stock: 0 },
        ],
      },
      {
        name: '星巴克实体礼品卡',
        type: 'physical_card',
        category: 'cards',
        skus: [{ name: '100 元', priceFen: 9_800, stock: 0 }],
      },
      {
        name: '话费直充实体',
        type: 'direct_topup',
        category: 'cards',
        skus: [{ name: '50 元', priceFen: 4_980, stock: 0 }],
      },
    ],
  });
  productIds = Object.fromEntries(seeded.products.map((p) => [p.name, p.id]));
});

const inShop = <T>(fn: (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) => Promise<T>) =>
  withTenant(t.db, shopId, fn);

async function mode(stockDisplay: StockDisplay) {
  await t.owner
    .updateTable('tenants')
    .set({ stock_display: stockDisplay })
    .where('id', '=', shopId)
    .execute();
}

const cards = (products: Array<{ name: string; stock: unknown }>) =>
  Object.fromEntries(products.map((p) => [p.name, p.stock]));

describe('physical card stock on the storefront', () => {
  test('category, home and search pages count physical cards; a product with none is sold out', async () => {
    await mode('exact');
    const expected = {
      '京东E卡 实体卡': { mode: 'exact', level: 'few', count: 7 },
      星巴克实体礼品卡: { mode: 'exact', level: 'out', count: 0 },
      话费直充实体: { mode: 'exact', level: 'plenty', count: null },
    };
    const category = await inShop((trx) =>
      getCategoryPage(trx, { tenantId: shopId, slug: 'cards' }),
    );
    expect(cards(category.products)).toEqual(expected);
    const home = await inShop((trx) => getShopHome(trx, { tenantId: shopId }));
    expect(cards(home.sections[0]!.products)).toEqual(expected);
    const search = await inShop((trx) => searchShop(trx, { tenantId: shopId, q: '实体' }));
    expect(cards(search.products)).toEqual(expected);
  });

  test('the product page shows each SKU’s stock in the shop’s mode, sold out at 0', async () => {
    const page = (display: StockDisplay) =>
      mode(display).then(() =>
        inShop((trx) =>
          getProductPage(trx, { tenantId: shopId, productId: productIds['京东E卡 实体卡']! }),
        ),
      );
    expect((await page('exact')).skus.map((s) => [s.name, s.stock])).toEqual([
      ['500 元面值', { mode: 'exact', level: 'few', count: 7 }],
      ['1000 元面值', { mode: 'exact', level: 'out', count: 0 }],
    ]);
    expect((await page('range')).skus.map((s) => s.stock)).toEqual([
      { mode: 'range', level: 'few', count: 7 },
      { mode: 'range', level: 'out', count: null },
    ]);
    expect((await page('status')).skus.map((s) => s.stock)).toEqual([
      { mode: 'status', level: 'few', count: null },
      { mode: 'status', level: 'out', count: null },
    ]);
  });

  test('orders and the supplier’s counts move what buyers see', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 2 });
    await t.owner
      .updateTable('tenants')
      .set({ stock_display: 'exact' })
      .where('id', '=', shop.tenantId)
      .execute();
    const stock = async () =>
      (
        await withTenant(t.db, shop.tenantId, (trx) =>
          getProductPage(trx, { tenantId: shop.tenantId, productId: shop.productId }),
        )
      ).skus[0]!.stock;
    expect(await stock()).toEqual({ mode: 'exact', level: 'few', count: 2 });
    await buildOrder(t.db, shop, {
      lines: [
        {
          listingId: shop.listingId,
          quantity: 2,
          shippingAddress: {
            name: '李四',
            phone: '13800138000',
            region: '北京市 海淀区',
            address: '中关村大街 1 号',
          },
        },
      ],
    });
    expect(await stock()).toEqual({ mode: 'exact', level: 'out', count: 0 });
    await withSupplier(t.db, shop.supplier, (trx) =>
      adjustPhysicalStock(
        trx,
        { skuId: shop.skuId, mode: 'add', quantity: 120, reason: '到货' },
        { type: 'system', id: 'test' },
      ),
    );
    expect(await stock()).toEqual({ mode: 'exact', level: 'plenty', count: 120 });
  });
});
