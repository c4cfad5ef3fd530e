import { z } from 'zod';

/** The Luhn check (ISO/IEC 7812) every UnionPay, Visa and Mastercard number passes. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const PHONE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// A person's or company's name as the bank or Alipay has it: Chinese, Latin letters, the middle
// dot of transliterated names, spaces, brackets of company names.
const NAME = /^[\p{Script=Han}A-Za-z·•.()（） ]+$/u;

const personName = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(2, `请填写${what}（至少 2 个字）`)
    .max(40, `${what}最多 40 个字`)
    .regex(NAME, `${what}只能包含汉字、英文字母、空格和“·”`);

export const alipayAccountSchema = z.object({
  kind: z.literal('alipay'),
  account: z
    .string({ error: '请填写支付宝账号' })
    .trim()
    .min(1, '请填写支付宝账号（手机号或邮箱）')
    .max(100, '支付宝账号最多 100 个字符')
    .transform((v) => (v.includes('@') ? v.toLowerCase() : v.replace(/[\s-]/g, '')))
    .refine((v) => PHONE.test(v) || EMAIL.test(v), '支付宝账号应为 11 位手机号或邮箱地址'),
  realName: personName('支付宝实名认证的姓名'),
});

export const bankCardSchema = z.object({
  kind: z.literal('bank_card'),
  bankName: z
    .string({ error: '请填写开户银行' })
    .trim()
    .min(2, '请填写开户银行，例如“招商银行”')
    .max(40, '开户银行最多 40 个字'),
  branch: z
    .string()
    .trim()
    .max(60, '开户支行最多 60 个字')
    .optional()
    .transform((v) => (v ? v : undefined)),
  holderName: personName('持卡人姓名'),
  cardNumber: z
    .string({ error: '请填写银行卡号' })
    .transform((v) => v.replace(/[\s-]/g, ''))
    .refine((v) => v.length > 0, '请填写银行卡号')
    .refine((v) => /^\d+$/.test(v), '银行卡号只能是数字')
    .refine((v) => v.length >= 12 && v.length <= 19, '银行卡号应为 12 到 19 位数字')
    .refine(passesLuhn, '银行卡号校验不通过，请逐位核对（可能输错或漏了一位）'),
});

/** The payout account a shop or supplier binds: an Alipay account or a bank card. */
export const payoutAccountSchema = z.discriminatedUnion(
  'kind',
  [alipayAccountSchema, bankCardSchema],
  {
    error: '请选择收款方式：支付宝或银行卡',
  },
);
export type PayoutAccountInput = z.input<typeof payoutAccountSchema>;
export type PayoutAccountDetails = z.output<typeof payoutAccountSchema>;

/** A page of a statement of account (20 lines a page). */
export const ledgerPageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);
