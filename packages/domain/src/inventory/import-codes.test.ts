import { randomBytes, randomUUID } from 'node:crypto';
import { sql, withSupplier, withTenant } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import {
  buildCodeVault,
  buildInventorySku,
  buildTenant,
  countInventoryRows,
  useTestDatabase,
} from '../testing/index.js';
import { createCodeVault } from './code-crypto.js';
import { getSkuStock } from './get-sku-stock.js';
import { importCodes, type CodeImportProgress, type ImportCodesInput } from './import-codes.js';
import { textLines } from './line-sources.js';
import { listCodeBatches } from './list-code-batches.js';

const t = useTestDatabase();
const { vault } = buildCodeVault();
const today = '2026-11-25';

type Sku = Awaited<ReturnType<typeof buildInventorySku>>;
const run = (sku: Sku, text: string, extra: Partial<ImportCodesInput> = {}) =>
  importCodes(t.db, vault, {
    supplier: sku.supplier,
    skuId: sku.skuId,
    source: 'paste',
    lines: textLines(text),
    skipMalformed: false,
    today,
    ...extra,
  });

const batchRow = (id: string) =>
  t.owner.selectFrom('code_batches').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const stockRow = (skuId: string) =>
  t.owner.selectFrom('sku_stock').selectAll().where('sku_id', '=', skuId).executeTakeFirst();

describe('importCodes', () => {
  test('imports new codes, skips duplicates in the file and in stock, and keeps counters and stock in step', async () => {
    const sku = await buildInventorySku(t.db, { lowStockThreshold: 0 });
    const first = await run(sku, 'A1\nA2 PW2\nA3,PW3,2027-03-01');
    expect(first).toMatchObject({
      totalLines: 3,
      imported: 3,
      duplicatesInFile: 0,
      duplicatesInStock: 0,
      malformed: 0,
      unitsAdded: 3,
      available: 3,
    });

    const second = await run(sku, 'A2 OTHER\nB1\nB1\n\nB2\nA1', {
      source: 'file',
      filename: 'C:\\卡密\\batch2.txt',
    });
    expect(second).toMatchObject({
      totalLines: 5,
      imported: 2,
      duplicatesInFile: 1,
      duplicatesInStock: 2,
      unitsAdded: 2,
      available: 5,
    });
    expect(await batchRow(second.batchId)).toMatchObject({
      sku_id: sku.skuId,
      supplier_id: sku.supplier.id,
      source: 'file',
      filename: 'batch2.txt',
      status: 'done',
      total_lines: 5,
      imported: 2,
      duplicates_in_file: 1,
      duplicates_in_stock: 2,
      malformed: 0,
      error: null,
    });
    expect((await batchRow(second.batchId)).finished_at).toBeInstanceOf(Date);
    expect(await stockRow(sku.skuId)).toMatchObject({ available: 5, reserved: 0, sold: 0 });

    const codes = await t.owner
      .selectFrom('card_codes')
      .select(['batch_id', 'state', 'sell_limit', 'expires_on', 'key_id', 'sealed'])
      .where('sku_id', '=', sku.skuId)
      .execute();
    expect(codes).toHaveLength(5);
    expect(codes.filter((c) => c.batch_id === first.batchId)).toHaveLength(3);
    expect(
      codes.every((c) => c.state === 'available' && c.sell_limit === 1 && c.key_id === 'k1'),
    ).toBe(true);
    const opened = codes.map((c) => ({
      ...vault.unseal({ keyId: c.key_id, sealed: c.sealed }),
      expires: c.expires_on,
    }));
    expect(opened).toContainEqual({ code: 'A3', password: 'PW3', expires: expect.any(Date) });
    expect(opened).toContainEqual({ code: 'A2', password: 'PW2', expires: null });

    const stock = await withSupplier(t.db, sku.supplier, (trx) => getSkuStock(trx, sku.skuId));
    expect(stock).toEqual({
      skuId: sku.skuId,
      available: 5,
      reserved: 0,
      sold: 0,
      lowStockThreshold: 0,
      low: false,
    });
    const batches = await withSupplier(t.db, sku.supplier, (trx) =>
      listCodeBatches(trx, sku.skuId),
    );
    expect(batches.map((b) => [b.id, b.imported, b.available])).toEqual([
      [second.batchId, 2, 2],
      [first.batchId, 3, 3],
    ]);
  });

  test('refuses the whole import when a line is malformed and skipping was not confirmed, naming the lines', async () => {
    const sku = await buildInventorySku(t.db);
    const before = await countInventoryRows(t.owner);
    const text = [
      'OK1',
      'OK2',
      'X Y Z W',
      'OK3 2019-12-31',
      ...Array.from({ length: 3000 }, (_, i) => `M${i}`),
    ].join('\n');
    const error = await run(sku, text, { batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVENTORY_MALFORMED_LINES',
      status: 422,
      details: {
        malformed: 2,
        malformedLines: [
          { line: 3, reason: '字段过多（4 个）：每行应为“卡号”或“卡号 密码”，最后可加有效期' },
          { line: 4, reason: '卡密已于 2019-12-31 过期' },
        ],
      },
    });
    expect((error as { userMessage: string }).userMessage).toBe(
      '有 2 行格式不正确（第 3 行：字段过多（4 个）：每行应为“卡号”或“卡号 密码”，最后可加有效期；第 4 行：卡密已于 2019-12-31 过期），未导入任何卡密。请修正后重新导入，或确认跳过这些行。',
    );
    expect(await countInventoryRows(t.owner)).toEqual(before);
  });

  test('skips malformed lines once confirmed, and records them on the batch', async () => {
    const sku = await buildInventorySku(t.db);
    const result = await run(sku, 'OK1\nbad\u0007\nOK2\nOK3 2001-01-01', { skipMalformed: true });
    expect(result).toMatchObject({
      totalLines: 4,
      imported: 2,
      malformed: 2,
      malformedLines: [
        { line: 2, reason: '含有控制字符或不可见字符' },
        { line: 4, reason: '卡密已于 2001-01-01 过期' },
      ],
    });
    expect(await batchRow(result.batchId)).toMatchObject({
      imported: 2,
      malformed: 2,
      total_lines: 4,
    });
  });

  test('writes in batches of its own transaction and reports progress after each', async () => {
    const sku = await buildInventorySku(t.db);
    const seen: CodeImportProgress[] = [];
    const text = Array.from({ length: 25 }, (_, i) => `P${i}`).join('\n');
    const result = await run(sku, `${text}\nP0\n`, {
      batchSize: 10,
      onProgress: (p) => seen.push({ ...p }),
    });
    expect(result).toMatchObject({ imported: 25, duplicatesInFile: 1, totalLines: 26 });
    expect(seen.map((p) => [p.batches, p.imported])).toEqual([
      [1, 10],
      [2, 20],
      [3, 25],
    ]);
    expect(seen.at(-1)).toMatchObject({ linesRead: 26, duplicatesInFile: 1 });
  });

  test('a reusable code is one row sold up to the reuse limit, and stock counts every use', async () => {
    const sku = await buildInventorySku(t.db, { codeKind: 'reusable', reuseLimit: 20 });
    const result = await run(sku, 'shared-acc-1 pass1\nshared-acc-2 pass2');
    expect(result).toMatchObject({ imported: 2, unitsAdded: 40, available: 40 });
    const limits = await t.owner
      .selectFrom('card_codes')
      .select('sell_limit')
      .where('sku_id', '=', sku.skuId)
      .execute();
    expect(limits).toEqual([{ sell_limit: 20 }, { sell_limit: 20 }]);
    expect(await stockRow(sku.skuId)).toMatchObject({ available: 40 });
  });

  test('a reseller’s private supplier imports into its own private goods', async () => {
    const shop = await buildTenant(t.db);
    const supplier = await t.owner
      .insertInto('suppliers')
      .values({
        slug: `own-${randomUUID().slice(0, 8)}`,
        name: '店铺自营',
        status: 'approved',
        owner_tenant_id: shop.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sku = await buildInventorySku(t.db, {
      supplier: { id: supplier.id, ownerTenantId: shop.id },
    });
    const result = await run(sku, 'PRIVATE-1\nPRIVATE-2');
    expect(result.imported).toBe(2);
    expect(await stockRow(sku.skuId)).toMatchObject({ owner_tenant_id: shop.id, available: 2 });
  });

  describe('refuses, changing nothing', () => {
    test.each([
      [
        'a delisted SKU',
        { skuStatus: 'delisted' },
        'INVENTORY_SKU_DELISTED',
        '“王者荣耀点券 / 100 点券”已下架，不能再导入卡密',
      ],
      [
        'a delisted product',
        { productStatus: 'delisted' },
        'INVENTORY_SKU_DELISTED',
        '“王者荣耀点券 / 100 点券”已下架，不能再导入卡密',
      ],
      [
        'a direct top-up product',
        { productType: 'direct_topup' },
        'INVENTORY_NOT_CARD_CODE_PRODUCT',
        '“王者荣耀点券”是直充商品，只有卡密类商品才能导入卡密',
      ],
      [
        'a physical card product',
        { productType: 'physical_card' },
        'INVENTORY_NOT_CARD_CODE_PRODUCT',
        '“王者荣耀点券”是实物卡商品，只有卡密类商品才能导入卡密',
      ],
      [
        'a suspended supplier',
        { supplierStatus: 'suspended' },
        'INVENTORY_SUPPLIER_NOT_ALLOWED',
        '供货商已被暂停，暂时不能导入卡密，请联系平台',
      ],
      [
        'a rejected supplier',
        { supplierStatus: 'rejected' },
        'INVENTORY_SUPPLIER_NOT_ALLOWED',
        '供货商资质审核未通过，不能导入卡密',
      ],
    ] as const)('an import into %s', async (_name, overrides, code, userMessage) => {
      const sku = await buildInventorySku(t.db, overrides);
      const before = await countInventoryRows(t.owner);
      await expect(run(sku, 'CODE-1', { skipMalformed: true })).rejects.toMatchObject({
        code,
        userMessage,
      });
      expect(await countInventoryRows(t.owner)).toEqual(before);
    });

    test('a supplier importing into another supplier’s SKU', async () => {
      const mine = await buildInventorySku(t.db);
      const theirs = await buildInventorySku(t.db);
      const before = await countInventoryRows(t.owner);
      await expect(
        importCodes(t.db, vault, {
          supplier: mine.supplier,
          skuId: theirs.skuId,
          source: 'paste',
          lines: textLines('STOLEN-1'),
          skipMalformed: true,
        }),
      ).rejects.toMatchObject({
        code: 'INVENTORY_SKU_NOT_YOURS',
        status: 403,
        userMessage: '这个 SKU 属于其他供货商，不能向其中导入卡密',
      });
      expect(await countInventoryRows(t.owner)).toEqual(before);
    });

    test('an unknown SKU, a bad SKU id and a bad batch size', async () => {
      const sku = await buildInventorySku(t.db);
      await expect(run({ ...sku, skuId: randomUUID() }, 'X')).rejects.toMatchObject({
        code: 'INVENTORY_SKU_NOT_FOUND',
        userMessage: '找不到这个 SKU，请确认 SKU 编号',
      });
      await expect(run({ ...sku, skuId: 'not-a-uuid' }, 'X')).rejects.toMatchObject({
        code: 'INVENTORY_INVALID_INPUT',
        userMessage: 'SKU 编号无效',
      });
      await expect(run(sku, 'X', { batchSize: 100_000 })).rejects.toMatchObject({
        code: 'INVENTORY_INVALID_INPUT',
        userMessage: '每批最多 5000 条',
      });
    });

    test('an empty paste, and one whose every line is malformed', async () => {
      const sku = await buildInventorySku(t.db);
      const before = await countInventoryRows(t.owner);
      await expect(run(sku, '\n  \r\n')).rejects.toMatchObject({
        code: 'INVENTORY_NOTHING_TO_IMPORT',
        userMessage: '没有可导入的卡密：内容为空',
      });
      await expect(run(sku, '', { skipMalformed: true })).rejects.toMatchObject({
        code: 'INVENTORY_NOTHING_TO_IMPORT',
      });
      await expect(run(sku, 'A B C D\n\u0001', { skipMalformed: true })).rejects.toMatchObject({
        code: 'INVENTORY_NOTHING_TO_IMPORT',
        userMessage:
          '没有可导入的卡密：有 2 行格式不正确（第 1 行：字段过多（4 个）：每行应为“卡号”或“卡号 密码”，最后可加有效期；第 2 行：含有控制字符或不可见字符）',
      });
      expect(await countInventoryRows(t.owner)).toEqual(before);
    });

    test('a one-shot line source when a validation pass is needed', async () => {
      const sku = await buildInventorySku(t.db);
      const before = await countInventoryRows(t.owner);
      async function* once() {
        yield 'ONCE-1';
      }
      await expect(run(sku, '', { lines: once() })).rejects.toThrow(TypeError);
      const oneShot = { [Symbol.asyncIterator]: once };
      let used = false;
      const exhausted = {
        [Symbol.asyncIterator]: () => {
          if (used) return (async function* () {})();
          used = true;
          return oneShot[Symbol.asyncIterator]();
        },
      };
      await expect(run(sku, '', { lines: exhausted })).rejects.toThrow(/re-iterable/);
      expect(await countInventoryRows(t.owner)).toEqual(before);
    });
  });

  test('when the SKU is delisted midway the batch is marked failed and committed batches stay', async () => {
    const text = Array.from({ length: 30 }, (_, i) => `MID-${i}`).join('\n');
    const other = await buildInventorySku(t.db);
    let committed = 0;
    let delisted = false;
    const failure = await run(other, text, {
      batchSize: 10,
      onProgress: (p) => {
        committed = p.batches;
      },
      lines: {
        async *[Symbol.asyncIterator]() {
          for await (const line of textLines(text)) {
            if (committed === 1 && !delisted) {
              delisted = true;
              await t.owner
                .updateTable('skus')
                .set({ status: 'delisted' })
                .where('id', '=', other.skuId)
                .execute();
            }
            yield line;
          }
        },
      },
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'INVENTORY_SKU_DELISTED' });
    const batch = await t.owner
      .selectFrom('code_batches')
      .selectAll()
      .where('sku_id', '=', other.skuId)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({
      status: 'failed',
      error: '“王者荣耀点券 / 100 点券”已下架，不能再导入卡密',
    });
    // One batch may already be on its way when the SKU is delisted; what committed is consistent.
    expect([10, 20]).toContain(batch.imported);
    expect(await stockRow(other.skuId)).toMatchObject({ available: batch.imported });
    const stored = await t.owner
      .selectFrom('card_codes')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('sku_id', '=', other.skuId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(batch.imported);
  });
});

describe('isolation', () => {
  test('a shop reads a public SKU’s stock but never its codes or batches; another supplier sees neither', async () => {
    const sku = await buildInventorySku(t.db, { lowStockThreshold: 0 });
    await run(sku, 'ISO-1\nISO-2');
    const shop = await buildTenant(t.db);
    const seenByShop = await withTenant(t.db, shop.id, async (trx) => ({
      stock: await getSkuStock(trx, sku.skuId),
      codes: await trx
        .selectFrom('card_codes')
        .select('id')
        .where('sku_id', '=', sku.skuId)
        .execute(),
      batches: await trx
        .selectFrom('code_batches')
        .select('id')
        .where('sku_id', '=', sku.skuId)
        .execute(),
    }));
    expect(seenByShop).toEqual({
      stock: {
        skuId: sku.skuId,
        available: 2,
        reserved: 0,
        sold: 0,
        lowStockThreshold: 0,
        low: false,
      },
      codes: [],
      batches: [],
    });

    const other = await buildInventorySku(t.db);
    const seenByOther = await withSupplier(t.db, other.supplier, async (trx) => ({
      batches: await listCodeBatches(trx, sku.skuId),
      codes: await trx
        .selectFrom('card_codes')
        .select('id')
        .where('sku_id', '=', sku.skuId)
        .execute(),
    }));
    expect(seenByOther).toEqual({ batches: [], codes: [] });
  });
});

describe('encryption at rest', () => {
  test('the codes table never holds a code or password in clear, and the vault opens them', async () => {
    const sku = await buildInventorySku(t.db);
    const secrets = [
      { code: 'PLAIN-CARD-7731', password: 'PLAIN-PASS-99120' },
      { code: 'GIFTCODE4411223344', password: undefined },
      { code: '8800123456789012', password: '554433' },
    ];
    const text = secrets
      .map((s) => (s.password ? `${s.code}----${s.password}` : s.code))
      .join('\n');
    await run(sku, `${text}\nGIFTCODE4411223344`);

    const raw = await sql<
      Record<string, unknown>
    >`select * from card_codes where sku_id = ${sku.skuId}`.execute(t.owner);
    const asText = await sql<{
      row: string;
    }>`select row_to_json(c)::text as row from card_codes c where sku_id = ${sku.skuId}`.execute(
      t.owner,
    );
    expect(raw.rows).toHaveLength(3);
    const needles = secrets.flatMap((s) => [s.code, s.password]).filter((s): s is string => !!s);
    for (const row of raw.rows) {
      for (const [column, value] of Object.entries(row)) {
        const bytes = Buffer.isBuffer(value)
          ? value
          : Buffer.from(value instanceof Date ? value.toISOString() : String(value), 'utf8');
        for (const needle of needles) {
          for (const encoding of ['utf8', 'utf16le'] as const) {
            expect(bytes.includes(Buffer.from(needle, encoding)), `${column} holds ${needle}`).toBe(
              false,
            );
          }
          expect(bytes.toString('hex')).not.toContain(Buffer.from(needle).toString('hex'));
          expect(bytes.toString('base64')).not.toContain(
            Buffer.from(needle).toString('base64').slice(0, 12),
          );
        }
      }
    }
    for (const { row } of asText.rows)
      for (const needle of needles) expect(row).not.toContain(needle);

    const opened = raw.rows.map((r) =>
      vault.unseal({ keyId: r.key_id as string, sealed: r.sealed as Buffer }),
    );
    expect(opened).toEqual(
      expect.arrayContaining(
        secrets.map((s) =>
          s.password ? { code: s.code, password: s.password } : { code: s.code },
        ),
      ),
    );
  });

  test('after a key rotation old codes still open, new ones use the new key, and duplicates are still caught', async () => {
    const sku = await buildInventorySku(t.db);
    const oldKey = { id: 'old', key: randomBytes(32) };
    const indexKey = randomBytes(32);
    const before = createCodeVault({ keys: [oldKey], indexKey });
    const after = createCodeVault({
      keys: [{ id: 'new', key: randomBytes(32) }, oldKey],
      indexKey,
    });
    const base = {
      supplier: sku.supplier,
      skuId: sku.skuId,
      source: 'cli' as const,
      skipMalformed: false,
      today,
    };
    await importCodes(t.db, before, { ...base, lines: textLines('ROT-1 P1\nROT-2 P2') });
    const second = await importCodes(t.db, after, {
      ...base,
      lines: textLines('ROT-2 P2\nROT-3 P3'),
    });
    expect(second).toMatchObject({ imported: 1, duplicatesInStock: 1 });

    const rows = await t.owner
      .selectFrom('card_codes')
      .select(['key_id', 'sealed'])
      .where('sku_id', '=', sku.skuId)
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => r.key_id).sort()).toEqual(['new', 'old', 'old']);
    expect(
      rows.map((r) => after.unseal({ keyId: r.key_id, sealed: r.sealed }).code).sort(),
    ).toEqual(['ROT-1', 'ROT-2', 'ROT-3']);
  });
});
