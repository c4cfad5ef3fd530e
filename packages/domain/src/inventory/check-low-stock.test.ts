import { asSystem, withSupplier } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { buildCodeVault, buildInventorySku, useTestDatabase } from '../testing/index.js';
import { checkLowStock } from './check-low-stock.js';
import { importCodes } from './import-codes.js';
import { textLines } from './line-sources.js';
import { voidUnsoldCodes } from './void-unsold-codes.js';

const t = useTestDatabase();
const { vault } = buildCodeVault();

type Sku = Awaited<ReturnType<typeof buildInventorySku>>;
const load = (sku: Sku, codes: string[]) =>
  importCodes(t.db, vault, {
    supplier: sku.supplier,
    skuId: sku.skuId,
    source: 'paste',
    lines: textLines(codes.join('\n')),
    skipMalformed: false,
  });
const notices = (supplierId: string) =>
  t.owner
    .selectFrom('supplier_notifications')
    .selectAll()
    .where('supplier_id', '=', supplierId)
    .where('kind', '=', 'low_stock')
    .orderBy('created_at')
    .execute();
const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('low-stock notification', () => {
  test('fires once when stock falls to the threshold, and again only after it rose above it', async () => {
    const sku = await buildInventorySku(t.db, { lowStockThreshold: 3 });
    const first = await load(sku, codes('L', 5));
    expect(await notices(sku.supplier.id)).toHaveLength(0);

    // Selling or voiding down to the threshold notifies once.
    const ids = await t.owner
      .selectFrom('card_codes')
      .select('id')
      .where('batch_id', '=', first.batchId)
      .orderBy('id')
      .execute();
    await withSupplier(t.db, sku.supplier, (trx) =>
      voidUnsoldCodes(trx, { codeIds: [ids[0]!.id, ids[1]!.id] }),
    );
    const [notice] = await notices(sku.supplier.id);
    expect(notice).toMatchObject({
      kind: 'low_stock',
      title: '库存不足：王者荣耀点券（100 点券）',
      body: '「王者荣耀点券 / 100 点券」仅剩 3 件可售，已达到库存预警线（3 件），请及时补充卡密。',
      data: { skuId: sku.skuId, productId: sku.productId, available: 3, threshold: 3 },
      read_at: null,
    });

    // Further dips and repeated checks do not notify again.
    await withSupplier(t.db, sku.supplier, (trx) =>
      voidUnsoldCodes(trx, { codeIds: [ids[2]!.id] }),
    );
    await asSystem(t.db, (trx) => checkLowStock(trx, sku.skuId));
    expect(await notices(sku.supplier.id)).toHaveLength(1);

    // Restocking above the threshold re-arms it; the next dip notifies again.
    await load(sku, codes('R', 10));
    const stock = await t.owner
      .selectFrom('sku_stock')
      .select(['available', 'low_stock_notified_at'])
      .where('sku_id', '=', sku.skuId)
      .executeTakeFirstOrThrow();
    expect(stock).toEqual({ available: 12, low_stock_notified_at: null });
    await withSupplier(t.db, sku.supplier, (trx) =>
      voidUnsoldCodes(trx, { batchId: first.batchId }),
    );
    await t.owner
      .updateTable('sku_stock')
      .set({ available: 0 })
      .where('sku_id', '=', sku.skuId)
      .execute();
    const result = await asSystem(t.db, (trx) => checkLowStock(trx, sku.skuId));
    expect(result).toEqual({ available: 0, threshold: 3, notified: true });
    const all = await notices(sku.supplier.id);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({
      title: '已售罄：王者荣耀点券（100 点券）',
      body: '「王者荣耀点券 / 100 点券」已没有可售库存，买家暂时无法购买，请尽快导入卡密。',
    });
  });

  test('an import that leaves stock at or under the threshold notifies at once', async () => {
    const sku = await buildInventorySku(t.db, { lowStockThreshold: 10 });
    await load(sku, codes('S', 4));
    const list = await notices(sku.supplier.id);
    expect(list).toHaveLength(1);
    expect(list[0]!.body).toContain('仅剩 4 件可售');
  });

  test('concurrent checks write one notice', async () => {
    const sku = await buildInventorySku(t.db, { lowStockThreshold: 10 });
    await t.owner
      .insertInto('sku_stock')
      .values({
        sku_id: sku.skuId,
        supplier_id: sku.supplier.id,
        owner_tenant_id: null,
        available: 2,
      })
      .execute();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => asSystem(t.db, (trx) => checkLowStock(trx, sku.skuId))),
    );
    expect(results.filter((r) => r?.notified)).toHaveLength(1);
    expect(await notices(sku.supplier.id)).toHaveLength(1);
  });

  test('a SKU that is not on sale, or has no stock row yet, does not notify', async () => {
    const inactive = await buildInventorySku(t.db, {
      skuStatus: 'inactive',
      lowStockThreshold: 10,
    });
    await load(inactive, ['I1']);
    expect(await notices(inactive.supplier.id)).toHaveLength(0);
    const fresh = await buildInventorySku(t.db);
    expect(await asSystem(t.db, (trx) => checkLowStock(trx, fresh.skuId))).toBeUndefined();
    expect(await notices(fresh.supplier.id)).toHaveLength(0);
  });
});
