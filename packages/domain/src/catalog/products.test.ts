import { withSupplier, type Database } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import {
  buildCategory,
  buildPrivateSupplier,
  buildProduct,
  buildSku,
  buildSupplier,
  buildTenant,
  useTestDatabase,
} from '../testing/index.js';
import { createProduct } from './create-product.js';
import { createSku } from './create-sku.js';
import { getSupplierProduct } from './get-supplier-product.js';
import { listSupplierProducts } from './list-supplier-products.js';
import { setProductStatus } from './set-product-status.js';
import { updateProduct } from './update-product.js';
import { updateSku } from './update-sku.js';

const t = useTestDatabase();

async function counts(owner: Database) {
  const n = async (table: 'products' | 'skus' | 'sku_stock' | 'outbox') =>
    Number(
      (
        await owner
          .selectFrom(table)
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    products: await n('products'),
    skus: await n('skus'),
    stock: await n('sku_stock'),
    outbox: await n('outbox'),
  };
}

async function approvedSupplier() {
  const s = await buildSupplier(t.db, { status: 'approved' });
  return { id: s.id };
}

describe('createProduct', () => {
  test('an approved supplier lists a product in an active category; owner columns come from the supplier', async () => {
    const supplier = await approvedSupplier();
    const category = await buildCategory(t.db);
    const product = await withSupplier(t.db, supplier, (trx) =>
      createProduct(trx, {
        categoryId: category.id,
        type: 'card_code',
        name: ' 王者荣耀点券 ',
        descriptionMd: '**自动发卡**',
        regionLock: '仅限中国大陆区账号',
      }),
    );
    expect(product).toMatchObject({
      supplierId: supplier.id,
      ownerTenantId: null,
      categoryId: category.id,
      name: '王者荣耀点券',
      status: 'active',
      topupFields: [],
      regionLock: '仅限中国大陆区账号',
    });
  });

  test('a direct top-up product stores its account fields', async () => {
    const supplier = await approvedSupplier();
    const category = await buildCategory(t.db);
    const product = await withSupplier(t.db, supplier, (trx) =>
      createProduct(trx, {
        categoryId: category.id,
        type: 'direct_topup',
        name: '移动话费直充',
        topupFields: [{ key: 'mobile', label: '手机号', kind: 'mobile_cn' }],
      }),
    );
    expect(product.topupFields).toEqual([
      { key: 'mobile', label: '手机号', kind: 'mobile_cn', required: true },
    ]);
  });

  test.each([
    ['pending', 'SUPPLIER_PENDING', '您的供货商资质还在审核中，审核通过后才能发布商品'],
    [
      'suspended',
      'SUPPLIER_SUSPENDED',
      '您的供货商账号已被平台暂停，暂时不能发布商品，如有疑问请联系平台客服',
    ],
    ['rejected', 'SUPPLIER_REJECTED', '您的供货商申请未通过审核，不能发布商品'],
  ] as const)(
    'a %s supplier is refused with a clear message and nothing is written',
    async (status, code, message) => {
      const supplier = await buildSupplier(t.db, { status });
      const category = await buildCategory(t.db);
      const before = await counts(t.owner);
      await expect(
        withSupplier(t.db, { id: supplier.id }, (trx) =>
          createProduct(trx, { categoryId: category.id, type: 'card_code', name: '商品' }),
        ),
      ).rejects.toMatchObject({ code, userMessage: message, status: 403 });
      expect(await counts(t.owner)).toEqual(before);
    },
  );

  test('an unknown or hidden category is refused and nothing is written', async () => {
    const supplier = await approvedSupplier();
    const hiddenParent = await buildCategory(t.db, { status: 'hidden' });
    const childOfHidden = await buildCategory(t.db, { parentId: hiddenParent.id });
    const before = await counts(t.owner);
    for (const categoryId of [
      '0b7d2b9e-8a1c-4c1e-9f57-3d2a1c0b9e8f',
      hiddenParent.id,
      childOfHidden.id,
    ]) {
      await expect(
        withSupplier(t.db, supplier, (trx) =>
          createProduct(trx, { categoryId, type: 'card_code', name: '商品' }),
        ),
      ).rejects.toMatchObject({
        code: 'CATEGORY_NOT_FOUND',
        userMessage: '所选商品分类不存在或已停用，请重新选择分类',
      });
    }
    expect(await counts(t.owner)).toEqual(before);
  });

  test('bad top-up field definitions are refused and nothing is written', async () => {
    const supplier = await approvedSupplier();
    const category = await buildCategory(t.db);
    const before = await counts(t.owner);
    const attempt = (input: Partial<Parameters<typeof createProduct>[1]>) =>
      withSupplier(t.db, supplier, (trx) =>
        createProduct(trx, {
          categoryId: category.id,
          type: 'direct_topup',
          name: '直充',
          ...input,
        }),
      );
    await expect(attempt({ topupFields: [] })).rejects.toMatchObject({
      code: 'TOPUP_FIELDS_INVALID',
      userMessage: '直充商品至少需要一个充值账号字段（例如手机号或游戏 ID）',
    });
    await expect(
      attempt({ topupFields: [{ key: 'uid', label: 'UID', kind: 'game_id', pattern: '(a+)+' }] }),
    ).rejects.toMatchObject({
      code: 'TOPUP_FIELDS_INVALID',
      userMessage: expect.stringMatching(/嵌套重复/),
    });
    await expect(
      attempt({ topupFields: [{ key: 'uid', label: 'UID', kind: 'game_id', pattern: '[' }] }),
    ).rejects.toMatchObject({
      code: 'TOPUP_FIELDS_INVALID',
      userMessage: '字段“UID”：校验规则不是有效的正则表达式',
    });
    await expect(
      attempt({
        type: 'card_code',
        topupFields: [{ key: 'mobile', label: '手机号', kind: 'mobile_cn' }],
      }),
    ).rejects.toMatchObject({ userMessage: '只有直充商品可以设置充值账号字段' });
    expect(await counts(t.owner)).toEqual(before);
  });

  test('a product name that is empty or too long is refused in Chinese', async () => {
    const supplier = await approvedSupplier();
    const category = await buildCategory(t.db);
    await expect(
      withSupplier(t.db, supplier, (trx) =>
        createProduct(trx, { categoryId: category.id, type: 'card_code', name: '  ' }),
      ),
    ).rejects.toMatchObject({
      code: 'CATALOG_INVALID_INPUT',
      userMessage: '请填写商品名称',
      status: 422,
    });
    await expect(
      withSupplier(t.db, supplier, (trx) =>
        createProduct(trx, { categoryId: category.id, type: 'card_code', name: '长'.repeat(81) }),
      ),
    ).rejects.toMatchObject({ userMessage: '商品名称最多 80 个字' });
  });

  test('an image key that is not a stored product image is refused', async () => {
    const supplier = await approvedSupplier();
    const category = await buildCategory(t.db);
    await expect(
      withSupplier(t.db, supplier, (trx) =>
        createProduct(trx, {
          categoryId: category.id,
          type: 'card_code',
          name: '商品',
          imageKey: '../../etc/passwd',
        }),
      ),
    ).rejects.toMatchObject({ userMessage: '商品图片无效，请重新上传' });
  });
});

describe('updateProduct and setProductStatus', () => {
  test('a supplier edits its product; another supplier cannot see it to edit', async () => {
    const supplier = await approvedSupplier();
    const other = await approvedSupplier();
    const product = await buildProduct(t.db, supplier);
    const updated = await withSupplier(t.db, supplier, (trx) =>
      updateProduct(trx, product.id, { name: '新名字', descriptionMd: '# 说明' }),
    );
    expect(updated).toMatchObject({ name: '新名字', descriptionMd: '# 说明' });
    await expect(
      withSupplier(t.db, other, (trx) => updateProduct(trx, product.id, { name: '抢过来' })),
    ).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND', status: 404 });
    await expect(
      withSupplier(t.db, other, (trx) => getSupplierProduct(trx, product.id)),
    ).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });

  test('a suspended supplier cannot edit or relist its goods, but can still delist them', async () => {
    const supplier = await approvedSupplier();
    const product = await buildProduct(t.db, supplier);
    await t.owner
      .updateTable('suppliers')
      .set({ status: 'suspended' })
      .where('id', '=', supplier.id)
      .execute();
    await expect(
      withSupplier(t.db, supplier, (trx) => updateProduct(trx, product.id, { name: 'x' })),
    ).rejects.toMatchObject({ code: 'SUPPLIER_SUSPENDED' });
    const { product: delisted } = await withSupplier(t.db, supplier, (trx) =>
      setProductStatus(trx, product.id, 'delisted'),
    );
    expect(delisted.status).toBe('delisted');
    await expect(
      withSupplier(t.db, supplier, (trx) => setProductStatus(trx, product.id, 'active')),
    ).rejects.toMatchObject({
      code: 'SUPPLIER_SUSPENDED',
      userMessage: '您的供货商账号已被平台暂停，暂时不能上架商品，如有疑问请联系平台客服',
    });
    const row = await t.owner
      .selectFrom('products')
      .select('status')
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('delisted');
  });

  test('changing a product on or off sale writes a listing sync job; other changes do not', async () => {
    const supplier = await approvedSupplier();
    const product = await buildProduct(t.db, supplier, { status: 'draft' });
    const toActive = await withSupplier(t.db, supplier, (trx) =>
      setProductStatus(trx, product.id, 'active'),
    );
    expect(toActive.listingSyncJobId).toEqual(expect.any(String));
    const again = await withSupplier(t.db, supplier, (trx) =>
      setProductStatus(trx, product.id, 'active'),
    );
    expect(again.listingSyncJobId).toBeNull();
    const off = await withSupplier(t.db, supplier, (trx) =>
      setProductStatus(trx, product.id, 'delisted'),
    );
    const row = await t.owner
      .selectFrom('outbox')
      .select(['name', 'queue', 'payload'])
      .where('id', '=', off.listingSyncJobId!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name: 'listings.sync-sku',
      queue: 'catalog',
      payload: { productId: product.id, skuId: null, wholesale: null, availability: 'delisted' },
    });
  });

  test('listSupplierProducts shows only the supplier’s own products with SKU counts and stock', async () => {
    const supplier = await approvedSupplier();
    const other = await approvedSupplier();
    const mine = await buildProduct(t.db, supplier, { name: '我的商品' });
    await buildSku(t.db, supplier, mine.id, { wholesalePriceFen: 800 });
    await buildSku(t.db, supplier, mine.id, { wholesalePriceFen: 500, name: '小面值' });
    await buildProduct(t.db, other, { name: '别人的商品' });
    const page = await withSupplier(t.db, supplier, (trx) => listSupplierProducts(trx));
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      id: mine.id,
      skuCount: 2,
      activeSkuCount: 2,
      available: 0,
      minWholesaleFen: 500,
    });
    const found = await withSupplier(t.db, supplier, (trx) =>
      listSupplierProducts(trx, { q: '我的' }),
    );
    expect(found.items.map((p) => p.id)).toEqual([mine.id]);
    const detail = await withSupplier(t.db, supplier, (trx) => getSupplierProduct(trx, mine.id));
    expect(detail.skus.map((s) => s.wholesalePriceFen).sort()).toEqual([500, 800]);
  });
});

describe('SKUs', () => {
  test('createSku writes the SKU and its empty stock row with the supplier’s owner columns', async () => {
    const shop = await buildTenant(t.db);
    const supplier = await buildPrivateSupplier(t.db, shop.id);
    const product = await buildProduct(t.db, supplier);
    const sku = await withSupplier(t.db, supplier, (trx) =>
      createSku(trx, {
        productId: product.id,
        name: '月卡',
        faceValueFen: 3000,
        wholesalePriceFen: 2500,
        minPerOrder: 1,
        maxPerOrder: 5,
        codeKind: 'reusable',
        reuseLimit: 20,
      }),
    );
    expect(sku).toMatchObject({
      wholesalePriceFen: 2500,
      codeKind: 'reusable',
      reuseLimit: 20,
      stock: { available: 0, reserved: 0, sold: 0 },
    });
    const row = await t.owner
      .selectFrom('skus')
      .select(['supplier_id', 'owner_tenant_id'])
      .where('id', '=', sku.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ supplier_id: supplier.id, owner_tenant_id: shop.id });
    const stock = await t.owner
      .selectFrom('sku_stock')
      .selectAll()
      .where('sku_id', '=', sku.id)
      .executeTakeFirstOrThrow();
    expect(stock).toMatchObject({
      supplier_id: supplier.id,
      owner_tenant_id: shop.id,
      available: 0,
    });
  });

  test('bad prices and quantities are refused with clear Chinese messages and nothing is written', async () => {
    const supplier = await approvedSupplier();
    const product = await buildProduct(t.db, supplier);
    const before = await counts(t.owner);
    const attempt = (input: Partial<Parameters<typeof createSku>[1]>) =>
      withSupplier(t.db, supplier, (trx) =>
        createSku(trx, { productId: product.id, name: '规格', wholesalePriceFen: 100, ...input }),
      );
    const cases: Array<[Partial<Parameters<typeof createSku>[1]>, string]> = [
      [{ wholesalePriceFen: 0 }, '批发价必须大于 0'],
      [{ wholesalePriceFen: -100 }, '批发价必须大于 0'],
      [{ wholesalePriceFen: 9.5 }, '批发价必须是整数（单位：分）'],
      [{ faceValueFen: -1 }, '面值必须大于 0'],
      [{ minPerOrder: 5, maxPerOrder: 2 }, '每单最少购买数量（5）不能大于最多购买数量（2）'],
      [{ maxPerOrder: 1001 }, '每单最多购买数量不能超过 1000'],
      [{ codeKind: 'reusable' }, '共享账号需要设置可售次数（2–10000）'],
      [{ codeKind: 'reusable', reuseLimit: 1 }, '共享账号可售次数至少为 2'],
      [{ codeKind: 'single', reuseLimit: 5 }, '只有共享账号可以设置可售次数，一次性卡密请留空'],
      [{ name: '' }, '请填写规格名称'],
    ];
    for (const [input, message] of cases) {
      await expect({ input, result: await attempt(input).catch((e: unknown) => e) }).toMatchObject({
        input,
        result: { userMessage: message },
      });
    }
    expect(await counts(t.owner)).toEqual(before);
  });

  test('reusable codes are for card-code products only', async () => {
    const supplier = await approvedSupplier();
    const product = await buildProduct(t.db, supplier, {
      type: 'physical_card',
    });
    await expect(
      withSupplier(t.db, supplier, (trx) =>
        createSku(trx, {
          productId: product.id,
          name: '共享',
          wholesalePriceFen: 100,
          codeKind: 'reusable',
          reuseLimit: 5,
        }),
      ),
    ).rejects.toMatchObject({ code: 'SKU_CODE_KIND_INVALID' });
  });

  test('a supplier cannot add SKUs to another supplier’s product', async () => {
    const owner = await approvedSupplier();
    const other = await approvedSupplier();
    const product = await buildProduct(t.db, owner);
    await expect(
      withSupplier(t.db, other, (trx) =>
        createSku(trx, { productId: product.id, name: '偷', wholesalePriceFen: 100 }),
      ),
    ).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });

  test('updateSku checks min ≤ max against the stored values and changes nothing when refused', async () => {
    const supplier = await approvedSupplier();
    const product = await buildProduct(t.db, supplier);
    const sku = await buildSku(t.db, supplier, product.id, { minPerOrder: 2, maxPerOrder: 10 });
    await expect(
      withSupplier(t.db, supplier, (trx) => updateSku(trx, sku.id, { maxPerOrder: 1 })),
    ).rejects.toMatchObject({ userMessage: '每单最少购买数量（2）不能大于最多购买数量（1）' });
    await expect(
      withSupplier(t.db, supplier, (trx) => updateSku(trx, sku.id, { wholesalePriceFen: 0 })),
    ).rejects.toMatchObject({ userMessage: '批发价必须大于 0' });
    const row = await t.owner
      .selectFrom('skus')
      .select(['max_per_order', 'wholesale_price_fen'])
      .where('id', '=', sku.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ max_per_order: 10, wholesale_price_fen: 1000 });
  });

  test('updateSku writes a listing sync job for a wholesale change or going off sale, not for a rename', async () => {
    const supplier = await approvedSupplier();
    const product = await buildProduct(t.db, supplier);
    const sku = await buildSku(t.db, supplier, product.id);
    const rename = await withSupplier(t.db, supplier, (trx) =>
      updateSku(trx, sku.id, { name: '新规格' }),
    );
    expect(rename).toMatchObject({ sku: { name: '新规格' }, listingSyncJobId: null });
    const price = await withSupplier(t.db, supplier, (trx) =>
      updateSku(trx, sku.id, { wholesalePriceFen: 1200 }),
    );
    expect(price.sku.wholesalePriceFen).toBe(1200);
    const job = await t.owner
      .selectFrom('outbox')
      .select('payload')
      .where('id', '=', price.listingSyncJobId!)
      .executeTakeFirstOrThrow();
    expect(job.payload).toEqual({
      productId: product.id,
      skuId: sku.id,
      wholesale: { fromFen: 1000, toFen: 1200 },
      availability: null,
    });
    const off = await withSupplier(t.db, supplier, (trx) =>
      updateSku(trx, sku.id, { status: 'delisted' }),
    );
    expect(off.listingSyncJobId).toEqual(expect.any(String));
  });

  test('the code kind of an SKU with stock cannot change', async () => {
    const supplier = await approvedSupplier();
    const product = await buildProduct(t.db, supplier);
    const sku = await buildSku(t.db, supplier, product.id);
    await t.owner
      .updateTable('sku_stock')
      .set({ available: 3 })
      .where('sku_id', '=', sku.id)
      .execute();
    await expect(
      withSupplier(t.db, supplier, (trx) =>
        updateSku(trx, sku.id, { codeKind: 'reusable', reuseLimit: 5 }),
      ),
    ).rejects.toMatchObject({ code: 'SKU_CODE_KIND_LOCKED' });
  });

  test('a suspended supplier may take an SKU off sale but not change its price', async () => {
    const supplier = await approvedSupplier();
    const product = await buildProduct(t.db, supplier);
    const sku = await buildSku(t.db, supplier, product.id);
    await t.owner
      .updateTable('suppliers')
      .set({ status: 'suspended' })
      .where('id', '=', supplier.id)
      .execute();
    await expect(
      withSupplier(t.db, supplier, (trx) => updateSku(trx, sku.id, { wholesalePriceFen: 1 })),
    ).rejects.toMatchObject({ code: 'SUPPLIER_SUSPENDED' });
    const result = await withSupplier(t.db, supplier, (trx) =>
      updateSku(trx, sku.id, { status: 'inactive' }),
    );
    expect(result.sku.status).toBe('inactive');
  });
});
