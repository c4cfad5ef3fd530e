import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildOrder,
  buildShopSku,
  seedShopCatalog,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

// Physical cards on the storefront: their stock shows like a card code's and they sell out at 0,
// on pages kept by the page cache too (a sale changes sku_stock, which drops them).

const t = useTestRuntime({ STOREFRONT_PAGE_CACHE_MB: '16' });
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shop: ShopSku;
let soldOutId: string;

const get = (path: string) => app.request(`http://${host()}${path}`, { headers: { host: host() } });
let slug = '';
const host = () => `${slug}.localhost`;
const text = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return (await res.text())
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
};

async function eventually(check: () => Promise<void>, timeoutMs = 3_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 3, maxPerOrder: 5 });
  const tenant = await t.owner
    .updateTable('tenants')
    .set({ stock_display: 'exact' })
    .where('id', '=', shop.tenantId)
    .returning('slug')
    .executeTakeFirstOrThrow();
  slug = tenant.slug;
  const seeded = await seedShopCatalog(t.owner, shop.tenantId, {
    categories: [{ slug: 'cards', name: '实体卡' }],
    products: [
      {
        name: '星巴克实体礼品卡',
        type: 'physical_card',
        category: 'cards',
        skus: [{ name: '100 元', priceFen: 9_800, stock: 0 }],
      },
    ],
  });
  soldOutId = seeded.products[0]!.id;
  await new Promise((resolve) => setTimeout(resolve, 300));
});

describe('physical cards on the storefront', () => {
  test('a physical card with none left shows sold out on its category and product pages', async () => {
    const category = await text('/c/cards');
    expect(category).toContain('星巴克实体礼品卡');
    expect(category).toContain('已售罄');
    const product = await text(`/p/${soldOutId}`);
    expect(product).toContain('实体卡 · 快递寄送');
    expect(product).toContain('已售罄');
    expect(product).toContain('这个规格已售罄');
  });

  test('its count shows in exact mode and drops to sold out when orders take the last cards', async () => {
    expect(await text(`/p/${shop.productId}`)).toContain('库存 3');
    await buildOrder(t.db, shop, {
      customerId: randomUUID(),
      lines: [
        {
          listingId: shop.listingId,
          quantity: 3,
          shippingAddress: {
            name: '李四',
            phone: '13800138000',
            region: '北京市 海淀区',
            address: '中关村大街 1 号',
          },
        },
      ],
    });
    await eventually(async () => {
      const page = await text(`/p/${shop.productId}`);
      expect(page).toContain('已售罄');
      expect(page).not.toContain('库存 3');
    });
  });
});
