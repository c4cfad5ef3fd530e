import { useState } from 'react';
import { Form, Link, useNavigation, useSearchParams } from '@remix-run/react';
import type { SensitiveAction } from '@cardshop/domain';
import { cx, formatPrice, useLang, useT } from '@cardshop/ui';
import { DataTable, formatTime, PageHeader } from './components';
import { ConfirmedNote, ConfirmIdentityFields } from './security-ui';
import { Btn, FormMessage, LinkBtn, Pager, Panel, TextField } from './ui';

export interface FinancePageData {
  area: { kind: 'shop' | 'supplier'; name: string };
  base: string;
  overview: {
    owedFen: number;
    payoutAccount: {
      kind: 'alipay' | 'bank_card';
      bankName: string | null;
      accountHint: string;
      holderHint: string;
      updatedAt: string | Date;
    } | null;
    lines: Array<{
      id: string;
      kind: 'sale' | 'refund' | 'other';
      postedAt: string | Date;
      amountFen: number;
      orderId: string | null;
      orderNumber: string | null;
    }>;
    total: number;
    page: number;
    pageCount: number;
  };
  canBind: boolean;
  editing: boolean;
  notice: 'bound' | null;
  confirmedUntil: string | null;
  confirmMethods: Array<'password' | 'totp'>;
}

export interface FinanceFormResult {
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  confirm?: SensitiveAction;
}

/** A shop's or supplier's money: balance, payout account, statement. Phone first. */
export function FinancePage({
  page,
  result,
}: {
  page: FinancePageData;
  result: FinanceFormResult | undefined;
}) {
  const t = useT();
  const [search] = useSearchParams();
  const shop = page.area.kind === 'shop';
  return (
    <>
      <PageHeader
        title={t(shop ? 'console.finance.title.shop' : 'console.finance.title.supplier')}
        subtitle={t(shop ? 'console.finance.subtitle.shop' : 'console.finance.subtitle.supplier')}
      />
      {page.notice === 'bound' ? (
        <div className="mb-4">
          <FormMessage
            notice={t(
              shop ? 'console.finance.payout.saved.shop' : 'console.finance.payout.saved.supplier',
            )}
          />
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        <div className="space-y-4 lg:order-2">
          <section
            className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5"
            data-testid="finance-balance"
          >
            <p className="text-sm text-slate-500">{t('console.finance.balance')}</p>
            <p
              className={cx(
                'mt-1 text-3xl font-semibold tabular-nums',
                page.overview.owedFen < 0 ? 'text-red-600' : 'text-slate-900',
              )}
            >
              {formatPrice(page.overview.owedFen, { grouped: true })}
            </p>
            <p className="mt-1 text-xs text-slate-500">
              {t(
                shop ? 'console.finance.balanceHint.shop' : 'console.finance.balanceHint.supplier',
              )}
            </p>
          </section>
          <PayoutAccountPanel page={page} result={result} />
        </div>
        <div className="min-w-0 lg:order-1">
          <Statement page={page} />
          <Pager page={page.overview.page} pageCount={page.overview.pageCount} search={search} />
        </div>
      </div>
    </>
  );
}

function Statement({ page }: { page: FinancePageData }) {
  const t = useT();
  const lang = useLang();
  const { lines, total } = page.overview;
  return (
    <section aria-labelledby="statement">
      <div className="mb-2 flex items-baseline justify-between gap-2">
        <h2 id="statement" className="text-base font-semibold">
          {t('console.finance.lines')}
        </h2>
        {total > 0 ? (
          <span className="text-sm text-slate-500">
            {t('console.finance.lines.count', { count: total })}
          </span>
        ) : null}
      </div>
      {lines.length === 0 ? (
        <p className="rounded-xl bg-white p-8 text-center text-sm text-slate-500 ring-1 ring-slate-200">
          {t('console.finance.lines.empty')}
        </p>
      ) : (
        <div data-testid="finance-lines">
          <DataTable
            rows={lines}
            rowKey={(l) => l.id}
            columns={[
              {
                header: t('console.finance.col.time'),
                cell: (l) => (
                  <span className="whitespace-nowrap">{formatTime(l.postedAt, lang)}</span>
                ),
              },
              {
                header: t('console.finance.col.what'),
                cell: (l) => (
                  <span className="block">
                    <span className="font-medium">{t(`console.finance.kind.${l.kind}`)}</span>
                    {l.orderNumber ? (
                      <span className="block text-xs text-slate-500">
                        {l.orderId && page.area.kind === 'shop' ? (
                          <Link
                            to={`${page.base}/orders/${l.orderId}`}
                            className="text-brand font-mono hover:underline"
                          >
                            {t('console.finance.order', { number: l.orderNumber })}
                          </Link>
                        ) : (
                          t('console.finance.order', { number: l.orderNumber })
                        )}
                      </span>
                    ) : null}
                  </span>
                ),
              },
              {
                header: t('console.finance.col.amount'),
                cell: (l) => (
                  <span
                    className={cx(
                      'font-medium tabular-nums',
                      l.amountFen < 0 ? 'text-red-600' : 'text-emerald-700',
                    )}
                  >
                    {l.amountFen > 0 ? '+' : ''}
                    {formatPrice(l.amountFen, { grouped: true })}
                  </span>
                ),
              },
            ]}
          />
        </div>
      )}
    </section>
  );
}

function PayoutAccountPanel({
  page,
  result,
}: {
  page: FinancePageData;
  result: FinanceFormResult | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const account = page.overview.payoutAccount;
  const editing = page.editing || result !== undefined;
  return (
    <Panel
      title={t('console.finance.payout.title')}
      actions={
        page.canBind && account && !editing ? (
          <LinkBtn to="?edit=1" size="sm">
            {t('console.finance.payout.change')}
          </LinkBtn>
        ) : null
      }
    >
      <div className="space-y-4">
        {account ? (
          <div className="space-y-1 text-sm" data-testid="payout-account">
            <p className="flex flex-wrap items-baseline gap-x-2 font-medium">
              <span>
                {account.kind === 'alipay'
                  ? t('console.finance.payout.alipay')
                  : `${account.bankName} · ${t('console.finance.payout.bank')}`}
              </span>
              <span className="font-mono tracking-wide">{account.accountHint}</span>
            </p>
            <p className="text-slate-600">
              {t('console.finance.payout.holder', { name: account.holderHint })}
            </p>
            <p className="text-xs text-slate-500">
              {t('console.finance.payout.updated', { time: formatTime(account.updatedAt, lang) })}
            </p>
          </div>
        ) : (
          <div className="space-y-3">
            <p className="text-sm text-slate-500">{t('console.finance.payout.none')}</p>
            {page.canBind && !editing ? (
              <LinkBtn to="?edit=1" variant="primary" className="w-full sm:w-auto">
                {t('console.finance.payout.bind')}
              </LinkBtn>
            ) : null}
          </div>
        )}
        {page.canBind ? (
          editing ? (
            <PayoutAccountForm page={page} result={result} />
          ) : null
        ) : (
          <p className="text-xs text-slate-500">
            {t(
              page.area.kind === 'shop'
                ? 'console.finance.payout.readOnly.shop'
                : 'console.finance.payout.readOnly.supplier',
            )}
          </p>
        )}
      </div>
    </Panel>
  );
}

function PayoutAccountForm({
  page,
  result,
}: {
  page: FinancePageData;
  result: FinanceFormResult | undefined;
}) {
  const t = useT();
  const busy = useNavigation().state !== 'idle';
  const values = result?.values ?? {};
  const errors = result?.fieldErrors ?? {};
  const [kind, setKind] = useState<'alipay' | 'bank_card'>(
    values.kind === 'bank_card' ? 'bank_card' : 'alipay',
  );
  const askConfirm = page.confirmedUntil === null || result?.confirm === 'bind_payout_account';
  return (
    <Form method="post" className="space-y-4 border-t border-slate-100 pt-4" noValidate>
      <p className="text-sm text-slate-600">
        {t(
          page.area.kind === 'shop'
            ? 'console.finance.payout.intro.shop'
            : 'console.finance.payout.intro.supplier',
        )}
      </p>
      {result?.formError ? <FormMessage error={result.formError} /> : null}
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-slate-700">
          {t('console.finance.payout.kind')}
        </legend>
        <div
          className="grid grid-cols-2 gap-1 rounded-lg bg-slate-100 p-1 text-sm"
          role="radiogroup"
        >
          {(['alipay', 'bank_card'] as const).map((k) => (
            <label
              key={k}
              className={cx(
                'cursor-pointer rounded-md px-3 py-2 text-center font-medium',
                kind === k ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600',
              )}
            >
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
                className="sr-only"
              />
              {t(k === 'alipay' ? 'console.finance.payout.alipay' : 'console.finance.payout.bank')}
            </label>
          ))}
        </div>
        {errors.kind ? <p className="mt-1 text-sm text-red-600">{errors.kind}</p> : null}
      </fieldset>
      {kind === 'alipay' ? (
        <>
          <TextField
            label={t('console.finance.payout.account')}
            name="account"
            autoComplete="off"
            defaultValue={values.account}
            hint={t('console.finance.payout.accountHint')}
            error={errors.account}
            maxLength={100}
          />
          <TextField
            label={t('console.finance.payout.realName')}
            name="realName"
            autoComplete="off"
            defaultValue={values.realName}
            error={errors.realName}
            maxLength={40}
          />
        </>
      ) : (
        <>
          <TextField
            label={t('console.finance.payout.bankName')}
            name="bankName"
            autoComplete="off"
            defaultValue={values.bankName}
            hint={t('console.finance.payout.bankNameHint')}
            error={errors.bankName}
            maxLength={40}
          />
          <TextField
            label={t('console.finance.payout.branch')}
            name="branch"
            autoComplete="off"
            defaultValue={values.branch}
            error={errors.branch}
            maxLength={60}
          />
          <TextField
            label={t('console.finance.payout.holderName')}
            name="holderName"
            autoComplete="off"
            defaultValue={values.holderName}
            error={errors.holderName}
            maxLength={40}
          />
          <TextField
            label={t('console.finance.payout.cardNumber')}
            name="cardNumber"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={values.cardNumber}
            hint={t('console.finance.payout.cardNumberHint')}
            error={errors.cardNumber}
            maxLength={30}
          />
        </>
      )}
      {askConfirm ? (
        <ConfirmIdentityFields
          action="bind_payout_account"
          methods={page.confirmMethods}
          errors={errors}
        />
      ) : page.confirmedUntil ? (
        <ConfirmedNote until={page.confirmedUntil} />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Btn type="submit" disabled={busy} className="w-full sm:w-auto">
          {askConfirm
            ? t('security.confirm.submit', { action: t('security.action.bind_payout_account') })
            : t('console.finance.payout.save')}
        </Btn>
        <Link to={`${page.base}/finance`} className="text-sm text-slate-500 hover:underline">
          {t('console.finance.payout.cancel')}
        </Link>
      </div>
    </Form>
  );
}
