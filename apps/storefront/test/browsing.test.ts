import { beforeAll, describe, expect, test } from 'vitest';
import { buildTenant, seedShopCatalog, useTestRuntime } from '@cardshop/domain/testing';
import { createStorefrontServer } from '../server/index.js';

const t = useTestRuntime();
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shop: { slug: string; id: string };
let rival: { slug: string; id: string };
let ids: Record<string, string>;
let rivalProductId: string;

const host = () => `${shop.slug}.localhost`;
const get = (path: string, headers: Record<string, string> = {}, h = host()) =>
  app.request(`http://${h}${path}`, { headers: { host: h, ...headers } });
const html = async (path: string, headers: Record<string, string> = {}) => {
  const res = await get(path, headers);
  expect(res.status, `${path} status`).toBe(200);
  return res.text();
};
/** The page's visible text, roughly: tags and React's text separators removed. */
const text = (page: string) =>
  page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function setStockDisplay(mode: 'exact' | 'range' | 'status') {
  await t.owner
    .updateTable('tenants')
    .set({ stock_display: mode })
    .where('id', '=', shop.id)
    .execute();
}

beforeAll(async () => {
  app = await createStorefrontServer(t.runtime);
  shop = await buildTenant(t.db, { name: '星光卡铺', branding: { primaryColor: '#123456' } });
  rival = await buildTenant(t.db, { name: '对手小店' });
  const seeded = await seedShopCatalog(t.owner, shop.id, {
    stockDisplay: 'exact',
    categories: [
      { slug: 'games', name: '游戏点卡', icon: '🎮' },
      { slug: 'video', name: '视频会员', icon: '📺' },
      { slug: 'secret', name: '内部分类', icon: '🔒', visible: false },
    ],
    products: [
      {
        name: '王者荣耀点券',
        category: 'games',
        regionLock: '仅限中国大陆区 QQ / 微信账号',
        descriptionMd:
          '## 使用说明\n\n**到账快**\n\n<script>alert("x")</script><img src=x onerror="alert(1)">\n\n[恶意链接](javascript:alert(1)) [官网](https://pvp.qq.com)',
        skus: [
          { name: '60点券', priceFen: 600, stock: 98765, featured: true, maxPerOrder: 5 },
          { name: '300点券', priceFen: 2950, stock: 7, minPerOrder: 2, maxPerOrder: 20 },
          { name: '6480点券', priceFen: 64800, stock: 0 },
          { name: '未上架的规格', stock: 50, listed: false },
          { name: '店主隐藏的规格', priceFen: 100, stock: 50, visible: false },
          { name: '停售的规格', priceFen: 100, stock: 50, status: 'inactive' },
        ],
      },
      {
        name: 'Roblox 礼品卡',
        category: 'games',
        skus: [{ name: '$10', priceFen: 7250, stock: 40 }],
      },
      {
        name: '腾讯视频VIP月卡',
        category: 'video',
        type: 'direct_topup',
        skus: [{ name: '1个月', priceFen: 1990, stock: 1000, featured: true }],
      },
      {
        name: '隐藏商品',
        category: 'games',
        skus: [{ name: '默认', priceFen: 100, visible: false }],
      },
      { name: '内部商品', category: 'secret', skus: [{ name: '默认', priceFen: 100, stock: 3 }] },
      { name: '100%_好评卡', skus: [{ name: '标准', priceFen: 1000, stock: 2 }] },
    ],
  });
  ids = Object.fromEntries(seeded.products.map((p) => [p.name, p.id]));
  const rivalCatalog = await seedShopCatalog(t.owner, rival.id, {
    categories: [{ slug: 'games', name: '对手游戏', icon: '🕹' }],
    products: [
      {
        name: '王者荣耀对手礼包',
        category: 'games',
        skus: [{ name: '默认', priceFen: 100, stock: 9, featured: true }],
      },
    ],
  });
  rivalProductId = rivalCatalog.products[0]!.id;
});

describe('shop home', () => {
  test('shows the visible categories with icons and the featured goods with prices and stock', async () => {
    const page = await html('/');
    const body = text(page);
    expect(page).toContain('href="/c/games"');
    expect(page).toContain('href="/c/video"');
    expect(page).not.toContain('/c/secret');
    expect(body).toContain('🎮');
    expect(body).toContain('推荐商品');
    expect(page).toContain(`href="/p/${ids['王者荣耀点券']}"`);
    expect(body).toContain('¥6.00 起');
    expect(body).toContain('¥19.90');
    expect(body).toContain('库存 98772'); // 98765 + 7 + 0 over the listed, on-sale SKUs
    expect(body).toContain('100%_好评卡');
    expect(body).not.toContain('隐藏商品');
    expect(body).not.toContain('内部商品');
    expect(body).not.toContain('对手');
  });

  test('a shop with nothing on sale keeps its empty state', async () => {
    const empty = await buildTenant(t.db, { name: '空空小店' });
    const res = await get('/', {}, `${empty.slug}.localhost`);
    expect(res.status).toBe(200);
    expect(text(await res.text())).toContain('店主还没有上架商品');
  });
});

describe('category page', () => {
  test('lists only that category’s visible goods, in the shop’s order', async () => {
    const page = await html('/c/games');
    const body = text(page);
    expect(page).toContain('<title>游戏点卡 - 星光卡铺</title>');
    expect(body).toContain('王者荣耀点券');
    expect(body).toContain('Roblox 礼品卡');
    expect(body.indexOf('王者荣耀点券')).toBeLessThan(body.indexOf('Roblox 礼品卡'));
    expect(body).toContain('共 2 件商品');
    expect(body).not.toContain('腾讯视频VIP月卡');
    expect(body).not.toContain('隐藏商品');
    expect(page).not.toContain('对手');
  });

  test('an unknown category is a 404 that names it', async () => {
    const res = await get('/c/no-such-thing');
    expect(res.status).toBe(404);
    const body = text(await res.text());
    expect(body).toContain('找不到这个分类');
    expect(body).toContain('本店没有“no-such-thing”这个分类');
  });

  test('a hidden category is a 404 too, and so is another shop’s', async () => {
    expect((await get('/c/secret')).status).toBe(404);
    const rivalOnly = await seedShopCatalog(t.owner, rival.id, {
      categories: [{ slug: 'rival-only', name: '对手专区' }],
    });
    expect(rivalOnly.categories['rival-only']).toBeTruthy();
    expect((await get('/c/rival-only')).status).toBe(404);
  });
});

describe('product page', () => {
  test('shows only the SKUs the shop lists and sells, at the shop’s prices', async () => {
    await setStockDisplay('exact');
    const page = await html(`/p/${ids['王者荣耀点券']}`);
    const body = text(page);
    expect(page).toContain('<title>王者荣耀点券 - 星光卡铺</title>');
    expect(body).toContain('60点券');
    expect(body).toContain('300点券');
    expect(body).toContain('6480点券');
    expect(body).not.toContain('未上架的规格');
    expect(body).not.toContain('店主隐藏的规格');
    expect(body).not.toContain('停售的规格');
    expect(body).toContain('¥6.00');
    expect(body).toContain('¥29.50');
    expect(body).toContain('¥648.00');
    expect(body).toContain('卡密 · 自动发货');
    expect(body).toContain('每单可买 1–5 件');
    expect(page).toContain('type="radio"');
    expect(page).toContain('href="/c/games"');
    // Buying: one form names the chosen SKU's listing; 立即购买 is a GET of /checkout.
    expect(body).toContain('加入购物车');
    expect(body).toContain('立即购买');
    expect(page).toMatch(/formaction="\/checkout"/i);
  });

  test('exact mode shows the count of each SKU', async () => {
    await setStockDisplay('exact');
    const body = text(await html(`/p/${ids['王者荣耀点券']}`));
    expect(body).toContain('库存 98765');
    expect(body).toContain('库存 7');
    expect(body).toContain('已售罄');
  });

  test('range mode shows buckets and the count only when few are left', async () => {
    await setStockDisplay('range');
    const page = await html(`/p/${ids['王者荣耀点券']}`);
    const body = text(page);
    expect(body).toContain('库存充足 (>100)');
    expect(body).toContain('仅剩 7');
    expect(body).toContain('已售罄');
    expect(page).not.toContain('98765');
    const video = text(await html(`/p/${ids['Roblox 礼品卡']}`));
    expect(video).toContain('少量 (10–100)');
  });

  test('status mode says in stock, low or sold out and never sends a count', async () => {
    await setStockDisplay('status');
    const page = await html(`/p/${ids['王者荣耀点券']}`);
    const body = text(page);
    expect(body).toContain('有货');
    expect(body).toContain('库存紧张');
    expect(body).toContain('已售罄');
    expect(page).not.toContain('98765');
    expect(body).not.toMatch(/仅剩|库存 7/);
  });

  test('shows the region lock before purchase', async () => {
    await setStockDisplay('exact');
    const body = text(await html(`/p/${ids['王者荣耀点券']}`));
    expect(body).toContain('购买前请注意：区域限制');
    expect(body).toContain('仅限中国大陆区 QQ / 微信账号');
    expect(body.indexOf('仅限中国大陆区')).toBeLessThan(body.indexOf('选择规格'));
  });

  test('renders the description as sanitised HTML', async () => {
    const page = await html(`/p/${ids['王者荣耀点券']}`);
    expect(page).toContain('<h2>使用说明</h2>');
    expect(page).toContain('<strong>到账快</strong>');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toMatch(/<img src="?x/);
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('href="https://pvp.qq.com"');
    expect(page).toContain('&lt;script&gt;');
  });

  test('an unknown product, another shop’s product and a hidden one are 404s with a message', async () => {
    for (const id of [
      '3f8a1c5e-1111-4222-8333-444455556666',
      'not-a-uuid',
      rivalProductId,
      ids['隐藏商品']!,
      ids['内部商品']!,
    ]) {
      const res = await get(`/p/${id}`);
      expect(res.status, id).toBe(404);
      const body = text(await res.text());
      expect(body).toContain('找不到这件商品');
      expect(body).toContain('本店没有这件商品，或者它已经下架');
    }
  });

  test('English shows English wording and the platform category in English', async () => {
    await setStockDisplay('exact');
    const body = text(await html(`/p/${ids['王者荣耀点券']}?lang=en`));
    expect(body).toContain('98765 in stock');
    expect(body).toContain('Before you buy: region lock');
    expect(body).toContain('Game cards');
  });
});

describe('search', () => {
  const names = async (q: string) => {
    const page = await html(`/search?q=${encodeURIComponent(q)}`);
    return [...page.matchAll(/<h3[^>]*>([^<]+)<\/h3>/g)].map((m) => m[1]);
  };

  test('finds partial Chinese words in product and SKU names', async () => {
    expect(await names('王者')).toEqual(['王者荣耀点券']);
    expect(await names('点券')).toEqual(['王者荣耀点券']);
    expect(await names('荣耀点')).toEqual(['王者荣耀点券']);
    expect(await names('6480')).toEqual(['王者荣耀点券']);
    expect(await names('VIP月')).toEqual(['腾讯视频VIP月卡']);
  });

  test('is case-insensitive for ASCII', async () => {
    expect(await names('roblox')).toEqual(['Roblox 礼品卡']);
    expect(await names('ROBLOX')).toEqual(['Roblox 礼品卡']);
    expect(await names('vip')).toEqual(['腾讯视频VIP月卡']);
  });

  test('treats % and _ as plain characters', async () => {
    expect(await names('%')).toEqual(['100%_好评卡']);
    expect(await names('_')).toEqual(['100%_好评卡']);
    expect(await names('100%_')).toEqual(['100%_好评卡']);
  });

  test('never finds hidden goods or another shop’s goods', async () => {
    expect(await names('隐藏')).toEqual([]);
    expect(await names('内部')).toEqual([]);
    expect(await names('对手')).toEqual([]);
  });

  test('says so when nothing matches, and asks for words when the query is empty', async () => {
    const none = text(await html('/search?q=%E4%B8%8D%E5%AD%98%E5%9C%A8'));
    expect(none).toContain('没有找到与“不存在”相关的商品');
    const empty = text(await html('/search'));
    expect(empty).toContain('输入商品名称的一部分');
  });

  test('refuses an over-long query with a clear message', async () => {
    const res = await get(`/search?q=${encodeURIComponent('长'.repeat(41))}`);
    expect(res.status).toBe(400);
    expect(text(await res.text())).toContain('搜索词最多 40 个字');
  });

  test('pages carry their loader data for hydration and close the data stream', async () => {
    const page = await html('/c/games');
    expect(page).toContain('window.__remixContext.streamController.enqueue(');
    expect(page).toContain('window.__remixContext.streamController.close();');
    expect(page).not.toContain('did not finish this Suspense boundary');
    const data = page.slice(page.indexOf('streamController.enqueue('));
    expect(data).toContain('Roblox 礼品卡');
  });

  test('the header carries the search box on every page', async () => {
    const page = await html('/c/games');
    expect(page).toMatch(/<form[^>]*action="\/search"/);
    expect(page).toContain('name="q"');
  });
});
