import type { TopupField } from '@cardshop/db';
import { z } from 'zod';

export const TOPUP_FIELD_KINDS = ['mobile_cn', 'qq', 'email', 'game_id', 'text'] as const;
export const MAX_TOPUP_FIELDS = 10;
export const MAX_TOPUP_PATTERN_LENGTH = 200;
/** Longest value a buyer may type into any account field; also bounds the work a pattern does. */
export const MAX_TOPUP_VALUE_LENGTH = 100;

const MOBILE_CN = /^1[3-9]\d{9}$/;
const QQ = /^[1-9]\d{4,10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// A game id without a pattern of its own: letters, digits and the usual separators, no spaces.
const GAME_ID = /^[\p{L}\p{N}_\-.:#@|]{1,64}$/u;
// A group that repeats something and is itself repeated, e.g. (a+)+ or (\d*)*: the shape behind
// catastrophic backtracking. Refused rather than risk a buyer's input stalling the server.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;

/** Why a supplier's pattern cannot be used, or null when it can. */
export function checkTopupPattern(pattern: string): string | null {
  if (pattern.length === 0) return '校验规则不能为空';
  if (pattern.length > MAX_TOPUP_PATTERN_LENGTH)
    return `校验规则最多 ${MAX_TOPUP_PATTERN_LENGTH} 个字符`;
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return '校验规则不是有效的正则表达式';
  }
  if (NESTED_QUANTIFIER.test(pattern)) {
    return '校验规则含有嵌套重复（例如 (a+)+），可能导致校验过慢，请简化';
  }
  return null;
}

export const topupFieldSchema = z
  .object({
    key: z
      .string({ error: '请填写字段标识' })
      .trim()
      .regex(
        /^[a-z][a-z0-9_]{0,31}$/,
        '字段标识只能使用小写字母、数字和下划线，以字母开头，最多 32 个字符',
      ),
    label: z
      .string({ error: '请填写字段名称' })
      .trim()
      .min(1, '请填写字段名称')
      .max(20, '字段名称最多 20 个字'),
    kind: z.enum(TOPUP_FIELD_KINDS, {
      error: '字段类型只能是手机号、QQ 号、邮箱、游戏 ID 或文本',
    }),
    pattern: z
      .string({ error: '校验规则应为文本' })
      .optional()
      .transform((p) => (p === undefined || p.trim() === '' ? undefined : p)),
    required: z.boolean({ error: '请选择字段是否必填' }).default(true),
  })
  .superRefine((field, ctx) => {
    if (field.pattern === undefined) return;
    if (field.kind !== 'game_id' && field.kind !== 'text') {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `字段“${field.label}”的类型已有固定格式，只有游戏 ID 和文本字段可以自定义校验规则`,
      });
      return;
    }
    const problem = checkTopupPattern(field.pattern);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `字段“${field.label}”：${problem}`,
      });
  });

export const topupFieldsSchema = z
  .array(topupFieldSchema, { error: '充值账号字段格式不正确' })
  .max(MAX_TOPUP_FIELDS, `充值账号字段最多 ${MAX_TOPUP_FIELDS} 个`)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    for (const [i, field] of fields.entries()) {
      if (seen.has(field.key)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'key'],
          message: `字段标识“${field.key}”重复了，每个字段的标识必须不同`,
        });
      }
      seen.add(field.key);
    }
  });

/** The stored form: no undefined members, so the JSON is stable. */
export function normalizeTopupFields(fields: z.output<typeof topupFieldsSchema>): TopupField[] {
  return fields.map((f) => ({
    key: f.key,
    label: f.label,
    kind: f.kind,
    ...(f.pattern !== undefined ? { pattern: f.pattern } : {}),
    required: f.required,
  }));
}

export type TopupAccountResult =
  | { ok: true; values: Record<string, string> }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

function clean(field: TopupField, raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
  const trimmed = text.trim();
  // People paste phone numbers with spaces or dashes: 138 0013 8000, 138-0013-8000.
  return field.kind === 'mobile_cn' ? trimmed.replace(/[\s-]/g, '') : trimmed;
}

function fieldError(field: TopupField, value: string): string | null {
  if (value.length > MAX_TOPUP_VALUE_LENGTH)
    return `${field.label}最多 ${MAX_TOPUP_VALUE_LENGTH} 个字符`;
  switch (field.kind) {
    case 'mobile_cn':
      return MOBILE_CN.test(value) ? null : `${field.label}应为 11 位中国大陆手机号`;
    case 'qq':
      return QQ.test(value) ? null : `${field.label}应为 5–11 位数字，且不以 0 开头`;
    case 'email':
      return value.length <= 254 && EMAIL.test(value) ? null : `${field.label}不是有效的邮箱地址`;
    case 'game_id':
    case 'text': {
      if (/\p{Cc}/u.test(value)) return `${field.label}含有不能使用的字符`;
      if (field.pattern !== undefined) {
        let rule: RegExp;
        try {
          rule = new RegExp(`^(?:${field.pattern})$`, 'u');
        } catch {
          return `${field.label}的校验规则有误，请联系商家`;
        }
        return rule.test(value) ? null : `${field.label}格式不正确`;
      }
      if (field.kind === 'game_id' && !GAME_ID.test(value)) {
        return `${field.label}格式不正确：只能包含文字、数字和 _ - . : # @ |，不能有空格，最多 64 个字符`;
      }
      return null;
    }
  }
}

/**
 * Checks the account a direct_topup buyer typed against the product's fields. Values come back
 * trimmed (phone numbers without spaces or dashes); keys the product does not define are dropped.
 * Errors are per field key, in Chinese, ready to show next to the input.
 */
export function validateTopupAccount(
  fields: readonly TopupField[],
  values: Record<string, unknown>,
): TopupAccountResult {
  const cleaned: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = clean(field, values[field.key]);
    if (value === '') {
      if (field.required) errors[field.key] = `请填写${field.label}`;
      continue;
    }
    cleaned[field.key] = value;
    const error = fieldError(field, value);
    if (error) errors[field.key] = error;
  }
  return Object.keys(errors).length === 0
    ? { ok: true, values: cleaned }
    : { ok: false, errors, values: cleaned };
}
