import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildCatalogItem,
  buildStaff,
  buildTenant,
  setSkuStock,
  useTestRuntime,
} from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let shop: { id: string; slug: string };
let base: string;
let ownerCookie: string;
let supportCookie: string;
let strangerCookie: string;
let skuId: string;

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const tenant = await buildTenant(t.db, { name: '小明的卡店' });
  shop = { id: tenant.id, slug: tenant.slug };
  base = `/shop/${shop.slug}`;
  const owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
  const support = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'support' }] });
  const otherShop = await buildTenant(t.db, { name: '隔壁的店' });
  const stranger = await buildStaff(t.db, {
    tenantRoles: [{ tenantId: otherShop.id, role: 'owner' }],
  });
  ownerCookie = await client.signIn(owner.email);
  supportCookie = await client.signIn(support.email);
  strangerCookie = await client.signIn(stranger.email);
  const item = await buildCatalogItem(t.db, {
    product: { name: '和平精英点券' },
    sku: { name: '60 点券', wholesalePriceFen: 1000 },
  });
  skuId = item.sku.id;
  await setSkuStock(t.owner, skuId, 50);
});

async function listingOf(sku: string) {
  return t.owner
    .selectFrom('listings')
    .select(['id', 'pricing_mode', 'retail_price_fen', 'markup_bps', 'price_fen', 'visible'])
    .where('tenant_id', '=', shop.id)
    .where('sku_id', '=', sku)
    .executeTakeFirst();
}

describe('shop area: picking goods and pricing them', () => {
  test('the catalog shows the goods with wholesale price and stock', async () => {
    const page = await client.html(
      `${base}/catalog?q=${encodeURIComponent('和平精英')}`,
      ownerCookie,
    );
    expect(page.status).toBe(200);
    const text = unescapeHtml(page.text);
    expect(text).toContain('和平精英点券');
    expect(text).toContain('60 点券');
    expect(text).toContain('¥10.00');
    expect(text).toContain('库存 50');
  });

  test('a price below wholesale is refused with the message and nothing is listed', async () => {
    const res = await client.post(`${base}/catalog`, ownerCookie, {
      skuId,
      mode: 'fixed',
      retailPrice: '9.99',
      markupPercent: '',
    });
    expect(res.status).toBe(422);
    expect(unescapeHtml(await res.text())).toContain(
      '零售价 9.99 元低于批发价 10.00 元，请把售价设为不低于 10.00 元',
    );
    expect(await listingOf(skuId)).toBeUndefined();
  });

  test('a price with three decimals or letters is refused before it reaches the shop', async () => {
    for (const [retailPrice, message] of [
      ['12.345', '零售价最多保留两位小数（精确到分）'],
      ['12元', '零售价应为金额，例如 12.50'],
      ['-12', '零售价不能为负数'],
    ]) {
      const res = await client.post(`${base}/catalog`, ownerCookie, {
        skuId,
        mode: 'fixed',
        retailPrice: retailPrice!,
      });
      expect(res.status).toBe(400);
      expect(unescapeHtml(await res.text())).toContain(message);
    }
    expect(await listingOf(skuId)).toBeUndefined();
  });

  test('the owner lists an SKU at a fixed price, then switches it to a markup', async () => {
    const added = await client.post(`${base}/catalog`, ownerCookie, {
      skuId,
      mode: 'fixed',
      retailPrice: '12.80',
    });
    expect(added.status).toBe(200);
    const listing = await listingOf(skuId);
    expect(listing).toMatchObject({ pricing_mode: 'fixed', visible: true });
    expect(Number(listing!.price_fen)).toBe(1280);

    const catalog = unescapeHtml((await client.html(`${base}/catalog`, ownerCookie)).text);
    expect(catalog).toContain('已上架');
    const mine = unescapeHtml((await client.html(`${base}/listings`, ownerCookie)).text);
    expect(mine).toContain('¥12.80');
    expect(mine).toContain('¥2.80'); // margin

    const markup = await client.post(`${base}/listings/${listing!.id}`, ownerCookie, {
      intent: 'update',
      mode: 'markup',
      retailPrice: '',
      markupPercent: '15',
      shopCategoryId: '',
      sortOrder: '3',
      visible: 'on',
      featured: 'on',
    });
    expect(markup.status).toBe(302);
    expect(markup.headers.get('location')).toBe(`${base}/listings?notice=saved`);
    const after = await listingOf(skuId);
    expect(after).toMatchObject({ pricing_mode: 'markup', markup_bps: 1500 });
    expect(Number(after!.price_fen)).toBe(1150);

    const hidden = await client.post(`${base}/listings`, ownerCookie, {
      intent: 'visible',
      id: listing!.id,
      value: 'false',
    });
    expect(hidden.status).toBe(200);
    expect((await listingOf(skuId))!.visible).toBe(false);
  });

  test('support staff see the goods but cannot change prices', async () => {
    const listing = await listingOf(skuId);
    expect(listing).toBeDefined();
    const page = await client.html(`${base}/listings`, supportCookie);
    expect(page.status).toBe(200);
    const before = Number(listing!.price_fen);
    const res = await client.post(`${base}/listings/${listing!.id}`, supportCookie, {
      intent: 'update',
      mode: 'fixed',
      retailPrice: '99.00',
      sortOrder: '0',
      visible: 'on',
    });
    expect(res.status).toBe(403);
    expect(Number((await listingOf(skuId))!.price_fen)).toBe(before);
    const add = await client.post(`${base}/catalog`, supportCookie, {
      skuId,
      mode: 'fixed',
      retailPrice: '20.00',
    });
    expect(add.status).toBe(403);
  });

  test("another shop's owner gets 404 for this shop's area, reading or writing", async () => {
    expect((await client.request(`${base}/listings`, { cookie: strangerCookie })).status).toBe(404);
    expect((await client.request(`${base}/catalog`, { cookie: strangerCookie })).status).toBe(404);
    const listing = await listingOf(skuId);
    const res = await client.post(`${base}/listings/${listing!.id}`, strangerCookie, {
      intent: 'remove',
    });
    expect(res.status).toBe(404);
    expect(await listingOf(skuId)).toBeDefined();
  });
});

describe('shop area: categories, settings and notifications', () => {
  test('the owner creates a shop category; a bad address is refused with its message', async () => {
    const bad = await client.post(`${base}/categories`, ownerCookie, {
      intent: 'create',
      name: '游戏',
      slug: '-bad-',
      icon: '',
      sortOrder: '0',
      visible: 'on',
    });
    expect(bad.status).toBe(422);
    expect(unescapeHtml(await bad.text())).toContain('分类地址只能使用小写字母、数字和连字符');

    const ok = await client.post(`${base}/categories`, ownerCookie, {
      intent: 'create',
      name: '热门游戏',
      slug: 'games',
      icon: '🎮',
      sortOrder: '1',
      visible: 'on',
    });
    expect(ok.status).toBe(302);
    const page = unescapeHtml((await client.html(`${base}/categories`, ownerCookie)).text);
    expect(page).toContain('热门游戏');
    expect(page).toContain('/c/games');
  });

  test('the owner chooses how stock is shown to buyers', async () => {
    const res = await client.post(`${base}/settings`, ownerCookie, { stockDisplay: 'exact' });
    expect(res.status).toBe(302);
    const row = await t.owner
      .selectFrom('tenants')
      .select('stock_display')
      .where('id', '=', shop.id)
      .executeTakeFirstOrThrow();
    expect(row.stock_display).toBe('exact');
    const wrong = await client.post(`${base}/settings`, ownerCookie, { stockDisplay: 'lots' });
    expect(wrong.status).toBe(422);
    expect(unescapeHtml(await wrong.text())).toContain('库存显示方式只能是');
  });

  test('notifications are listed and marked read', async () => {
    await t.owner
      .insertInto('tenant_notifications')
      .values({
        tenant_id: shop.id,
        kind: 'wholesale_changed',
        title: '批发价上调：和平精英点券',
        body: '',
        data: '{}',
      })
      .execute();
    const page = unescapeHtml((await client.html(`${base}/notifications`, ownerCookie)).text);
    expect(page).toContain('批发价上调：和平精英点券');
    expect(page).toContain('1 条未读');
    const overview = unescapeHtml((await client.html(base, ownerCookie)).text);
    expect(overview).toContain('批发价上调：和平精英点券');
    const read = await client.post(`${base}/notifications`, supportCookie, { intent: 'all' });
    expect(read.status).toBe(200);
    const unread = await t.owner
      .selectFrom('tenant_notifications')
      .select('id')
      .where('tenant_id', '=', shop.id)
      .where('read_at', 'is', null)
      .execute();
    expect(unread).toHaveLength(0);
  });
});
