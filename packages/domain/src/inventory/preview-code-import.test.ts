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
import { previewCodeImport } from './preview-code-import.js';

const t = useTestDatabase();
const { vault } = buildCodeVault();
const today = '2026-11-25';

describe('previewCodeImport', () => {
  test('counts valid, malformed, duplicates in the file and in stock, and writes nothing', async () => {
    const sku = await buildInventorySku(t.db);
    await importCodes(t.db, vault, {
      supplier: sku.supplier,
      skuId: sku.skuId,
      source: 'paste',
      lines: textLines('IN-STOCK-1\nIN-STOCK-2 PASS'),
      skipMalformed: false,
      today,
    });
    const before = await countInventoryRows(t.owner);

    const text = [
      'NEW-1', // 1
      'NEW-2,PW2', // 2
      '', // 3
      'NEW-1', // 4: repeat of line 1
      'IN-STOCK-1', // 5: already in stock
      'IN-STOCK-2----OTHER-PASSWORD', // 6: same card number as in stock
      'BAD 2020-01-01', // 7: expired
      'A B C D', // 8: too many fields
      'NEW-3 2027-06-30', // 9
      ' NEW-2 ', // 10: repeat of line 2's card number
    ].join('\r\n');
    const preview = await withSupplier(t.db, sku.supplier, (trx) =>
      previewCodeImport(trx, vault, { skuId: sku.skuId, lines: textLines(text), today }),
    );

    expect(preview).toMatchObject({
      totalLines: 9,
      valid: 3,
      malformed: 2,
      duplicatesInFile: 2,
      duplicatesInStock: 2,
      sellableUnits: 3,
      malformedLines: [
        { line: 7, reason: '卡密已于 2020-01-01 过期' },
        { line: 8, reason: '字段过多（4 个）：每行应为“卡号”或“卡号 密码”，最后可加有效期' },
      ],
      sku: { id: sku.skuId, name: sku.skuName, productName: sku.productName, codeKind: 'single' },
    });
    expect(await countInventoryRows(t.owner)).toEqual(before);
  });

  test('looks duplicates up in stock across many chunks', async () => {
    const sku = await buildInventorySku(t.db);
    const codes = Array.from({ length: 2500 }, (_, i) => `BULK-${i}`);
    await importCodes(t.db, vault, {
      supplier: sku.supplier,
      skuId: sku.skuId,
      source: 'paste',
      lines: textLines(codes.filter((_, i) => i % 2 === 0).join('\n')),
      skipMalformed: false,
      today,
    });
    const preview = await withSupplier(t.db, sku.supplier, (trx) =>
      previewCodeImport(trx, vault, {
        skuId: sku.skuId,
        lines: textLines(codes.join('\n')),
        today,
      }),
    );
    expect(preview).toMatchObject({ totalLines: 2500, valid: 1250, duplicatesInStock: 1250 });
  });

  test('reports at most the requested number of malformed lines but counts them all', async () => {
    const sku = await buildInventorySku(t.db);
    const text = Array.from({ length: 30 }, (_, i) => `BAD\u0000${i}`).join('\n');
    const preview = await withSupplier(t.db, sku.supplier, (trx) =>
      previewCodeImport(trx, vault, {
        skuId: sku.skuId,
        lines: textLines(text),
        maxReportedMalformed: 5,
        today,
      }),
    );
    expect(preview.malformed).toBe(30);
    expect(preview.malformedLines.map((m) => m.line)).toEqual([1, 2, 3, 4, 5]);
  });

  test('a reusable SKU counts its reuse limit per code as sellable units', async () => {
    const sku = await buildInventorySku(t.db, { codeKind: 'reusable', reuseLimit: 7 });
    const preview = await withSupplier(t.db, sku.supplier, (trx) =>
      previewCodeImport(trx, vault, {
        skuId: sku.skuId,
        lines: textLines('ACC1 PW\nACC2 PW'),
        today,
      }),
    );
    expect(preview).toMatchObject({ valid: 2, sellableUnits: 14 });
  });

  test('refuses another supplier’s SKU', async () => {
    const mine = await buildInventorySku(t.db);
    const theirs = await buildInventorySku(t.db);
    await expect(
      withSupplier(t.db, mine.supplier, (trx) =>
        previewCodeImport(trx, vault, { skuId: theirs.skuId, lines: textLines('X'), today }),
      ),
    ).rejects.toMatchObject({ code: 'INVENTORY_SKU_NOT_YOURS', status: 403 });
  });
});
