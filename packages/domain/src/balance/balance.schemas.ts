import { z } from 'zod';

/** The smallest top-up: 1 元. The database checks the same range. */
export const TOPUP_MIN_FEN = 100;
/** The largest single top-up: 5000 元. */
export const TOPUP_MAX_FEN = 500_000;
/** The amounts a buyer can pick with one tap: 10, 50, 100 and 200 元. */
export const TOPUP_PRESETS_FEN = [1_000, 5_000, 10_000, 20_000] as const;
/** How long a top-up's pay link is offered; a payment that still arrives later is credited. */
export const TOPUP_TTL_MS = 30 * 60_000;
/** Top-ups one customer may have waiting for payment at once. */
export const TOPUP_MAX_OPEN = 5;
/** Lines per page of the balance history. */
export const BALANCE_HISTORY_PAGE_SIZE = 20;

const RANGE = `充值金额应在 1 元到 5000 元之间`;

export const topupAmountFenSchema = z
  .number({ error: '请填写充值金额' })
  .int('充值金额最多精确到分')
  .min(TOPUP_MIN_FEN, RANGE)
  .max(TOPUP_MAX_FEN, RANGE);

/**
 * A top-up amount as typed in yuan ("50", "12.5", "¥100"), in fen. Strict: no signs, exponents,
 * separators or more than two decimals, so nothing but a plain amount becomes money.
 */
export const topupAmountYuanSchema = z
  .string({ error: '请填写充值金额' })
  .trim()
  .transform((v) => v.replace(/^[¥￥]\s*/, '').replace(/\s*元$/, ''))
  .superRefine((v, ctx) => {
    if (v === '') ctx.addIssue({ code: 'custom', message: '请填写充值金额' });
    else if (/^[-−－]/.test(v)) ctx.addIssue({ code: 'custom', message: '充值金额不能为负数' });
    else if (/^\d+\.\d{3,}$/.test(v))
      ctx.addIssue({ code: 'custom', message: '充值金额最多保留两位小数（精确到分）' });
    else if (!/^\d{1,9}(?:\.\d{1,2})?$/.test(v))
      ctx.addIssue({ code: 'custom', message: '充值金额应为数字，例如 50 或 12.50' });
  })
  .transform((v) => {
    const [yuan, cents = ''] = v.split('.');
    return Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
  })
  .pipe(topupAmountFenSchema);

export const startTopupSchema = z.object({
  tenantId: z.uuid(),
  customerId: z.uuid({ error: '请先登录' }),
  amountFen: topupAmountFenSchema,
  provider: z.string({ error: '请选择支付方式' }).min(1, '请选择支付方式'),
});
export type StartTopupInput = z.input<typeof startTopupSchema>;

export const balancePageSchema = z.object({
  tenantId: z.uuid(),
  customerId: z.uuid(),
  page: z.coerce
    .number({ error: '页码应为正整数' })
    .int('页码应为正整数')
    .min(1, '页码应为正整数')
    .max(10_000, '页码太大')
    .default(1),
  /** The top-up the buyer just came back from paying, to say how it went. */
  topupId: z.uuid({ error: '找不到这笔充值' }).optional(),
});
export type BalancePageInput = z.input<typeof balancePageSchema>;
