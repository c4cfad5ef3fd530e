import { beforeAll, describe, expect, test } from 'vitest';
import { buildCategory, buildStaff, buildSupplier, useTestRuntime } from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let supplier: { id: string; slug: string };
let categoryId: string;
let ownerCookie: string;
let supportCookie: string;
let base: string;

// The smallest valid PNG: a 1×1 transparent pixel.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const created = await buildSupplier(t.db, { name: '测试卡商' });
  supplier = { id: created.id, slug: created.slug };
  base = `/supplier/${supplier.slug}`;
  categoryId = (await buildCategory(t.db, { name: '游戏点卡' })).id;
  const owner = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: supplier.id, role: 'owner' }],
  });
  const support = await buildStaff(t.db, {
    supplierRoles: [{ supplierId: supplier.id, role: 'support' }],
  });
  ownerCookie = await client.signIn(owner.email);
  supportCookie = await client.signIn(support.email);
});

function productFields(overrides: Record<string, string | Blob> = {}) {
  return {
    intent: 'save',
    type: 'card_code',
    categoryId,
    name: '王者荣耀点券',
    descriptionMd: '# 使用说明\n\n登录游戏后在**商城**兑换。',
    regionLock: '',
    status: 'active',
    ...overrides,
  };
}

async function createProduct(overrides: Record<string, string | Blob> = {}) {
  const res = await client.postMultipart(
    `${base}/products/new`,
    ownerCookie,
    productFields(overrides),
  );
  expect(res.status).toBe(302);
  const match = new RegExp(`${base}/products/([0-9a-f-]{36})\\?notice=created`).exec(
    res.headers.get('location') ?? '',
  );
  expect(match).not.toBeNull();
  return match![1]!;
}

const skuFields = {
  intent: 'save',
  name: '100 点券',
  wholesalePrice: '9.50',
  faceValue: '10',
  minPerOrder: '1',
  maxPerOrder: '10',
  codeKind: 'single',
  lowStockThreshold: '5',
  sortOrder: '0',
  status: 'active',
};

async function createSku(productId: string) {
  const res = await client.post(`${base}/products/${productId}/skus/new`, ownerCookie, skuFields);
  expect(res.status).toBe(302);
  const sku = await t.owner
    .selectFrom('skus')
    .select(['id', 'wholesale_price_fen', 'face_value_fen'])
    .where('product_id', '=', productId)
    .executeTakeFirstOrThrow();
  return sku;
}

describe('supplier area: products and SKUs', () => {
  test('a supplier creates a product and an SKU priced in yuan, stored in fen', async () => {
    const productId = await createProduct();
    const sku = await createSku(productId);
    expect(Number(sku.wholesale_price_fen)).toBe(950);
    expect(Number(sku.face_value_fen)).toBe(1000);

    const page = await client.html(`${base}/products/${productId}`, ownerCookie);
    expect(page.status).toBe(200);
    const text = unescapeHtml(page.text);
    expect(text).toContain('王者荣耀点券');
    expect(text).toContain('¥9.50');
    // The description is rendered from Markdown.
    expect(text).toContain('<strong>商城</strong>');
  });

  test('a negative or over-precise wholesale price is refused with a message and no SKU is added', async () => {
    const productId = await createProduct({ name: '价格校验商品' });
    const negative = await client.post(`${base}/products/${productId}/skus/new`, ownerCookie, {
      ...skuFields,
      wholesalePrice: '-1',
    });
    expect(negative.status).toBe(400);
    expect(unescapeHtml(await negative.text())).toContain('批发价不能为负数');
    const precise = await client.post(`${base}/products/${productId}/skus/new`, ownerCookie, {
      ...skuFields,
      wholesalePrice: '9.999',
    });
    expect(precise.status).toBe(400);
    expect(unescapeHtml(await precise.text())).toContain('批发价最多保留两位小数');
    const count = await t.owner
      .selectFrom('skus')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('product_id', '=', productId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  test('a product without a name is refused with the field message and nothing is created', async () => {
    const before = await t.owner
      .selectFrom('products')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await client.postMultipart(
      `${base}/products/new`,
      ownerCookie,
      productFields({ name: '' }),
    );
    expect(res.status).toBe(422);
    expect(unescapeHtml(await res.text())).toContain('请填写商品名称');
    const after = await t.owner
      .selectFrom('products')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test('a product image is uploaded, stored and served; a fake image is refused', async () => {
    const fake = await client.postMultipart(
      `${base}/products/new`,
      ownerCookie,
      productFields({
        name: '假图片商品',
        image: new File(['not an image'], 'x.png', { type: 'image/png' }),
      }),
    );
    expect(fake.status).toBe(400);
    expect(unescapeHtml(await fake.text())).toContain('不是有效的 PNG、JPEG、WebP 或 GIF 图片');
    expect(
      await t.owner
        .selectFrom('products')
        .select('id')
        .where('name', '=', '假图片商品')
        .executeTakeFirst(),
    ).toBeUndefined();

    const productId = await createProduct({
      name: '带图片的商品',
      image: new File([PNG], 'cover.png', { type: 'image/png' }),
    });
    const row = await t.owner
      .selectFrom('products')
      .select('image_path')
      .where('id', '=', productId)
      .executeTakeFirstOrThrow();
    expect(row.image_path).toMatch(/^products\/[0-9a-f-]{36}\.png$/);
    const media = await client.request(`/media/${row.image_path}`);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await media.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await client.request('/media/products/../../secrets.json')).status).toBe(404);
  });

  test('a direct top-up product keeps its account fields; a bad rule is shown on its row', async () => {
    const bad = await client.postMultipart(
      `${base}/products/new`,
      ownerCookie,
      productFields({
        type: 'direct_topup',
        name: '话费直充',
        'topup.0.key': 'phone',
        'topup.0.label': '手机号',
        'topup.0.kind': 'mobile_cn',
        'topup.0.required': 'on',
        'topup.1.key': '',
        'topup.1.label': '',
        'topup.1.kind': 'text',
        'topup.2.key': 'uid',
        'topup.2.label': '游戏 ID',
        'topup.2.kind': 'game_id',
        'topup.2.pattern': '(a+)+',
      }),
    );
    expect(bad.status).toBe(422);
    const text = unescapeHtml(await bad.text());
    expect(text).toContain('嵌套重复');
    // The message sits on the third row of the form, the one that had the pattern.
    expect(text).toMatch(
      /name="topup\.2\.pattern"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="topup\.2\.pattern"/,
    );

    const productId = await createProduct({
      type: 'direct_topup',
      name: '话费直充',
      'topup.0.key': 'phone',
      'topup.0.label': '手机号',
      'topup.0.kind': 'mobile_cn',
      'topup.0.required': 'on',
    });
    const row = await t.owner
      .selectFrom('products')
      .select('topup_fields')
      .where('id', '=', productId)
      .executeTakeFirstOrThrow();
    expect(row.topup_fields).toEqual([
      { key: 'phone', label: '手机号', kind: 'mobile_cn', required: true },
    ]);
  });
});

describe('supplier area: importing card codes', () => {
  test('pasted codes are previewed, malformed lines refused until confirmed, then imported into stock', async () => {
    const productId = await createProduct({ name: '导入测试商品' });
    const sku = await createSku(productId);
    const importUrl = `${base}/products/${productId}/skus/${sku.id}/import`;
    const codes = [
      'CARD-0001 PASS-0001',
      'CARD-0002,PASS-0002',
      'CARD-0001 PASS-0001',
      'a b c d e',
    ].join('\n');

    const preview = await client.postMultipart(importUrl, ownerCookie, { codes });
    expect(preview.status).toBe(200);
    const previewHtml = unescapeHtml(await preview.text());
    expect(previewHtml).toContain('预览：还没有导入任何卡密');
    expect(previewHtml).toContain('第 4 行');
    expect(previewHtml).toContain('跳过格式错误的行');
    const token = /name="token" value="([0-9a-f-]{36})"/.exec(previewHtml)?.[1];
    expect(token).toBeDefined();
    const countCodes = async () =>
      Number(
        (
          await t.owner
            .selectFrom('card_codes')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('sku_id', '=', sku.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await countCodes()).toBe(0);

    // Without ticking "skip malformed lines", nothing is imported and the preview comes back.
    const refused = await client.post(importUrl, ownerCookie, { token: token! });
    expect(refused.status).toBe(422);
    const refusedHtml = unescapeHtml(await refused.text());
    expect(refusedHtml).toContain('第 4 行');
    expect(refusedHtml).toContain('未导入任何卡密');
    expect(await countCodes()).toBe(0);

    const confirmed = await client.post(importUrl, ownerCookie, {
      token: token!,
      skipMalformed: 'on',
    });
    expect(confirmed.status).toBe(302);
    const result = confirmed.headers.get('location')!;
    expect(result).toMatch(/\?batch=[0-9a-f-]{36}&commits=1&lines=4&ms=\d+$/);
    expect(await countCodes()).toBe(2);

    const done = unescapeHtml((await client.html(result, ownerCookie)).text);
    expect(done).toContain('导入完成：新增 2 个卡密，当前可售库存 2');
    expect(done).toContain('共读取 4 行，分 1 批写入');

    // The staged input is gone: the same confirmation cannot import twice.
    const again = await client.post(importUrl, ownerCookie, { token: token!, skipMalformed: 'on' });
    expect(again.status).toBe(410);
    expect(await countCodes()).toBe(2);

    const skuPage = unescapeHtml(
      (await client.html(`${base}/products/${productId}`, ownerCookie)).text,
    );
    expect(skuPage).toContain('2 / 0 / 0');
  });

  test('an uploaded file is imported the same way and its batch can be voided after a confirmation', async () => {
    const productId = await createProduct({ name: '文件导入商品' });
    const sku = await createSku(productId);
    const importUrl = `${base}/products/${productId}/skus/${sku.id}/import`;
    const file = new File(['X-1\r\nX-2\r\nX-3\r\n'], 'codes.csv', { type: 'text/csv' });
    const preview = await client.postMultipart(importUrl, ownerCookie, { codes: '', file });
    const html = unescapeHtml(await preview.text());
    expect(html).toContain('文件：codes.csv');
    const token = /name="token" value="([0-9a-f-]{36})"/.exec(html)![1]!;
    const confirmed = await client.post(importUrl, ownerCookie, { token });
    expect(confirmed.status).toBe(302);
    const batchId = /batch=([0-9a-f-]{36})/.exec(confirmed.headers.get('location')!)![1]!;

    const skuUrl = `${base}/products/${productId}/skus/${sku.id}`;
    const confirm = unescapeHtml(
      (await client.html(`${skuUrl}?void=${batchId}`, ownerCookie)).text,
    );
    // Also a regression test: React 18.3 once put NUL bytes into this very sentence (entry-server.tsx).
    expect(confirm).toContain('这个批次还有 3 个未售出的卡密');
    expect(confirm).not.toContain('\u0000');
    const voided = await client.post(skuUrl, ownerCookie, { intent: 'void', batchId });
    expect(voided.status).toBe(302);
    expect(voided.headers.get('location')).toBe(`${skuUrl}?notice=voided&count=3`);
    const stock = await t.owner
      .selectFrom('sku_stock')
      .select('available')
      .where('sku_id', '=', sku.id)
      .executeTakeFirstOrThrow();
    expect(Number(stock.available)).toBe(0);
  });

  test('an empty import is refused with a message', async () => {
    const productId = await createProduct({ name: '空导入商品' });
    const sku = await createSku(productId);
    const res = await client.postMultipart(
      `${base}/products/${productId}/skus/${sku.id}/import`,
      ownerCookie,
      { codes: '  \n\n' },
    );
    expect(res.status).toBe(400);
    expect(unescapeHtml(await res.text())).toContain('请粘贴卡密，或选择一个 .txt / .csv 文件');
  });
});

describe('supplier area: access', () => {
  test('support staff see the products but cannot change them', async () => {
    const list = await client.html(`${base}/products`, supportCookie);
    expect(list.status).toBe(200);
    const res = await client.postMultipart(
      `${base}/products/new`,
      supportCookie,
      productFields({ name: '客服创建' }),
    );
    expect(res.status).toBe(403);
    expect(unescapeHtml(await res.text())).toContain('你的角色只能查看');
    expect(
      await t.owner
        .selectFrom('products')
        .select('id')
        .where('name', '=', '客服创建')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  test("another supplier's staff get 404 for this supplier's area and its products", async () => {
    const other = await buildSupplier(t.db);
    const stranger = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: other.id, role: 'owner' }],
    });
    const cookie = await client.signIn(stranger.email);
    expect((await client.request(`${base}/products`, { cookie })).status).toBe(404);
    const productId = await createProduct({ name: '别人看不到' });
    expect((await client.request(`${base}/products/${productId}`, { cookie })).status).toBe(404);
    // Its own area does not show this supplier's product either.
    const own = await client.request(`/supplier/${other.slug}/products/${productId}`, { cookie });
    expect(own.status).toBe(404);
  });
});
