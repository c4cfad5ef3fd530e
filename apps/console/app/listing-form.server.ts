import { optionalText, text } from './forms.server';
import { parseIntField, parsePercentToBps, parseYuanToFen } from './money';

export type PricingInput =
  { mode: 'fixed'; retailPriceFen: number } | { mode: 'markup'; markupBps: number };

/** The pricing half of a listing form: fixed price in yuan, or a markup in percent. */
export function readPricing(
  form: FormData,
): { ok: true; pricing: PricingInput } | { ok: false; fieldErrors: Record<string, string> } {
  const mode = text(form, 'mode');
  if (mode === 'fixed') {
    const price = parseYuanToFen(text(form, 'retailPrice'), '零售价');
    return price.ok
      ? { ok: true, pricing: { mode: 'fixed', retailPriceFen: price.value } }
      : { ok: false, fieldErrors: { retailPrice: price.error } };
  }
  if (mode === 'markup') {
    const markup = parsePercentToBps(text(form, 'markupPercent'), '加价比例');
    return markup.ok
      ? { ok: true, pricing: { mode: 'markup', markupBps: markup.value } }
      : { ok: false, fieldErrors: { markupPercent: markup.error } };
  }
  return { ok: false, fieldErrors: { pricing: '请选择定价方式：固定售价或按批发价加价' } };
}

/** A shop category select: '' is "no category". */
export function readShopCategory(form: FormData): string | null {
  return optionalText(form, 'shopCategoryId');
}

/** A sort-order field: whole numbers, negatives allowed. */
export function readSortOrder(form: FormData, label = '排序') {
  return parseIntField(text(form, 'sortOrder') || '0', label, {
    allowNegative: true,
    min: -100_000,
    max: 100_000,
  });
}
