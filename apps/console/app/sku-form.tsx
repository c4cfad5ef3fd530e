import { useState } from 'react';
import { Form, useNavigation } from '@remix-run/react';
import { useT } from '@cardshop/ui';
import { fenToYuanInput } from './money';
import { Btn, FormMessage, LinkBtn, SelectField, TextField } from './ui';

export interface SkuDefaults {
  name: string;
  faceValueFen: number | null;
  wholesalePriceFen: number | null;
  minPerOrder: number;
  maxPerOrder: number;
  codeKind: 'single' | 'reusable';
  reuseLimit: number | null;
  lowStockThreshold: number;
  sortOrder: number;
  status: string;
}

export interface SkuFormResult {
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

/** Create or edit an SKU: prices in yuan, order limits, code kind, low-stock threshold, status. */
export function SkuForm({
  mode,
  productType,
  defaults,
  result,
  cancelTo,
  codeKindLocked,
}: {
  mode: 'create' | 'edit';
  productType: string;
  defaults: SkuDefaults;
  result: SkuFormResult | undefined;
  cancelTo: string;
  codeKindLocked?: boolean;
}) {
  const t = useT();
  const navigation = useNavigation();
  const values = result?.values;
  const errors = result?.fieldErrors ?? {};
  const v = (name: string, fallback: string) => values?.[name] ?? fallback;
  const [codeKind, setCodeKind] = useState(v('codeKind', defaults.codeKind));
  const statuses = mode === 'create' ? ['active', 'inactive'] : ['active', 'inactive', 'delisted'];

  return (
    <Form method="post" className="space-y-4" noValidate>
      <input type="hidden" name="intent" value="save" />
      <FormMessage error={result?.formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <TextField
            label={t('console.sku.nameLabel')}
            name="name"
            required
            maxLength={60}
            placeholder={t('console.sku.namePlaceholder')}
            defaultValue={v('name', defaults.name)}
            error={errors.name}
          />
        </div>
        <TextField
          label={t('console.sku.wholesaleLabel')}
          name="wholesalePrice"
          prefix="¥"
          inputMode="decimal"
          required
          placeholder="9.50"
          hint={t('console.sku.wholesaleHint')}
          defaultValue={v('wholesalePrice', fenToYuanInput(defaults.wholesalePriceFen))}
          error={errors.wholesalePrice}
        />
        <TextField
          label={t('console.sku.faceValueLabel')}
          name="faceValue"
          prefix="¥"
          inputMode="decimal"
          placeholder="10.00"
          hint={t('console.sku.faceValueHint')}
          defaultValue={v('faceValue', fenToYuanInput(defaults.faceValueFen))}
          error={errors.faceValue}
        />
        <TextField
          label={t('console.sku.minLabel')}
          name="minPerOrder"
          inputMode="numeric"
          defaultValue={v('minPerOrder', String(defaults.minPerOrder))}
          error={errors.minPerOrder}
        />
        <TextField
          label={t('console.sku.maxLabel')}
          name="maxPerOrder"
          inputMode="numeric"
          defaultValue={v('maxPerOrder', String(defaults.maxPerOrder))}
          error={errors.maxPerOrder}
        />
        {productType === 'card_code' ? (
          <>
            <SelectField
              label={t('console.sku.codeKind')}
              name="codeKind"
              value={codeKind}
              onChange={(e) => setCodeKind(e.target.value)}
              disabled={codeKindLocked}
              hint={
                codeKindLocked ? t('console.sku.codeKindLocked') : t('console.sku.codeKindHint')
              }
              error={errors.codeKind}
              options={[
                { value: 'single', label: t('console.sku.single') },
                { value: 'reusable', label: t('console.sku.reusable') },
              ]}
            />
            {codeKindLocked ? <input type="hidden" name="codeKind" value={codeKind} /> : null}
            <TextField
              label={t('console.sku.reuseLimit')}
              name="reuseLimit"
              inputMode="numeric"
              // Not disabled for 'single': without JavaScript the kind can change on the same page.
              disabled={codeKindLocked}
              placeholder="5"
              hint={t('console.sku.reuseLimitHint')}
              defaultValue={v('reuseLimit', defaults.reuseLimit ? String(defaults.reuseLimit) : '')}
              error={errors.reuseLimit}
            />
            {codeKindLocked && codeKind === 'reusable' ? (
              <input type="hidden" name="reuseLimit" value={String(defaults.reuseLimit ?? '')} />
            ) : null}
          </>
        ) : null}
        {productType === 'physical_card' && mode === 'create' ? (
          <TextField
            label={t('console.physicalStock.initial')}
            name="initialStock"
            inputMode="numeric"
            placeholder="0"
            hint={t('console.physicalStock.initialHint')}
            defaultValue={v('initialStock', '')}
            error={errors.initialStock}
          />
        ) : null}
        {productType === 'card_code' || productType === 'physical_card' ? (
          <TextField
            label={t('console.sku.lowStock')}
            name="lowStockThreshold"
            inputMode="numeric"
            hint={t('console.sku.lowStockHint')}
            defaultValue={v('lowStockThreshold', String(defaults.lowStockThreshold))}
            error={errors.lowStockThreshold}
          />
        ) : (
          <input
            type="hidden"
            name="lowStockThreshold"
            value={String(defaults.lowStockThreshold)}
          />
        )}
        <TextField
          label={t('console.categories.order')}
          name="sortOrder"
          inputMode="numeric"
          hint={t('console.categories.orderHint')}
          defaultValue={v('sortOrder', String(defaults.sortOrder))}
          error={errors.sortOrder}
        />
        <SelectField
          label={t('console.products.status')}
          name="status"
          defaultValue={v('status', defaults.status)}
          error={errors.status}
          options={statuses.map((s) => ({
            value: s,
            label: t(`console.skuStatus.${s as 'active' | 'inactive' | 'delisted'}`),
          }))}
        />
      </div>
      <div className="flex gap-2">
        <Btn type="submit" disabled={navigation.state === 'submitting'}>
          {mode === 'create' ? t('console.sku.create') : t('console.common.save')}
        </Btn>
        <LinkBtn to={cancelTo}>{t('console.common.cancel')}</LinkBtn>
      </div>
    </Form>
  );
}
