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

/** The shared input parser with this context's error code. */
export function parseInventoryInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return parseInput(schema, input, InventoryErrors.INVALID_INPUT);
}
