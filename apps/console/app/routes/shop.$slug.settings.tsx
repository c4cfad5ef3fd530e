import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getShopHome, setStockDisplay, stockView, type StockView } from '@cardshop/domain';
import { cx, useT } from '@cardshop/ui';
import { requireShopArea } from '../areas.server';
import { PageHeader } from '../components';
import { attempt, canEdit, readOnlyRefusal, text, type FormResult } from '../forms.server';
import { inShop } from '../scopes.server';
import { Btn, FormMessage, Panel, ReadOnlyNote } from '../ui';

const MODES = ['exact', 'range', 'status'] as const;
type Mode = (typeof MODES)[number];
/** Stock levels to show each mode with: plenty, some, few, none. */
const SAMPLES = [250, 42, 3, 0];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop } = await requireShopArea(request, context, params.slug);
  // The shop's home read carries its stock display mode (no separate settings read exists).
  const home = await inShop(context, shop, (trx) =>
    getShopHome(trx, { tenantId: shop.tenantId, page: 1 }),
  );
  const url = new URL(request.url);
  return {
    mode: home.stockDisplay as Mode,
    canEdit: canEdit(shop.role),
    notice: url.searchParams.get('notice'),
    examples: Object.fromEntries(
      MODES.map((m) => [m, SAMPLES.map((n) => stockView(m, n))]),
    ) as Record<Mode, StockView[]>,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop } = await requireShopArea(request, context, params.slug);
  const form = await request.formData();
  if (!canEdit(shop.role)) return readOnlyRefusal('stockDisplay');
  const mode = text(form, 'stockDisplay') as Mode;
  const done = await attempt(() => inShop(context, shop, (trx) => setStockDisplay(trx, mode)), {
    intent: 'stockDisplay',
  });
  if (!done.ok) return done.response;
  return redirect(`/shop/${shop.slug}/settings?notice=saved`);
}

function StockLabel({ view }: { view: StockView }) {
  const t = useT();
  const tone =
    view.level === 'out'
      ? 'bg-slate-100 text-slate-500'
      : view.level === 'few'
        ? 'bg-amber-50 text-amber-800'
        : 'bg-emerald-50 text-emerald-700';
  const label =
    view.level === 'out'
      ? t('console.settings.stock.out')
      : view.count !== null
        ? view.mode === 'range'
          ? t('console.settings.stock.onlyLeft', { count: view.count })
          : t('console.settings.stock.count', { count: view.count })
        : view.mode === 'range'
          ? view.level === 'plenty'
            ? t('console.settings.stock.rangePlenty')
            : t('console.settings.stock.rangeSome')
          : view.level === 'few'
            ? t('console.settings.stock.low')
            : t('console.settings.stock.inStock');
  return <span className={cx('rounded-md px-2 py-0.5 text-xs', tone)}>{label}</span>;
}

export default function Settings() {
  const { mode, canEdit, notice, examples } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const navigation = useNavigation();
  const t = useT();
  return (
    <>
      <PageHeader title={t('console.settings.title')} />
      <Panel title={t('console.settings.stockDisplay')}>
        <p className="mb-4 text-sm text-slate-500">{t('console.settings.stockDisplayHint')}</p>
        {notice === 'saved' ? (
          <div className="mb-4">
            <FormMessage notice={t('console.settings.saved')} />
          </div>
        ) : null}
        <FormMessage error={result?.formError} />
        {!canEdit ? (
          <div className="mb-4">
            <ReadOnlyNote />
          </div>
        ) : null}
        <Form method="post" className="space-y-3">
          <fieldset className="space-y-3" disabled={!canEdit}>
            <legend className="sr-only">{t('console.settings.stockDisplay')}</legend>
            {MODES.map((m) => (
              <label
                key={m}
                className="has-[:checked]:ring-brand flex cursor-pointer gap-3 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50/40"
              >
                <input
                  type="radio"
                  name="stockDisplay"
                  value={m}
                  defaultChecked={mode === m}
                  className="accent-brand mt-1"
                />
                <span className="min-w-0">
                  <span className="block font-medium">{t(`console.settings.mode.${m}`)}</span>
                  <span className="block text-sm text-slate-500">
                    {t(`console.settings.mode.${m}.hint`)}
                  </span>
                  <span className="mt-2 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                    {t('console.settings.example')}
                    {examples[m].map((view, i) => (
                      <StockLabel key={i} view={view} />
                    ))}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {canEdit ? (
            <Btn type="submit" disabled={navigation.state === 'submitting'}>
              {t('console.common.save')}
            </Btn>
          ) : null}
        </Form>
      </Panel>
    </>
  );
}
