import { beforeAll, describe, expect, test } from 'vitest';
import { importCodes, textLines } from '@cardshop/domain';
import {
  buildShopSku,
  buildStaff,
  buildSupplier,
  TEST_PASSWORD,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let shop: ShopSku;
let slug: string;
let pairsBatch: string;
let owner: { id: string; cookie: string };
let manager: string;
let stranger: { slug: string; cookie: string };

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  shop = await buildShopSku(t.db, { vault: t.runtime.vault, codes: 4 });
  slug = (await t.owner
    .selectFrom('suppliers')
    .select('slug')
    .where('id', '=', shop.supplier.id)
    .executeTakeFirstOrThrow())!.slug;
  pairsBatch = (
    await importCodes(t.db, t.runtime.vault, {
      supplier: { id: shop.supplier.id, ownerTenantId: null },
      skuId: shop.skuId,
      source: 'paste',
      lines: textLines('CARD-01 PASS-01\nCARD-02 PASS-02'),
      skipMalformed: false,
    })
  ).batchId;
  const o = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: shop.supplier.id, role: 'owner' }],
  });
  owner = { id: o.id, cookie: await client.signIn(o.email) };
  const m = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: shop.supplier.id, role: 'manager' }],
  });
  manager = await client.signIn(m.email);
  const other = await buildSupplier(t.db, { name: '别家货源' });
  const s = await buildStaff(t.db, { supplierRoles: [{ supplierId: other.id, role: 'owner' }] });
  stranger = { slug: other.slug, cookie: await client.signIn(s.email) };
});

async function page(path: string, cookie: string) {
  const res = await client.html(path, cookie);
  return { status: res.status, html: unescapeHtml(res.text) };
}

async function available() {
  const rows = await t.owner
    .selectFrom('card_codes')
    .select('id')
    .where('sku_id', '=', shop.skuId)
    .where('state', '=', 'available')
    .execute();
  return rows.length;
}

async function exports() {
  return t.owner
    .selectFrom('platform_audit_log')
    .select(['data'])
    .where('action', '=', 'supplier.codes_exported')
    .orderBy('occurred_at')
    .execute();
}

describe('exporting unsold codes from the console', () => {
  test('the batch and SKU pages offer it to the owner only', async () => {
    const batches = await page(`/supplier/${slug}/batches`, owner.cookie);
    expect(batches.html).toContain(`href="/supplier/${slug}/codes/export?batch=${pairsBatch}"`);
    const skuPage = `/supplier/${slug}/products/${shop.productId}/skus/${shop.skuId}`;
    expect((await page(skuPage, owner.cookie)).html).toContain(
      `href="/supplier/${slug}/codes/export?sku=${shop.skuId}"`,
    );
    expect((await page(skuPage, manager)).html).not.toContain('/codes/export');
    expect((await page(`/supplier/${slug}/batches`, manager)).html).not.toContain('/codes/export');
    const refused = await page(`/supplier/${slug}/codes/export?sku=${shop.skuId}`, manager);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('导出卡密');
  });

  test('without a confirmation the download is refused: off to confirm, nothing exported', async () => {
    const form = await page(`/supplier/${slug}/codes/export?sku=${shop.skuId}`, owner.cookie);
    expect(form.status).toBe(200);
    expect(form.html).toContain('导出的文件里是可以直接使用的卡密');
    expect(form.html).toContain('你即将导出卡密');
    expect(form.html).toContain('name="verifyPassword"');
    expect(form.html).not.toContain('导出并下架');

    const res = await client.post(`/supplier/${slug}/codes/export.txt`, owner.cookie, {
      skuId: shop.skuId,
      intent: 'export-off-sale',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `/account/confirm?action=export_codes&redirectTo=${encodeURIComponent(`/supplier/${slug}/codes/export?sku=${shop.skuId}`)}`,
    );
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(await available()).toBe(6);
    expect(await exports()).toEqual([]);
  });

  test('once confirmed, the TXT holds exactly the unsold codes; 导出并下架 takes them off sale', async () => {
    const here = `/supplier/${slug}/codes/export?batch=${pairsBatch}`;
    const wrong = await client.post(here, owner.cookie, {
      verifyMethod: 'password',
      verifyPassword: 'not-my-password',
    });
    expect(wrong.status).toBe(400);
    expect(unescapeHtml(await wrong.text())).toContain('密码不正确');
    const confirmed = await client.post(here, owner.cookie, {
      verifyMethod: 'password',
      verifyPassword: TEST_PASSWORD,
    });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get('location')).toBe(here);
    const ready = await page(here, owner.cookie);
    expect(ready.html).toContain('导出并下架');
    expect(ready.html).toContain('只导出（仍在售）');
    expect(ready.html).toMatch(/未售卡密[\s\S]*?>2</);

    // The whole SKU, left on sale.
    const all = await client.post(`/supplier/${slug}/codes/export.txt`, owner.cookie, {
      skuId: shop.skuId,
      intent: 'export',
    });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(all.headers.get('cache-control')).toBe('no-store');
    expect(all.headers.get('content-disposition')).toMatch(
      /^attachment; filename="codes-\d{8}-\d{4}\.txt"; filename\*=UTF-8''%E5%8D%A1%E5%AF%86_/,
    );
    const bytes = Buffer.from(await all.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(new Set(lines)).toEqual(new Set([...shop.codes, 'CARD-01 PASS-01', 'CARD-02 PASS-02']));
    expect(await available()).toBe(6);

    // One batch, taken off sale in the same step.
    const stockBefore = await t.owner
      .selectFrom('sku_stock')
      .select('available')
      .where('sku_id', '=', shop.skuId)
      .executeTakeFirstOrThrow();
    const off = await client.post(`/supplier/${slug}/codes/export.txt`, owner.cookie, {
      batchId: pairsBatch,
      intent: 'export-off-sale',
    });
    expect(off.status).toBe(200);
    const offLines = (await off.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(offLines.sort()).toEqual(['CARD-01 PASS-01', 'CARD-02 PASS-02']);
    expect(await available()).toBe(4);
    const stockAfter = await t.owner
      .selectFrom('sku_stock')
      .select('available')
      .where('sku_id', '=', shop.skuId)
      .executeTakeFirstOrThrow();
    expect(stockAfter.available).toBe(stockBefore.available - 2);
    expect((await exports()).map((r) => r.data)).toEqual([
      expect.objectContaining({ count: 6, offSale: false, batchId: null }),
      expect.objectContaining({ count: 2, offSale: true, batchId: pairsBatch }),
    ]);
    expect(JSON.stringify(await exports())).not.toContain('CARD-01');

    // Nothing left in the batch: back to the page, which says so.
    const empty = await client.post(`/supplier/${slug}/codes/export.txt`, owner.cookie, {
      batchId: pairsBatch,
      intent: 'export',
    });
    expect(empty.status).toBe(303);
    expect(empty.headers.get('location')).toBe(`${here}&failed=empty`);
    const told = await page(`${here}&failed=empty`, owner.cookie);
    expect(told.html).toContain('没有导出：已经没有未售的卡密了');

    // The owner's in-site notices list the exports.
    const account = await page('/account', owner.cookie);
    expect(account.html).toContain('卡密已导出');
  });

  test('another supplier cannot export these codes', async () => {
    expect(
      (await page(`/supplier/${stranger.slug}/codes/export?batch=${pairsBatch}`, stranger.cookie))
        .status,
    ).toBe(404);
    expect(
      (await page(`/supplier/${slug}/codes/export?batch=${pairsBatch}`, stranger.cookie)).status,
    ).toBe(404);
    // Even with their identity confirmed, their own export sees none of these codes.
    const confirm = await client.post(
      `/supplier/${stranger.slug}/codes/export?sku=${shop.skuId}`,
      stranger.cookie,
      { verifyMethod: 'password', verifyPassword: TEST_PASSWORD },
    );
    expect(confirm.status).toBe(302);
    const res = await client.post(`/supplier/${stranger.slug}/codes/export.txt`, stranger.cookie, {
      skuId: shop.skuId,
      intent: 'export-off-sale',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(res.headers.get('location')).toBe(
      `/supplier/${stranger.slug}/codes/export?sku=${shop.skuId}&failed=gone`,
    );
    const direct = await client.post(`/supplier/${slug}/codes/export.txt`, stranger.cookie, {
      skuId: shop.skuId,
      intent: 'export-off-sale',
    });
    expect(direct.status).toBe(404);
    expect(await available()).toBe(4);
  });
});
