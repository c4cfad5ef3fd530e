import type { AppLoadContext } from '@remix-run/node';
import { isDomainError, MAX_TOPUP_FIELDS, saveProductImage } from '@cardshop/domain';
import { checkbox, formStrings, optionalText, text } from './forms.server';
import { fileStorage } from './scopes.server';

/** How many topup rows a form may send (blank ones are ignored). */
export const TOPUP_ROWS_MAX = MAX_TOPUP_FIELDS + 5;

export interface TopupRowInput {
  key: string;
  label: string;
  kind: string;
  pattern?: string;
  required: boolean;
}

/**
 * The account-field rows of a direct_topup form (`topup.<n>.key` ...). Blank rows are dropped;
 * `rowOf` maps each kept row back to its row in the form, so errors land on the right line.
 */
export function readTopupRows(form: FormData): { rows: TopupRowInput[]; rowOf: number[] } {
  const rows: TopupRowInput[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < TOPUP_ROWS_MAX; i++) {
    const key = text(form, `topup.${i}.key`);
    const label = text(form, `topup.${i}.label`);
    const pattern = text(form, `topup.${i}.pattern`);
    if (!key && !label && !pattern) continue;
    rows.push({
      key,
      label,
      kind: text(form, `topup.${i}.kind`) || 'text',
      ...(pattern ? { pattern } : {}),
      required: checkbox(form, `topup.${i}.required`),
    });
    rowOf.push(i);
  }
  return { rows, rowOf };
}

/** Field errors of `topupFields.<kept index>.<field>` moved to the form's `topup.<row>.<field>`. */
export function remapTopupErrors(
  fieldErrors: Record<string, string>,
  rowOf: number[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fieldErrors)) {
    const match = /^topupFields\.(\d+)(?:\.(\w+))?$/.exec(key);
    if (match) {
      const row = rowOf[Number(match[1])] ?? Number(match[1]);
      out[match[2] ? `topup.${row}.${match[2]}` : `topup.${row}`] = message;
    } else {
      out[key] = message;
    }
  }
  return out;
}

/**
 * The image part of a product form: a new upload is stored at once (so a form sent back with
 * errors keeps it), otherwise the image the form already had, unless "remove" is ticked.
 */
export async function resolveProductImage(
  context: AppLoadContext,
  form: FormData,
  oversizeImage: number | null,
): Promise<{ imageKey: string | null; error?: string }> {
  const kept = checkbox(form, 'removeImage') ? null : optionalText(form, 'imageKey');
  if (oversizeImage !== null) {
    return {
      imageKey: kept,
      error: `图片不能超过 2 MB，这张有 ${(oversizeImage / (1024 * 1024)).toFixed(1)} MB，请压缩后再上传`,
    };
  }
  const file = form.get('image');
  if (!(file instanceof File) || file.size === 0) return { imageKey: kept };
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { imageKey: await saveProductImage(fileStorage(context), bytes, file.type) };
  } catch (error) {
    if (!isDomainError(error) || error.status >= 500) throw error;
    return { imageKey: kept, error: error.userMessage };
  }
}

/** The product fields shared by create and edit, as the domain's inputs take them. */
export function productFields(form: FormData, type: string) {
  const topup = type === 'direct_topup' ? readTopupRows(form) : { rows: [], rowOf: [] };
  return {
    input: {
      categoryId: text(form, 'categoryId'),
      name: text(form, 'name'),
      descriptionMd: (form.get('descriptionMd') as string | null) ?? '',
      regionLock: optionalText(form, 'regionLock'),
      topupFields: topup.rows,
    },
    rowOf: topup.rowOf,
    values: formStrings(form),
  };
}
