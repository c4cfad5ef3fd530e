import { useEffect, useState } from 'react';
import { Form, useNavigation } from '@remix-run/react';
import { cx, useT, type MessageKey } from '@cardshop/ui';
import {
  Btn,
  CheckboxField,
  FormMessage,
  LinkBtn,
  MARKDOWN_CLASS,
  Panel,
  SelectField,
  TextAreaField,
  TextField,
} from './ui';

export const PRODUCT_TYPES = ['card_code', 'direct_topup', 'physical_card'] as const;
const TOPUP_KINDS = ['mobile_cn', 'qq', 'email', 'game_id', 'text'] as const;
const MAX_ROWS = 10;

export interface ProductFormResult {
  intent?: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  previewHtml?: string;
}

export interface ProductDefaults {
  type: string;
  categoryId: string;
  name: string;
  descriptionMd: string;
  regionLock: string;
  imageKey: string | null;
  status?: string;
  topupFields: Array<{
    key: string;
    label: string;
    kind: string;
    pattern?: string;
    required: boolean;
  }>;
}

/** Rows of the top-up field editor from a sent-back form, else from the product. */
function initialRows(values: Record<string, string> | undefined, defaults: ProductDefaults) {
  if (values) {
    const rows = [];
    for (let i = 0; i < MAX_ROWS + 5; i++) {
      if (!(`topup.${i}.kind` in values)) continue;
      rows.push({
        key: values[`topup.${i}.key`] ?? '',
        label: values[`topup.${i}.label`] ?? '',
        kind: values[`topup.${i}.kind`] ?? 'text',
        pattern: values[`topup.${i}.pattern`] ?? '',
        required: values[`topup.${i}.required`] === 'on',
      });
    }
    if (rows.length) return rows;
  }
  const rows = defaults.topupFields.map((f) => ({ ...f, pattern: f.pattern ?? '' }));
  return rows.length
    ? rows
    : [{ key: 'account', label: '充值账号', kind: 'mobile_cn', pattern: '', required: true }];
}

/**
 * Create or edit a product: category, type, name, Markdown description with a server-rendered
 * preview, image upload, region lock, and the account fields of a direct top-up.
 */
export function ProductForm({
  mode,
  categories,
  defaults,
  result,
  cancelTo,
}: {
  mode: 'create' | 'edit';
  categories: Array<{ value: string; label: string }>;
  defaults: ProductDefaults;
  result: ProductFormResult | undefined;
  cancelTo: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const values = result?.values;
  const v = (name: string, fallback: string) => values?.[name] ?? fallback;
  const errors = result?.fieldErrors ?? {};
  const [type, setType] = useState(v('type', defaults.type));
  const [rows, setRows] = useState(() => initialRows(values, defaults));
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const imageKey = values ? values.imageKey || null : defaults.imageKey;
  // Before hydration (or without JavaScript) a new product shows the editor whatever its type;
  // the server ignores the rows for other types.
  const showTopup =
    mode === 'edit' ? defaults.type === 'direct_topup' : !hydrated || type === 'direct_topup';

  return (
    <Form method="post" encType="multipart/form-data" className="space-y-6" noValidate>
      <FormMessage error={result?.formError} />
      <Panel title={t('console.product.basics')}>
        <div className="grid gap-4 sm:grid-cols-2">
          {mode === 'create' ? (
            <SelectField
              label={t('console.product.type')}
              name="type"
              value={type}
              onChange={(e) => setType(e.target.value)}
              error={errors.type}
              hint={t(
                `console.product.typeHint.${type as (typeof PRODUCT_TYPES)[number]}` as MessageKey,
              )}
              options={PRODUCT_TYPES.map((p) => ({
                value: p,
                label: t(`console.productType.${p}`),
              }))}
            />
          ) : (
            <div className="space-y-1">
              <p className="text-sm font-medium text-slate-700">{t('console.product.type')}</p>
              <p className="flex h-10 items-center text-sm">
                {t(`console.productType.${defaults.type as (typeof PRODUCT_TYPES)[number]}`)}
                <span className="ml-2 text-xs text-slate-500">
                  {t('console.product.typeFixed')}
                </span>
              </p>
            </div>
          )}
          <SelectField
            label={t('console.product.category')}
            name="categoryId"
            defaultValue={v('categoryId', defaults.categoryId)}
            error={errors.categoryId}
            options={[{ value: '', label: t('console.product.pickCategory') }, ...categories]}
          />
          <div className="sm:col-span-2">
            <TextField
              label={t('console.product.name')}
              name="name"
              required
              maxLength={80}
              defaultValue={v('name', defaults.name)}
              error={errors.name}
            />
          </div>
          <TextField
            label={t('console.product.regionLock')}
            name="regionLock"
            maxLength={80}
            placeholder={t('console.product.regionLockPlaceholder')}
            hint={t('console.product.regionLockHint')}
            defaultValue={v('regionLock', defaults.regionLock)}
            error={errors.regionLock}
          />
          {mode === 'create' ? (
            <SelectField
              label={t('console.product.status')}
              name="status"
              defaultValue={v('status', defaults.status ?? 'active')}
              error={errors.status}
              options={[
                { value: 'active', label: t('console.productStatus.active') },
                { value: 'draft', label: t('console.productStatus.draft') },
              ]}
            />
          ) : null}
        </div>
      </Panel>

      <Panel title={t('console.product.image')}>
        <input type="hidden" name="imageKey" value={imageKey ?? ''} />
        <div className="flex flex-wrap items-start gap-4">
          {imageKey ? (
            <img
              src={`/media/${imageKey}`}
              alt=""
              className="h-24 w-24 rounded-lg object-cover ring-1 ring-slate-200"
            />
          ) : (
            <div className="flex h-24 w-24 items-center justify-center rounded-lg bg-slate-100 text-xs text-slate-400">
              {t('console.product.noImage')}
            </div>
          )}
          <div className="min-w-0 flex-1 space-y-2">
            <input
              type="file"
              name="image"
              accept="image/png,image/jpeg,image/webp,image/gif"
              aria-label={t('console.product.image')}
              className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm"
            />
            <p className="text-xs text-slate-500">{t('console.product.imageHint')}</p>
            {errors.image ? <p className="text-sm text-red-600">{errors.image}</p> : null}
            {imageKey ? (
              <CheckboxField label={t('console.product.removeImage')} name="removeImage" />
            ) : null}
          </div>
        </div>
      </Panel>

      <Panel title={t('console.product.description')}>
        <TextAreaField
          label={t('console.product.descriptionLabel')}
          name="descriptionMd"
          rows={8}
          maxLength={20000}
          hint={t('console.product.descriptionHint')}
          defaultValue={v('descriptionMd', defaults.descriptionMd)}
          error={errors.descriptionMd}
          className="font-mono"
        />
        <div className="mt-2 flex justify-end">
          <Btn
            type="submit"
            name="intent"
            value="preview"
            variant="secondary"
            size="sm"
            disabled={busy}
          >
            {t('console.product.preview')}
          </Btn>
        </div>
        {result?.previewHtml !== undefined ? (
          <div className="mt-3 rounded-lg border border-dashed border-slate-300 p-4">
            <p className="mb-2 text-xs font-medium text-slate-500">
              {t('console.product.previewTitle')}
            </p>
            {result.previewHtml ? (
              <div
                className={MARKDOWN_CLASS}
                // renderDescription escapes raw HTML and allows only safe links.
                dangerouslySetInnerHTML={{ __html: result.previewHtml }}
              />
            ) : (
              <p className="text-sm text-slate-400">{t('console.product.previewEmpty')}</p>
            )}
          </div>
        ) : null}
      </Panel>

      {showTopup ? (
        <Panel title={t('console.product.topupTitle')}>
          <p className="mb-3 text-sm text-slate-500">{t('console.product.topupHint')}</p>
          {errors.topupFields ? (
            <p className="mb-2 text-sm text-red-600">{errors.topupFields}</p>
          ) : null}
          <div className="space-y-3">
            {rows.map((row, i) => (
              <fieldset
                key={i}
                className="grid gap-2 rounded-lg p-3 ring-1 ring-slate-200 sm:grid-cols-[8rem_1fr_9rem_1fr_auto]"
              >
                <legend className="sr-only">{t('console.product.topupRow', { n: i + 1 })}</legend>
                <TopupInput
                  name={`topup.${i}.key`}
                  label={t('console.product.topupKey')}
                  defaultValue={row.key}
                  error={errors[`topup.${i}.key`]}
                  placeholder="phone"
                />
                <TopupInput
                  name={`topup.${i}.label`}
                  label={t('console.product.topupLabel')}
                  defaultValue={row.label}
                  error={errors[`topup.${i}.label`]}
                  placeholder="手机号"
                />
                <label className="block text-xs text-slate-600">
                  {t('console.product.topupKind')}
                  <select
                    name={`topup.${i}.kind`}
                    defaultValue={row.kind}
                    className="mt-1 block h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
                  >
                    {TOPUP_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`console.topupKind.${k}`)}
                      </option>
                    ))}
                  </select>
                  {errors[`topup.${i}.kind`] ? (
                    <span className="mt-1 block text-red-600">{errors[`topup.${i}.kind`]}</span>
                  ) : null}
                </label>
                <TopupInput
                  name={`topup.${i}.pattern`}
                  label={t('console.product.topupPattern')}
                  defaultValue={row.pattern}
                  error={errors[`topup.${i}.pattern`]}
                  placeholder="[0-9]{6,12}"
                  mono
                />
                <label className="flex items-center gap-1.5 self-end pb-2 text-xs text-slate-600">
                  <input
                    type="checkbox"
                    name={`topup.${i}.required`}
                    defaultChecked={row.required}
                    className="accent-brand"
                  />
                  {t('console.product.topupRequired')}
                </label>
                {errors[`topup.${i}`] ? (
                  <p className="text-sm text-red-600 sm:col-span-5">{errors[`topup.${i}`]}</p>
                ) : null}
              </fieldset>
            ))}
          </div>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            {hydrated && rows.length < MAX_ROWS ? (
              <Btn
                type="button"
                variant="secondary"
                size="sm"
                onClick={() =>
                  setRows((r) => [
                    ...r,
                    { key: '', label: '', kind: 'text', pattern: '', required: true },
                  ])
                }
              >
                {t('console.product.topupAdd')}
              </Btn>
            ) : null}
            <p className="text-xs text-slate-500">{t('console.product.topupClear')}</p>
          </div>
        </Panel>
      ) : null}

      <div className="flex gap-2">
        <Btn type="submit" name="intent" value="save" disabled={busy}>
          {mode === 'create' ? t('console.product.create') : t('console.common.save')}
        </Btn>
        <LinkBtn to={cancelTo}>{t('console.common.cancel')}</LinkBtn>
      </div>
    </Form>
  );
}

function TopupInput({
  name,
  label,
  defaultValue,
  error,
  placeholder,
  mono,
}: {
  name: string;
  label: string;
  defaultValue: string;
  error?: string | undefined;
  placeholder?: string;
  mono?: boolean;
}) {
  return (
    <label className="block text-xs text-slate-600">
      {label}
      <input
        name={name}
        defaultValue={defaultValue}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        className={cx(
          'mt-1 block h-9 w-full rounded-md border bg-white px-2 text-sm',
          mono && 'font-mono',
          error ? 'border-red-500' : 'border-slate-300',
        )}
      />
      {error ? <span className="mt-1 block text-red-600">{error}</span> : null}
    </label>
  );
}
