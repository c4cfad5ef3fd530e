import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  getCheckoutSettings,
  getShopHome,
  setStockDisplay,
  stockView,
  updateCheckoutSettings,
  type StockView,
} from '@cardshop/domain';
import { cx, useT } from '@cardshop/ui';
import { PageHeader } from '../components';
import { attempt, text, type FormResult } from '../forms.server';
import { requireShop } from '../permissions.server';
import { inShop } from '../scopes.server';
import { Btn, FormMessage, Panel, ReadOnlyNote, TextField } from '../ui';

const MODES = ['exact', 'range', 'status'] as const;
type Mode = (typeof MODES)[number];
/** Stock levels to show each mode with: plenty, some, few, none. */
const SAMPLES = [250, 42, 3, 0];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, can } = await requireShop(request, context, params.slug, 'settings.view');
  // The shop's home read carries its stock display mode (no separate settings read exists).
  const home = await inShop(context, shop, (trx) =>
    getShopHome(trx, { tenantId: shop.tenantId, page: 1 }),
  );
  const checkout = await inShop(context, shop, (trx) =>
    getCheckoutSettings(trx, { tenantId: shop.tenantId }),
  );
  const url = new URL(request.url);
  return {
    checkout,
    mode: home.stockDisplay as Mode,
    canEdit: can('settings.manage'),
    notice: url.searchParams.get('notice'),
    examples: Object.fromEntries(
      MODES.map((m) => [m, SAMPLES.map((n) => stockView(m, n))]),
    ) as Record<Mode, StockView[]>,
  };
}

const CHECKOUT_FIELDS = [
  'orderExpiryMinutes',
  'openOrdersPerIp',
  'openOrdersPerContact',
  'openOrdersPerCustomer',
] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop, user } = await requireShop(request, context, params.slug, 'settings.manage');
  const form = await request.formData();
  if (text(form, 'intent') === 'checkout') {
    const settings = Object.fromEntries(CHECKOUT_FIELDS.map((k) => [k, text(form, k)]));
    const saved = await attempt(
      () =>
        inShop(context, shop, (trx) =>
          updateCheckoutSettings(trx, {
            tenantId: shop.tenantId,
            actor: { type: 'staff', id: user.id, ip: context.ip },
            settings: settings as Record<(typeof CHECKOUT_FIELDS)[number], string>,
          }),
        ),
      { intent: 'checkout', values: settings },
    );
    if (!saved.ok) return saved.response;
    return redirect(`/shop/${shop.slug}/settings?notice=checkout-saved`);
  }
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
  const { mode, canEdit, notice, examples, checkout } = useLoaderData<typeof loader>();
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
        <FormMessage error={result?.intent === 'checkout' ? undefined : result?.formError} />
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
      <CheckoutSettingsPanel
        settings={checkout}
        canEdit={canEdit}
        saved={notice === 'checkout-saved'}
        result={result?.intent === 'checkout' ? result : undefined}
        busy={navigation.state === 'submitting'}
      />
    </>
  );
}

/** How long unpaid orders hold their goods, and how many unpaid orders one buyer may keep. */
function CheckoutSettingsPanel({
  settings,
  canEdit,
  saved,
  result,
  busy,
}: {
  settings: Record<(typeof CHECKOUT_FIELDS)[number], number>;
  canEdit: boolean;
  saved: boolean;
  result: FormResult | undefined;
  busy: boolean;
}) {
  const t = useT();
  const value = (key: (typeof CHECKOUT_FIELDS)[number]) =>
    result?.values?.[key] ?? String(settings[key]);
  return (
    <Panel title={t('console.settings.checkout')} className="mt-4">
      <p className="mb-4 text-sm text-slate-500">{t('console.settings.checkoutHint')}</p>
      {saved ? (
        <div className="mb-4">
          <FormMessage notice={t('console.settings.saved')} />
        </div>
      ) : null}
      {result?.formError ? (
        <div className="mb-4">
          <FormMessage error={result.formError} />
        </div>
      ) : null}
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="checkout" />
        <fieldset className="grid gap-4 sm:grid-cols-2" disabled={!canEdit}>
          <legend className="sr-only">{t('console.settings.checkout')}</legend>
          <TextField
            name="orderExpiryMinutes"
            type="number"
            inputMode="numeric"
            min={5}
            max={1440}
            label={t('console.settings.orderExpiry')}
            hint={t('console.settings.orderExpiryHint')}
            defaultValue={value('orderExpiryMinutes')}
            error={result?.fieldErrors?.orderExpiryMinutes}
          />
          <TextField
            name="openOrdersPerCustomer"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            label={t('console.settings.perCustomer')}
            hint={t('console.settings.perCustomerHint')}
            defaultValue={value('openOrdersPerCustomer')}
            error={result?.fieldErrors?.openOrdersPerCustomer}
          />
          <TextField
            name="openOrdersPerContact"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            label={t('console.settings.perContact')}
            hint={t('console.settings.perContactHint')}
            defaultValue={value('openOrdersPerContact')}
            error={result?.fieldErrors?.openOrdersPerContact}
          />
          <TextField
            name="openOrdersPerIp"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            label={t('console.settings.perIp')}
            hint={t('console.settings.perIpHint')}
            defaultValue={value('openOrdersPerIp')}
            error={result?.fieldErrors?.openOrdersPerIp}
          />
        </fieldset>
        {canEdit ? (
          <Btn type="submit" disabled={busy}>
            {t('console.common.save')}
          </Btn>
        ) : null}
      </Form>
    </Panel>
  );
}
