import { useEffect, useState } from 'react';
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
} from '@remix-run/react';
import {
  getCustomerBalance,
  parseTopupAmount,
  startTopup,
  withTenant,
  type CustomerBalance,
  type TopupView,
} from '@cardshop/domain';
import { Alert, cx, formatYuan, translate, useLang, useT, type MessageKey } from '@cardshop/ui';
import { Pager } from '../components/pager';
import { formFailure, requireCustomer, text, type FormFailure } from '../customer.server';
import { formatPrice } from '../lib/format';
import { rootDataOf, shopMeta } from '../lib/meta';
import { requireShop, shopRead } from '../lib/shop.server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function topupJson(topup: TopupView) {
  return {
    ...topup,
    createdAt: topup.createdAt.toISOString(),
    expiresAt: topup.expiresAt.toISOString(),
    paidAt: topup.paidAt?.toISOString() ?? null,
  };
}

function pageJson(balance: CustomerBalance) {
  return {
    balanceFen: balance.balanceFen,
    history: {
      ...balance.history,
      items: balance.history.items.map((item) => ({ ...item, at: item.at.toISOString() })),
    },
    topup: balance.topup ? topupJson(balance.topup) : null,
    openTopups: balance.openTopups.map(topupJson),
    providers: balance.providers,
    limits: { ...balance.limits, presetsFen: [...balance.limits.presetsFen] },
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer } = await requireCustomer(request, context);
  const url = new URL(request.url);
  const page = url.searchParams.get('page') ?? '';
  const topup = url.searchParams.get('topup') ?? '';
  const balance = await shopRead(context, (trx, tenantId) =>
    getCustomerBalance(trx, context.runtime.payments, {
      tenantId,
      customerId: customer.id,
      // A page number or top-up id from a hand-edited address is ignored, not an error page.
      page: /^[1-9]\d{0,3}$/.test(page) ? Number(page) : 1,
      ...(UUID.test(topup) ? { topupId: topup } : {}),
    }),
  );
  return { ...pageJson(balance), payFailed: url.searchParams.get('pay') === 'failed' };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.balance.title'));

type ActionResult = FormFailure & { values: { preset: string; custom: string; provider: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const { customer } = await requireCustomer(request, context);
  const shop = requireShop(context);
  const form = await request.formData();
  const values = {
    preset: text(form, 'preset'),
    custom: text(form, 'custom').trim(),
    provider: text(form, 'provider'),
  };
  // A typed amount wins: without JavaScript the preset stays checked while the buyer types one.
  const typed = values.custom !== '' || values.preset === 'custom' ? values.custom : values.preset;
  try {
    const amountFen = parseTopupAmount(typed);
    const started = await withTenant(context.runtime.db, shop.id, (trx) =>
      startTopup(trx, context.runtime.payments, {
        tenantId: shop.id,
        customerId: customer.id,
        amountFen,
        provider: values.provider,
      }),
    );
    context.runtime.kickOutbox();
    return redirect(started.payUrl);
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>({ ...body, values }, status);
  }
}

function when(iso: string, lang: string, style: 'full' | 'time' = 'full') {
  return new Date(iso).toLocaleString(lang, {
    timeZone: 'Asia/Shanghai',
    ...(style === 'full' ? { dateStyle: 'short', timeStyle: 'short' } : { timeStyle: 'short' }),
  });
}

/** "12.50" when the typed text is a plain amount, else null. */
function typedFen(textValue: string): number | null {
  const match = /^\s*[¥￥]?\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(textValue);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type TopupJson = NonNullable<LoaderData['topup']>;

const STATUS: Record<
  TopupJson['status'],
  { title: MessageKey; body: MessageKey; tone: string; icon: string }
> = {
  succeeded: {
    title: 'account.balance.status.succeeded.title',
    body: 'account.balance.status.succeeded.body',
    tone: 'border-emerald-200 bg-emerald-50 text-emerald-900',
    icon: '✓',
  },
  pending: {
    title: 'account.balance.status.pending.title',
    body: 'account.balance.status.pending.body',
    tone: 'border-amber-200 bg-amber-50 text-amber-900',
    icon: '…',
  },
  failed: {
    title: 'account.balance.status.failed.title',
    body: 'account.balance.status.failed.body',
    tone: 'border-red-200 bg-red-50 text-red-900',
    icon: '!',
  },
  expired: {
    title: 'account.balance.status.expired.title',
    body: 'account.balance.status.expired.body',
    tone: 'border-slate-200 bg-slate-50 text-slate-700',
    icon: '×',
  },
};

/** While a top-up waits for its payment, look again every few seconds for a couple of minutes. */
function useRefreshWhilePending(pending: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!pending) return;
    let rounds = 0;
    const timer = setInterval(() => {
      rounds += 1;
      if (rounds > 40) clearInterval(timer);
      else if (document.visibilityState === 'visible') revalidator.revalidate();
    }, 3000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the revalidator changes every render
  }, [pending]);
}

function TopupStatus({ topup }: { topup: TopupJson }) {
  const t = useT();
  const status = STATUS[topup.status];
  const amount = formatPrice(topup.amountFen);
  return (
    <section
      role="status"
      className={cx('flex gap-3 rounded-2xl border p-4 text-sm', status.tone)}
      data-topup-status={topup.status}
    >
      <span
        aria-hidden
        className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-white font-bold"
      >
        {status.icon}
      </span>
      <div className="min-w-0 flex-1">
        <h2 className="font-semibold">{t(status.title)}</h2>
        <p className="mt-0.5">{t(status.body, { amount })}</p>
        {topup.status === 'pending' && topup.payUrl ? (
          <a
            href={topup.payUrl}
            className="mt-3 inline-flex h-9 items-center rounded-lg bg-white px-3 font-medium ring-1 ring-amber-300"
          >
            {t('account.balance.status.pending.pay')}
          </a>
        ) : null}
      </div>
    </section>
  );
}

function TopupForm({ data: page }: { data: LoaderData }) {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const presets = page.limits.presetsFen.map((fen) => formatYuan(fen).replace(/\.00$/, ''));
  const [preset, setPreset] = useState(result?.values.preset || presets[1] || presets[0] || '');
  const [custom, setCustom] = useState(result?.values.custom ?? '');
  const chosenFen = preset === 'custom' || custom !== '' ? typedFen(custom) : typedFen(preset);
  const amountError = result?.fieldErrors?.amount;
  const providerError = result?.fieldErrors?.provider;
  const firstProvider = page.providers[0]?.id ?? '';

  if (page.providers.length === 0) {
    return <Alert tone="info">{t('account.balance.topup.noProviders')}</Alert>;
  }
  return (
    <Form method="post" className="space-y-4" noValidate>
      {result?.formError ? <Alert>{result.formError}</Alert> : null}
      <fieldset aria-describedby="topup-limits">
        <legend className="text-sm font-medium text-slate-700">
          {t('account.balance.topup.amount')}
        </legend>
        <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
          {presets.map((yuan) => (
            <label
              key={yuan}
              className={cx(
                'flex h-12 cursor-pointer items-center justify-center rounded-xl text-base font-semibold ring-1 transition',
                preset === yuan && custom === ''
                  ? 'bg-brand/10 text-brand ring-brand ring-2'
                  : 'bg-white text-slate-800 ring-slate-200 hover:ring-slate-300',
              )}
            >
              <input
                type="radio"
                name="preset"
                value={yuan}
                checked={preset === yuan && custom === ''}
                onChange={() => {
                  setPreset(yuan);
                  setCustom('');
                }}
                className="sr-only"
              />
              {t('account.balance.topup.preset', { amount: yuan })}
            </label>
          ))}
        </div>
        <label
          className={cx(
            'mt-2 flex h-12 items-center gap-2 rounded-xl bg-white px-3 ring-1',
            amountError
              ? 'ring-red-500'
              : preset === 'custom' || custom !== ''
                ? 'ring-brand ring-2'
                : 'ring-slate-200',
          )}
        >
          <input
            type="radio"
            name="preset"
            value="custom"
            checked={preset === 'custom' || custom !== ''}
            onChange={() => setPreset('custom')}
            className="accent-brand h-4 w-4"
          />
          <span className="shrink-0 text-sm text-slate-700">
            {t('account.balance.topup.custom')}
          </span>
          <input
            name="custom"
            inputMode="decimal"
            autoComplete="off"
            placeholder={t('account.balance.topup.customPlaceholder')}
            value={custom}
            onFocus={() => setPreset('custom')}
            onChange={(e) => {
              setCustom(e.target.value);
              setPreset('custom');
            }}
            aria-invalid={amountError ? true : undefined}
            aria-describedby={amountError ? 'topup-amount-error' : undefined}
            className="h-full min-w-0 flex-1 bg-transparent text-right text-base outline-none"
          />
          <span className="text-sm text-slate-500">{t('account.balance.topup.yuan')}</span>
        </label>
        {amountError ? (
          <p id="topup-amount-error" className="mt-1 text-sm text-red-600">
            {amountError}
          </p>
        ) : null}
        <p id="topup-limits" className="mt-1 text-xs text-slate-500">
          {t('account.balance.topup.limits', {
            min: formatYuan(page.limits.minFen).replace(/\.00$/, ''),
            max: formatYuan(page.limits.maxFen).replace(/\.00$/, ''),
          })}
        </p>
      </fieldset>

      <fieldset>
        <legend className="text-sm font-medium text-slate-700">
          {t('account.balance.topup.provider')}
        </legend>
        <div className="mt-2 space-y-2">
          {page.providers.map((p) => (
            <label
              key={p.id}
              className="has-[:checked]:ring-brand flex h-12 cursor-pointer items-center gap-3 rounded-xl bg-white px-3 text-sm ring-1 ring-slate-200 has-[:checked]:ring-2"
            >
              <input
                type="radio"
                name="provider"
                value={p.id}
                defaultChecked={(result?.values.provider || firstProvider) === p.id}
                className="accent-brand h-4 w-4"
              />
              <span className="font-medium">{p.name}</span>
            </label>
          ))}
        </div>
        {providerError ? <p className="mt-1 text-sm text-red-600">{providerError}</p> : null}
      </fieldset>

      <button
        type="submit"
        disabled={busy}
        className="bg-brand h-12 w-full rounded-xl text-base font-semibold text-white shadow-sm hover:opacity-90 disabled:opacity-50"
      >
        {chosenFen !== null && chosenFen > 0
          ? t('account.balance.topup.submitAmount', { amount: formatPrice(chosenFen) })
          : t('account.balance.topup.submit')}
      </button>
    </Form>
  );
}

type HistoryItem = LoaderData['history']['items'][number];

function describe(item: HistoryItem, t: ReturnType<typeof useT>): string {
  const order = item.orderNumber ?? '';
  const label = t(`account.balance.movement.${item.movement}` as MessageKey, {
    provider: item.providerName ?? '',
    order,
  });
  return item.reason
    ? `${label} · ${t(`account.balance.reason.${item.reason}` as MessageKey)}`
    : label;
}

export default function AccountBalance() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  useRefreshWhilePending(page.topup?.status === 'pending');
  const { history } = page;

  return (
    <div className="space-y-4">
      <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-sm font-medium text-slate-500">{t('account.balance.available')}</h1>
        <p
          className="mt-1 text-4xl font-bold tracking-tight text-slate-900 tabular-nums"
          data-balance-fen={page.balanceFen}
        >
          {formatPrice(page.balanceFen)}
        </p>
        <p className="mt-2 text-sm text-slate-500">{t('account.balance.intro')}</p>
      </section>

      {page.payFailed && page.topup?.status !== 'succeeded' ? (
        <Alert>{t('account.balance.payFailed')}</Alert>
      ) : null}
      {page.topup ? <TopupStatus topup={page.topup} /> : null}

      <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="mb-3 text-lg font-semibold">{t('account.balance.topup.title')}</h2>
        <TopupForm data={page} />
      </section>

      {page.openTopups.length > 0 ? (
        <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="font-semibold">{t('account.balance.open.title')}</h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {page.openTopups.map((o) => (
              <li key={o.topupId} className="flex items-center justify-between gap-3 py-2.5">
                <div className="min-w-0">
                  <p className="font-medium tabular-nums">{formatPrice(o.amountFen)}</p>
                  <p className="text-xs text-slate-500">
                    {t('account.balance.open.until', {
                      provider: o.providerName,
                      time: when(o.expiresAt, lang, 'time'),
                    })}
                  </p>
                </div>
                {o.payUrl ? (
                  <a
                    href={o.payUrl}
                    className="text-brand shrink-0 rounded-lg px-3 py-1.5 font-medium ring-1 ring-slate-200"
                  >
                    {t('account.balance.status.pending.pay')}
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div className="flex items-baseline justify-between gap-3">
          <h2 className="text-lg font-semibold">{t('account.balance.history.title')}</h2>
          {history.total > 0 ? (
            <span className="text-sm text-slate-500">
              {t('account.balance.history.count', { count: history.total })}
            </span>
          ) : null}
        </div>
        {history.items.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-500">
            {t('account.balance.history.empty')}
          </p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {history.items.map((item) => (
              <li key={item.entryId} className="flex items-start justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="font-medium break-words text-slate-800">
                    {item.orderId ? (
                      <Link to={`/orders/${item.orderId}`} className="hover:text-brand">
                        {describe(item, t)}
                      </Link>
                    ) : (
                      describe(item, t)
                    )}
                  </p>
                  <p className="mt-0.5 text-xs text-slate-500">{when(item.at, lang)}</p>
                </div>
                <div className="shrink-0 text-right">
                  <p
                    className={cx(
                      'font-semibold tabular-nums',
                      item.amountFen > 0 ? 'text-emerald-600' : 'text-slate-900',
                    )}
                  >
                    {item.amountFen > 0 ? '+' : ''}
                    {formatPrice(item.amountFen)}
                  </p>
                  <p className="text-xs text-slate-500 tabular-nums">
                    {t('account.balance.history.after', {
                      amount: formatPrice(item.balanceAfterFen),
                    })}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
        <Pager info={history} />
      </section>
    </div>
  );
}
