import { z } from 'zod';
import { parseInput } from '../parse-input.js';
import { InventoryErrors } from './inventory.errors.js';

const id = (what: string) => z.uuid(`${what}无效`);

/** The most codes one transaction writes: 8 parameters a row stays under Postgres's 65,535. */
export const MAX_IMPORT_BATCH_SIZE = 5000;

export const importCodesOptionsSchema = z.object({
  skuId: id('SKU 编号'),
  source: z.enum(['paste', 'file', 'cli'], '导入方式只能是粘贴、上传文件或命令行'),
  filename: z
    .string()
    .trim()
    .max(255, '文件名最多 255 个字符')
    // Only the name is kept, never the uploader's path.
    .transform((v) => v.split(/[\\/]/).pop() || undefined)
    .optional(),
  skipMalformed: z.boolean(),
  batchSize: z
    .number()
    .int('每批数量必须是整数')
    .min(1, '每批至少 1 条')
    .max(MAX_IMPORT_BATCH_SIZE, `每批最多 ${MAX_IMPORT_BATCH_SIZE} 条`)
    .default(1000),
  createdBy: id('操作人编号').optional(),
});

export const voidCodesSchema = z.union(
  [
    z.object({ batchId: id('批次编号') }).strict(),
    z
      .object({
        codeIds: z
          .array(id('卡密编号'))
          .min(1, '请选择要作废的卡密')
          .max(1000, '一次最多作废 1000 条卡密'),
      })
      .strict(),
  ],
  '请指定要作废的批次或卡密',
);
export type VoidCodesInput = z.input<typeof voidCodesSchema>;

/** The most physical cards one SKU may have on hand (and one adjustment may move). */
export const MAX_ON_HAND = 1_000_000;

/**
 * A supplier's change to a physical card's quantity on hand: set it to what a count found, add
 * cards that came in, or take out cards that left another way (damaged, lost, returned).
 */
export const adjustStockSchema = z
  .object({
    skuId: id('SKU 编号'),
    mode: z.enum(['set', 'add', 'remove'], '请选择调整方式：设为、增加或减少'),
    quantity: z
      .number('请填写数量')
      .int('数量必须是整数')
      .min(0, '数量不能是负数')
      .max(MAX_ON_HAND, `数量最多 ${MAX_ON_HAND} 件`),
    reason: z
      .string('请填写调整原因')
      .trim()
      .min(1, '请填写调整原因，如“盘点”“到货”“损坏”')
      .max(200, '调整原因最多 200 个字'),
  })
  .refine((v) => v.mode === 'set' || v.quantity >= 1, {
    message: '增加或减少的数量至少为 1',
    path: ['quantity'],
  });
export type AdjustStockInput = z.input<typeof adjustStockSchema>;

/** What to export: a batch's or a SKU's unsold codes, and whether to take them off sale. */
export const exportCodesSchema = z.union(
  [
    z.object({ batchId: id('批次编号'), offSale: z.boolean().default(false) }).strict(),
    z.object({ skuId: id('SKU 编号'), offSale: z.boolean().default(false) }).strict(),
  ],
  '请指定要导出的批次或 SKU',
);
export type ExportCodesInput = z.input<typeof exportCodesSchema>;

/** The shared input parser with this context's error code. */
export function parseInventoryInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return parseInput(schema, input, InventoryErrors.INVALID_INPUT);
}
