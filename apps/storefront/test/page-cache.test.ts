import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildTenant, seedShopCatalog, useTestRuntime } from '@cardshop/domain/testing';
import { createPageCache } from '../server/page-cache.js';
import { createStorefrontServer } from '../server/index.js';

// The page cache against the real change feed: pages are kept for anonymous visitors and dropped
// as soon as PostgreSQL reports a committed change to what they show.
const t = useTestRuntime({ STOREFRONT_PAGE_CACHE_MB: '16' });
let app: Awaited<ReturnType<typeof createStorefrontServer>>;
let shop: { id: string; slug: string };
let rival: { id: string; slug: string };
let game: { id: string; skus: Array<{ id: string; listingId: string | null }> };
let video: { id: string; skus: Array<{ id: string; listingId: string | null }> };
let rivalProduct: { id: string; skus: Array<{ id: string; listingId: string | null }> };

const get = (path: string, headers: Record<string, string> = {}, slug = shop.slug) =>
  app.request(`http://${slug}.localhost${path}`, {
    headers: { host: `${slug}.localhost`, ...headers },
  });

/** Polls until `check` passes: the feed delivers a commit's message a few milliseconds later. */
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
  shop = await buildTenant(t.db, { name: '缓存卡铺' });
  rival = await buildTenant(t.db, { name: '隔壁卡铺' });
  const seeded = await seedShopCatalog(t.owner, shop.id, {
    stockDisplay: 'exact',
    categories: [
      { slug: 'games', name: '游戏点卡' },
      { slug: 'video', name: '视频会员' },
    ],
    products: [
      { name: '缓存点券', category: 'games', skus: [{ name: '60点', priceFen: 600, stock: 40 }] },
      { name: '缓存会员', category: 'video', skus: [{ name: '月卡', priceFen: 1990, stock: 9 }] },
    ],
  });
  game = seeded.products[0]!;
  video = seeded.products[1]!;
  rivalProduct = (
    await seedShopCatalog(t.owner, rival.id, {
      categories: [{ slug: 'games', name: '对手点卡' }],
      products: [{ name: '对手点券', category: 'games', skus: [{ name: '默认', priceFen: 100 }] }],
    })
  ).products[0]!;
  // Let the seeding's own change messages arrive before the first page is kept.
  await new Promise((resolve) => setTimeout(resolve, 300));
});

describe('the storefront page cache', () => {
  test('keeps a category page and serves it again, gzipped to clients that take gzip', async () => {
    const first = await get('/c/games');
    expect(first.headers.get('x-cache')).toBe('MISS');
    const html = await first.text();
    expect(html).toContain('缓存点券');

    const plain = await get('/c/games');
    expect(plain.headers.get('x-cache')).toBe('HIT');
    expect(plain.headers.get('content-type')).toMatch(/text\/html/);
    expect(await plain.text()).toBe(html);

    const zipped = await get('/c/games', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers.get('x-cache')).toBe('HIT');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(html);
  });

  test('drops the pages showing a product when its stock moves, and only those', async () => {
    await get('/c/games');
    await get('/c/video');
    expect((await get('/c/video')).headers.get('x-cache')).toBe('HIT');

    await t.owner
      .updateTable('sku_stock')
      .set({ available: 3 })
      .where('sku_id', '=', game.skus[0]!.id)
      .execute();
    await eventually(async () => {
      const page = await get('/c/games');
      expect(page.headers.get('x-cache')).not.toBe('HIT');
      expect(await page.text()).toMatch(/库存\s*(<!-- -->)?\s*3/);
    });
    expect((await get('/c/video')).headers.get('x-cache')).toBe('HIT');
  });

  test("drops a shop's pages when its listings change, and leaves other shops' pages alone", async () => {
    await get('/c/games');
    await get('/c/games', {}, rival.slug);
    expect((await get('/c/games', {}, rival.slug)).headers.get('x-cache')).toBe('HIT');

    await t.owner
      .updateTable('listings')
      .set({ price_fen: 777, retail_price_fen: 777 })
      .where('id', '=', game.skus[0]!.listingId!)
      .execute();
    await eventually(async () => {
      expect(await (await get('/c/games')).text()).toContain('7.77');
    });
    expect((await get('/c/games', {}, rival.slug)).headers.get('x-cache')).toBe('HIT');
    expect(rivalProduct.id).not.toBe(game.id);
  });

  test('a product page is kept per language and dropped when the product is renamed', async () => {
    await get(`/p/${video.id}`);
    await get(`/p/${video.id}?lang=en`);
    const zh = await get(`/p/${video.id}`);
    const en = await get(`/p/${video.id}?lang=en`);
    expect([zh.headers.get('x-cache'), en.headers.get('x-cache')]).toEqual(['HIT', 'HIT']);
    expect(await zh.text()).not.toBe(await en.text());

    await t.owner
      .updateTable('products')
      .set({ name: '改名会员' })
      .where('id', '=', video.id)
      .execute();
    await eventually(async () => {
      expect(await (await get(`/p/${video.id}`)).text()).toContain('改名会员');
    });
  });

  test('signed-in or carted visitors, other query strings and unknown pages are never kept', async () => {
    const signedIn = await get('/c/games', { cookie: 'cs_customer=abc.def' });
    expect(signedIn.headers.get('x-cache')).toBeNull();
    expect(
      (await get('/c/games', { cookie: 'lang=en; cs_orders=x' })).headers.get('x-cache'),
    ).toMatch(/HIT|MISS/);
    expect((await get('/c/games?utm=1')).headers.get('x-cache')).toBeNull();
    const missing = await get('/c/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-cache')).toBe('BYPASS');
    expect((await get('/search?q=点券')).headers.get('x-cache')).toBeNull();
  });
});

describe('Content-Security-Policy', () => {
  const nonceOf = (res: Response) =>
    /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(
      res.headers.get('content-security-policy') ?? '',
    )?.[1];

  test('every page has a policy whose nonce is on all its scripts, a fresh one per render', async () => {
    const a = await get('/search?q=缓存');
    const b = await get('/search?q=缓存');
    const [na, nb] = [nonceOf(a), nonceOf(b)];
    expect(na).toBeTruthy();
    expect(na).not.toBe(nb);
    expect(a.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${na}"`);
  });

  test('a cached page is served with the nonce it was rendered with', async () => {
    await get(`/p/${game.id}?lang=en`);
    const hit = await get(`/p/${game.id}?lang=en`);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    const html = await hit.text();
    expect(html).toContain(`nonce="${nonceOf(hit)}"`);
  });
});

describe('createPageCache', () => {
  function fakeFeed() {
    const subscribers = new Set<(topic: string) => void>();
    return {
      live: true,
      subscribe(fn: (topic: string) => void) {
        subscribers.add(fn);
        return () => subscribers.delete(fn);
      },
      emit: (topic: string) => subscribers.forEach((fn) => fn(topic)),
    };
  }
  const page = (text: string) => ({
    status: 200,
    headers: [['content-type', 'text/html']] as Array<[string, string]>,
    body: Buffer.from(text),
    nonce: 'n0nce',
  });

  test('does not keep a render that overlapped a change of what it shows', () => {
    const feed = fakeFeed();
    const cache = createPageCache({ changes: feed, maxBytes: 1 << 20 });
    const startedAt = cache.begin();
    feed.emit('p:product-1');
    expect(
      cache.put('k', page('old'), { tenantId: 'shop-1', productIds: ['product-1'], startedAt }),
    ).toBe(false);
    // A change of something else does not matter.
    const again = cache.begin();
    feed.emit('p:product-2');
    expect(
      cache.put('k', page('new'), {
        tenantId: 'shop-1',
        productIds: ['product-1'],
        startedAt: again,
      }),
    ).toBe(true);
    expect(cache.get('k')).toBeDefined();
  });

  test('serves nothing while the feed is down, and forgets everything on "*"', () => {
    const feed = fakeFeed();
    const cache = createPageCache({ changes: feed, maxBytes: 1 << 20 });
    cache.put('k', page('x'), { tenantId: 's', productIds: [], startedAt: cache.begin() });
    feed.live = false;
    expect(cache.get('k')).toBeUndefined();
    feed.live = true;
    expect(cache.get('k')).toBeDefined();
    feed.emit('*');
    expect(cache.get('k')).toBeUndefined();
  });

  test('drops the least recently used pages beyond its size', () => {
    const feed = fakeFeed();
    const cache = createPageCache({ changes: feed, maxBytes: 8 * 1024 });
    const random = (n: number) =>
      Array.from({ length: n }, () => Math.random().toString(36).slice(2)).join('');
    for (let i = 0; i < 20; i++) {
      cache.put(`k${i}`, page(random(60)), {
        tenantId: 's',
        productIds: [],
        startedAt: cache.begin(),
      });
      cache.get('k0');
    }
    expect(cache.stats.bytes).toBeLessThanOrEqual(8 * 1024);
    expect(cache.get('k0')).toBeDefined();
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.stats.evicted).toBeGreaterThan(0);
  });
});
