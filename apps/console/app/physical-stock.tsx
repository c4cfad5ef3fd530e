import { Form, useNavigation } from '@remix-run/react';
import { useLang, useT } from '@cardshop/ui';
import { DataTable, formatTime } from './components';
import type { FormResult } from './forms.server';
import { Btn, FormMessage, Panel, SelectField, Stat, TextField } from './ui';

// A physical card's stock on its SKU page: the counts, the form that sets or corrects the quantity
// on hand, and every change made by hand with its reason.

export interface PhysicalStockCounts {
  available: number;
  reserved: number;
  sold: number;
}

export interface AdjustmentRow {
  id: string;
  kind: 'set' | 'add' | 'remove';
  quantity: number;
  onHandBefore: number;
  onHandAfter: number;
  reason: string;
  createdAt: string | Date;
  by: string | null;
}

export function PhysicalStockStats({
  stock,
  lowStockThreshold,
}: {
  stock: PhysicalStockCounts;
  lowStockThreshold: number;
}) {
  const t = useT();
  return (
    <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4">
      <Stat
        label={t('console.physicalStock.onHand')}
        value={stock.available + stock.reserved}
        hint={t('console.physicalStock.onHandHint')}
      />
      <Stat
        label={t('console.stock.available')}
        value={stock.available}
        {...(stock.available <= lowStockThreshold ? { tone: 'warn' as const } : {})}
        hint={t('console.stock.threshold', { n: lowStockThreshold })}
      />
      <Stat
        label={t('console.stock.reserved')}
        value={stock.reserved}
        hint={t('console.physicalStock.reservedHint')}
      />
      <Stat label={t('console.physicalStock.shipped')} value={stock.sold} />
    </div>
  );
}

export function AdjustStockForm({
  stock,
  result,
  resetKey,
}: {
  stock: PhysicalStockCounts;
  result: FormResult | undefined;
  /** Changes after each saved adjustment, so the form starts empty again (no double change). */
  resetKey: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'stock';
  const values = result?.values ?? {};
  const errors = result?.fieldErrors ?? {};
  return (
    <Panel title={t('console.physicalStock.adjustTitle')}>
      <Form key={resetKey} method="post" className="space-y-4" data-testid="adjust-stock">
        <input type="hidden" name="intent" value="stock" />
        <p className="text-sm text-slate-600">
          {t(
            stock.reserved > 0
              ? 'console.physicalStock.explain'
              : 'console.physicalStock.explainNone',
            { onHand: stock.available + stock.reserved, reserved: stock.reserved },
          )}
        </p>
        <FormMessage error={result?.formError} />
        <div className="grid gap-4 sm:grid-cols-[10rem_10rem_minmax(0,1fr)]">
          <SelectField
            label={t('console.physicalStock.mode')}
            name="mode"
            defaultValue={values.mode ?? 'add'}
            error={errors.mode}
            options={(['add', 'remove', 'set'] as const).map((mode) => ({
              value: mode,
              label: t(`console.physicalStock.mode.${mode}`),
            }))}
          />
          <TextField
            label={t('console.physicalStock.quantity')}
            name="quantity"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="off"
            required
            defaultValue={values.quantity ?? ''}
            error={errors.quantity}
          />
          <TextField
            label={t('console.physicalStock.reason')}
            name="reason"
            maxLength={200}
            required
            placeholder={t('console.physicalStock.reasonPlaceholder')}
            defaultValue={values.reason ?? ''}
            error={errors.reason}
          />
        </div>
        <Btn disabled={busy}>{t('console.physicalStock.submit')}</Btn>
      </Form>
    </Panel>
  );
}

export function AdjustmentTable({ rows }: { rows: AdjustmentRow[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <div>
      <h2 className="mb-2 text-base font-semibold">{t('console.physicalStock.history')}</h2>
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          {
            header: t('console.physicalStock.time'),
            cell: (r) => formatTime(r.createdAt, lang),
          },
          {
            header: t('console.physicalStock.change'),
            cell: (r) => t(`console.physicalStock.change.${r.kind}`, { n: r.quantity }),
          },
          {
            header: t('console.physicalStock.onHand'),
            cell: (r) => (
              <span className="tabular-nums">
                {r.onHandBefore} → {r.onHandAfter}
              </span>
            ),
          },
          {
            header: t('console.physicalStock.reason'),
            cell: (r) => <span className="break-all">{r.reason}</span>,
          },
          {
            header: t('console.physicalStock.by'),
            cell: (r) => r.by ?? t('console.physicalStock.bySystem'),
          },
        ]}
      />
    </div>
  );
}
