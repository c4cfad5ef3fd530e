import { formatPrice, formatYuan } from '@cardshop/ui';
// Money in the console: people type yuan with up to two decimals, the domain works in integer fen.
// Parsing is strict (no floats, no exponents, no signs) so "1e3", "-5" or "12.345" never become a price.

/** The largest amount a form accepts: 1,000,000 yuan (the catalog's MAX_PRICE_FEN). */
export const MAX_FORM_FEN = 100_000_000;

const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

export type ParsedAmount = { ok: true; value: number } | { ok: false; error: string };

/**
 * "12.5" -> 1250 fen. Accepts an optional leading ¥ and surrounding spaces; refuses empty input,
 * negatives, more than two decimals, thousands separators, exponents and anything else.
 */
export function parseYuanToFen(
  input: unknown,
  label: string,
  options: { allowZero?: boolean; max?: number } = {},
): ParsedAmount {
  const max = options.max ?? MAX_FORM_FEN;
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, error: `请填写${label}` };
  }
  const text = input.trim().replace(/^[¥￥]\s*/, '');
  if (/^[-−－]/.test(text)) return { ok: false, error: `${label}不能为负数` };
  if (/^\d+\.\d{3,}$/.test(text)) {
    return { ok: false, error: `${label}最多保留两位小数（精确到分）` };
  }
  const match = YUAN.exec(text);
  if (!match) return { ok: false, error: `${label}应为金额，例如 12.50` };
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (fen === 0 && !options.allowZero) return { ok: false, error: `${label}必须大于 0` };
  if (fen > max) return { ok: false, error: `${label}不能超过 ${formatYuan(max)} 元` };
  return { ok: true, value: fen };
}

/** Like parseYuanToFen, but an empty field means "not set" (null). */
export function parseOptionalYuanToFen(input: unknown, label: string): ParsedAmount | null {
  if (input === null || input === undefined || (typeof input === 'string' && input.trim() === ''))
    return null;
  return parseYuanToFen(input, label);
}

const PERCENT = /^(\d{1,4})(?:\.(\d{1,2}))?$/;

/** A markup typed as a percentage ("15" or "12.5") in basis points (1500, 1250); 0–1000 %. */
export function parsePercentToBps(input: unknown, label = '加价比例'): ParsedAmount {
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, error: `请填写${label}` };
  }
  const text = input.trim().replace(/\s*[%％]$/, '');
  if (/^[-−－]/.test(text)) return { ok: false, error: `${label}不能为负数` };
  if (/^\d+\.\d{3,}$/.test(text)) return { ok: false, error: `${label}最多保留两位小数` };
  const match = PERCENT.exec(text);
  if (!match) return { ok: false, error: `${label}应为百分比数字，例如 15 或 12.5` };
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (bps > 100_000) return { ok: false, error: `${label}不能超过 1000%` };
  return { ok: true, value: bps };
}

/** A whole number typed into a form; refuses decimals, signs where not allowed, and garbage. */
export function parseIntField(
  input: unknown,
  label: string,
  options: { min?: number; max?: number; allowNegative?: boolean } = {},
): ParsedAmount {
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, error: `请填写${label}` };
  }
  const text = input.trim();
  const shape = options.allowNegative ? /^-?\d{1,9}$/ : /^\d{1,9}$/;
  if (!shape.test(text)) {
    return {
      ok: false,
      error: /^-/.test(text) ? `${label}不能为负数` : `${label}应为整数`,
    };
  }
  const value = Number(text);
  if (options.min !== undefined && value < options.min) {
    return { ok: false, error: `${label}不能小于 ${options.min}` };
  }
  if (options.max !== undefined && value > options.max) {
    return { ok: false, error: `${label}不能大于 ${options.max}` };
  }
  return { ok: true, value };
}

/** 1250 -> "¥12.50"; negative amounts as "-¥3.00". */
export function formatFen(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : formatPrice(fen);
}

/** 1250 -> "12.50", for a form field's default value. */
export function fenToYuanInput(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '' : formatYuan(fen);
}

/** 1250 bps -> "12.5%". */
export function formatBps(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '—';
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** 1250 -> "12.5", for a form field's default value. */
export function bpsToPercentInput(bps: number | null | undefined): string {
  return bps === null || bps === undefined ? '' : (bps / 100).toFixed(2).replace(/\.?0+$/, '');
}

/** wholesale × (1 + markup), rounded up to the fen: the same rule the listings domain prices by. */
export function markupPriceFen(wholesaleFen: number, markupBps: number): number {
  return Math.floor((wholesaleFen * (10_000 + markupBps) + 9_999) / 10_000);
}
