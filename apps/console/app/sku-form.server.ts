import { collectParsed, formStrings, text } from './forms.server';
import { readSortOrder } from './listing-form.server';
import { parseIntField, parseOptionalYuanToFen, parseYuanToFen } from './money';

/**
 * An SKU form as the domain's createSku / updateSku take it: prices typed in yuan become fen,
 * counts become integers; anything unreadable comes back as a message on its field.
 */
export function readSkuForm(form: FormData, productType: string) {
  const codeKind =
    productType === 'card_code' && text(form, 'codeKind') === 'reusable' ? 'reusable' : 'single';
  const { values, errors } = collectParsed({
    faceValueFen: parseOptionalYuanToFen(text(form, 'faceValue'), '面值'),
    wholesalePriceFen: parseYuanToFen(text(form, 'wholesalePrice'), '批发价'),
    minPerOrder: parseIntField(text(form, 'minPerOrder'), '每单最少购买数量', {
      min: 1,
      max: 1000,
    }),
    maxPerOrder: parseIntField(text(form, 'maxPerOrder'), '每单最多购买数量', {
      min: 1,
      max: 1000,
    }),
    reuseLimit:
      codeKind === 'reusable'
        ? parseIntField(text(form, 'reuseLimit'), '共享账号可售次数', { min: 2, max: 10_000 })
        : null,
    lowStockThreshold: parseIntField(text(form, 'lowStockThreshold'), '库存预警数量', {
      min: 0,
      max: 1_000_000,
    }),
    sortOrder: readSortOrder(form),
  });
  const fieldErrors: Record<string, string> = {};
  // Form fields are named in yuan: faceValue, wholesalePrice.
  for (const [key, message] of Object.entries(errors)) {
    fieldErrors[key.endsWith('Fen') ? key.slice(0, -3) : key] = message;
  }
  return {
    ok: Object.keys(fieldErrors).length === 0,
    fieldErrors,
    values: formStrings(form),
    input: {
      name: text(form, 'name'),
      faceValueFen: values.faceValueFen ?? null,
      wholesalePriceFen: values.wholesalePriceFen ?? 0,
      minPerOrder: values.minPerOrder ?? 1,
      maxPerOrder: values.maxPerOrder ?? 1,
      codeKind: codeKind as 'single' | 'reusable',
      reuseLimit: values.reuseLimit ?? null,
      lowStockThreshold: values.lowStockThreshold ?? 0,
      sortOrder: values.sortOrder ?? 0,
      status: text(form, 'status'),
    },
  };
}
