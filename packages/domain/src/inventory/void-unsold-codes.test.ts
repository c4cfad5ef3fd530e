import { randomUUID } from 'node:crypto';
import { withSupplier } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import {
  buildCodeVault,
  buildInventorySku,
  countInventoryRows,
  useTestDatabase,
} from '../testing/index.js';
import { importCodes } from './import-codes.js';
import { textLines } from './line-sources.js';
import { voidUnsoldCodes } from './void-unsold-codes.js';

const t = useTestDatabase();
const { vault } = buildCodeVault();

type Sku = Awaited<ReturnType<typeof buildInventorySku>>;
const load = (sku: Sku, text: string) =>
  importCodes(t.db, vault, {
    supplier: sku.supplier,
    skuId: sku.skuId,
    source: 'paste',
    lines: textLines(text),
    skipMalformed: false,
  });
const codesOf = (batchId: string) =>
  t.owner
    .selectFrom('card_codes')
    .select(['id', 'state', 'voided_at'])
    .where('batch_id', '=', batchId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
const stock = (skuId: string) =>
  t.owner.selectFrom('sku_stock').selectAll().where('sku_id', '=', skuId).executeTakeFirstOrThrow();

describe('voidUnsoldCodes', () => {
  test('voids the available codes of a batch, leaving reserved and sold ones, in step with stock and the batch', async () => {
    const sku = await buildInventorySku(t.db, { lowStockThreshold: 0 });
    const batch = await load(sku, 'V1\nV2\nV3\nV4');
    const [reserved, sold] = await codesOf(batch.batchId);
    await t.owner
      .updateTable('card_codes')
      .set({ state: 'reserved', reserved_until: new Date(Date.now() + 60_000) })
      .where('id', '=', reserved!.id)
      .execute();
    await t.owner
      .updateTable('card_codes')
      .set({ state: 'sold', sold_count: 1, sold_at: new Date() })
      .where('id', '=', sold!.id)
      .execute();
    await t.owner
      .updateTable('sku_stock')
      .set({ available: 2, reserved: 1, sold: 1 })
      .where('sku_id', '=', sku.skuId)
      .execute();

    const voided = await withSupplier(t.db, sku.supplier, (trx) =>
      voidUnsoldCodes(trx, { batchId: batch.batchId }),
    );
    expect(voided).toBe(2);
    const states = (await codesOf(batch.batchId)).map((c) => c.state).sort();
    expect(states).toEqual(['reserved', 'sold', 'voided', 'voided']);
    expect(await stock(sku.skuId)).toMatchObject({ available: 0, reserved: 1, sold: 1 });
    const row = await t.owner
      .selectFrom('code_batches')
      .select('voided')
      .where('id', '=', batch.batchId)
      .executeTakeFirstOrThrow();
    expect(row.voided).toBe(2);

    const again = await withSupplier(t.db, sku.supplier, (trx) =>
      voidUnsoldCodes(trx, { batchId: batch.batchId }),
    );
    expect(again).toBe(0);
  });

  test('voids chosen codes and gives back a reusable code’s unsold uses', async () => {
    const sku = await buildInventorySku(t.db, { codeKind: 'reusable', reuseLimit: 5 });
    const batch = await load(sku, 'ACC1 P\nACC2 P\nACC3 P');
    expect(await stock(sku.skuId)).toMatchObject({ available: 15 });
    const [first, second] = await codesOf(batch.batchId);
    await t.owner
      .updateTable('card_codes')
      .set({ sold_count: 2 })
      .where('id', '=', first!.id)
      .execute();
    await t.owner
      .updateTable('sku_stock')
      .set({ available: 13, sold: 2 })
      .where('sku_id', '=', sku.skuId)
      .execute();

    const voided = await withSupplier(t.db, sku.supplier, (trx) =>
      voidUnsoldCodes(trx, { codeIds: [first!.id, second!.id] }),
    );
    expect(voided).toBe(2);
    expect(await stock(sku.skuId)).toMatchObject({ available: 5, sold: 2 });
    expect((await codesOf(batch.batchId)).filter((c) => c.state === 'voided')).toHaveLength(2);
  });

  test('a supplier cannot void another supplier’s codes or batch', async () => {
    const mine = await buildInventorySku(t.db);
    const theirs = await buildInventorySku(t.db);
    const batch = await load(theirs, 'THEIRS-1\nTHEIRS-2');
    const codes = await codesOf(batch.batchId);
    await expect(
      withSupplier(t.db, mine.supplier, (trx) => voidUnsoldCodes(trx, { batchId: batch.batchId })),
    ).rejects.toMatchObject({
      code: 'INVENTORY_BATCH_NOT_FOUND',
      userMessage: '找不到这个导入批次',
    });
    const count = await withSupplier(t.db, mine.supplier, (trx) =>
      voidUnsoldCodes(trx, { codeIds: codes.map((c) => c.id) }),
    );
    expect(count).toBe(0);
    expect((await codesOf(batch.batchId)).every((c) => c.state === 'available')).toBe(true);
    expect(await stock(theirs.skuId)).toMatchObject({ available: 2 });
  });

  test('refuses bad input with a clear message and changes nothing', async () => {
    const sku = await buildInventorySku(t.db);
    const before = await countInventoryRows(t.owner);
    const tx = <T>(fn: Parameters<typeof withSupplier<T>>[2]) =>
      withSupplier(t.db, sku.supplier, fn);
    await expect(tx((trx) => voidUnsoldCodes(trx, { codeIds: [] }))).rejects.toMatchObject({
      code: 'INVENTORY_INVALID_INPUT',
      userMessage: '请选择要作废的卡密',
    });
    await expect(tx((trx) => voidUnsoldCodes(trx, { batchId: 'nope' }))).rejects.toMatchObject({
      code: 'INVENTORY_INVALID_INPUT',
    });
    await expect(
      tx((trx) => voidUnsoldCodes(trx, { batchId: randomUUID() })),
    ).rejects.toMatchObject({
      code: 'INVENTORY_BATCH_NOT_FOUND',
    });
    expect(await countInventoryRows(t.owner)).toEqual(before);
  });
});
