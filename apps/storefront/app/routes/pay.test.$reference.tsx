import { useEffect, useState } from 'react';
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
} from '@remix-run/react';
import {
  chooseTestGatewayOutcome,
  getTestGatewayCheckout,
  isDomainError,
  PaymentErrors,
  withTenant,
  type TestGatewayCheckout,
} from '@cardshop/domain';
import { Alert, cx, translate, useT, type MessageKey } from '@cardshop/ui';
import { formatPrice } from '../lib/format';
import { rootDataOf } from '../lib/meta';
import { requireShop, shopRead } from '../lib/shop.server';

// The built-in test gateway's hosted pay page. It stands in for a third-party cashier (Alipay,
// WeChat Pay), so it wears the gateway's look rather than the shop's: the buyer chooses success
// or failure, the gateway notifies the shop's webhook on its own, and the buyer goes back to the
// shop without waiting for that.

const NO_STORE = { 'Cache-Control': 'no-store' };

function view(checkout: TestGatewayCheckout) {
  return {
    purpose: checkout.purpose,
    orderNumber: checkout.orderNumber,
    subject: checkout.subject,
    amountFen: checkout.amountFen,
    state: checkout.state,
    failed: checkout.failedAt !== null,
    payWithinMs: checkout.expiresAt ? Math.max(0, checkout.expiresAt.getTime() - Date.now()) : 0,
    backUrl: backUrl(checkout),
  };
}

/** Where the buyer returns to at the shop: the order, or their balance for a top-up. */
function backUrl(checkout: TestGatewayCheckout, failed = false): string {
  const base =
    checkout.purpose === 'order' && checkout.orderId
      ? `/orders/${checkout.orderId}`
      : '/account/balance';
  return failed ? `${base}?pay=failed` : base;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const shop = requireShop(context);
  const checkout = await shopRead(
    context,
    (trx, tenantId) => getTestGatewayCheckout(trx, { tenantId, reference: params.reference ?? '' }),
    { reasons: { [PaymentErrors.PAYMENT_NOT_FOUND]: 'payment-not-found' } },
  );
  return data({ shopName: shop.name, checkout: view(checkout) }, { headers: NO_STORE });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shop = requireShop(context);
  const form = await request.formData();
  const outcome = form.get('outcome');
  if (outcome !== 'succeeded' && outcome !== 'failed') {
    return data({ formError: '请选择支付结果' }, { status: 400, headers: NO_STORE });
  }
  let result: Awaited<ReturnType<typeof chooseTestGatewayOutcome>>;
  try {
    result = await withTenant(context.runtime.db, shop.id, (trx) =>
      chooseTestGatewayOutcome(trx, {
        tenantId: shop.id,
        reference: params.reference ?? '',
        outcome,
      }),
    );
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.status === 404) {
      throw Response.json({ reason: 'payment-not-found' }, { status: 404 });
    }
    return data({ formError: error.userMessage }, { status: error.status, headers: NO_STORE });
  }
  context.runtime.kickOutbox();
  context.runtime.logger.info(
    { tenantId: shop.id, paymentId: result.checkout.paymentId, outcome, queued: !!result.chargeId },
    'test gateway: buyer chose',
  );
  return redirect(backUrl(result.checkout, outcome === 'failed' && result.chargeId !== null), {
    headers: NO_STORE,
  });
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders;

export const meta: MetaFunction = ({ matches }) => [
  { title: translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'testpay.title') },
  { name: 'robots', content: 'noindex' },
];

/** mm:ss (or h:mm:ss) left to pay. */
function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** Milliseconds left to pay, ticking every second from what the server said. */
function useCountdown(fromMs: number, running: boolean): number {
  const [left, setLeft] = useState(fromMs);
  useEffect(() => {
    setLeft(fromMs);
    if (!running) return;
    const start = Date.now();
    const timer = setInterval(() => setLeft(Math.max(0, fromMs - (Date.now() - start))), 1000);
    return () => clearInterval(timer);
  }, [fromMs, running]);
  return left;
}

function CashierFrame({ children }: { children: React.ReactNode }) {
  const t = useT();
  return (
    <div className="flex min-h-screen flex-col bg-slate-100">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-md items-center justify-between px-4">
          <span className="flex items-center gap-2 font-semibold text-slate-800">
            <span
              aria-hidden
              className="flex h-7 w-7 items-center justify-center rounded-lg bg-teal-600 text-sm font-bold text-white"
            >
              T
            </span>
            {t('testpay.brand')}
          </span>
          <span className="rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium text-amber-800 ring-1 ring-amber-300 ring-inset">
            {t('testpay.badge')}
          </span>
        </div>
      </header>
      <main className="mx-auto w-full max-w-md flex-1 space-y-4 px-4 py-5">{children}</main>
      <footer className="px-4 pb-6 text-center text-xs text-slate-400">
        {t('testpay.footer')}
      </footer>
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-start justify-between gap-4 py-2.5">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 text-right break-words text-slate-800">{children}</dd>
    </div>
  );
}

const STATE_TEXT: Record<
  'processing' | 'paid' | 'closed',
  { title: MessageKey; order: MessageKey; topup: MessageKey; tone: string; icon: string }
> = {
  processing: {
    title: 'testpay.processing.title',
    order: 'testpay.processing.body',
    topup: 'testpay.processing.body',
    tone: 'bg-teal-50 text-teal-800 ring-teal-200',
    icon: '✓',
  },
  paid: {
    title: 'testpay.paid.title',
    order: 'testpay.paid.body',
    topup: 'testpay.paid.topup',
    tone: 'bg-teal-50 text-teal-800 ring-teal-200',
    icon: '✓',
  },
  closed: {
    title: 'testpay.closed.title',
    order: 'testpay.closed.body',
    topup: 'testpay.closed.topup',
    tone: 'bg-slate-50 text-slate-700 ring-slate-200',
    icon: '×',
  },
};

export default function TestGatewayPayPage() {
  const { shopName, checkout } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const payable = checkout.state === 'payable';
  const left = useCountdown(checkout.payWithinMs, payable);
  const timeUp = payable && left <= 0;
  const busy = navigation.state !== 'idle';
  const subject = checkout.purpose === 'topup' ? t('testpay.topupSubject') : checkout.subject;
  const back = t(checkout.purpose === 'topup' ? 'testpay.back.topup' : 'testpay.back.order');
  const settled = checkout.state === 'payable' ? null : STATE_TEXT[checkout.state];

  return (
    <CashierFrame>
      <h1 className="text-center text-base font-medium text-slate-600">{t('testpay.title')}</h1>
      <p className="rounded-xl bg-amber-50 px-4 py-2.5 text-xs leading-relaxed text-amber-900 ring-1 ring-amber-200">
        {t('testpay.notice')}
      </p>

      <section className="rounded-2xl bg-white px-5 py-6 text-center shadow-sm ring-1 ring-slate-200">
        <p className="text-sm text-slate-500">{shopName}</p>
        <p className="mt-2 text-4xl font-bold tracking-tight text-slate-900 tabular-nums">
          {formatPrice(checkout.amountFen)}
        </p>
        <p className="mt-2 text-sm break-words text-slate-700">{subject}</p>
        {payable ? (
          <p
            className={cx(
              'mt-4 inline-block rounded-full px-3 py-1 text-sm tabular-nums',
              timeUp ? 'bg-red-50 text-red-700' : 'bg-amber-50 text-amber-800',
            )}
            role="timer"
          >
            {timeUp ? t('testpay.timeUp') : t('testpay.remaining', { time: clock(left) })}
          </p>
        ) : null}
      </section>

      <dl className="divide-y divide-slate-100 rounded-2xl bg-white px-5 py-1 text-sm shadow-sm ring-1 ring-slate-200">
        <Row label={t('testpay.merchant')}>{shopName}</Row>
        <Row label={t('testpay.subject')}>{subject}</Row>
        {checkout.orderNumber ? (
          <Row label={t('testpay.orderNumber')}>
            <span className="font-mono">{checkout.orderNumber}</span>
          </Row>
        ) : null}
        <Row label={t('testpay.amount')}>
          <span className="font-semibold tabular-nums">{formatPrice(checkout.amountFen)}</span>
        </Row>
      </dl>

      {result?.formError ? <Alert>{result.formError}</Alert> : null}

      {!settled ? (
        <>
          {checkout.failed ? <Alert tone="info">{t('testpay.lastFailed')}</Alert> : null}
          <Form method="post" className="space-y-3" replace>
            <button
              type="submit"
              name="outcome"
              value="succeeded"
              disabled={busy || timeUp}
              className="h-12 w-full rounded-xl bg-teal-600 text-base font-semibold text-white shadow-sm hover:bg-teal-700 disabled:opacity-50"
            >
              {t('testpay.succeed')}
            </button>
            <button
              type="submit"
              name="outcome"
              value="failed"
              disabled={busy || timeUp}
              className="h-12 w-full rounded-xl bg-white text-base font-medium text-red-600 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50"
            >
              {t('testpay.fail')}
            </button>
          </Form>
        </>
      ) : (
        <section
          className={cx('rounded-2xl px-5 py-5 text-center ring-1', settled.tone)}
          role="status"
        >
          <p
            aria-hidden
            className="mx-auto flex h-10 w-10 items-center justify-center rounded-full bg-white text-xl font-bold"
          >
            {settled.icon}
          </p>
          <h2 className="mt-2 text-lg font-semibold">{t(settled.title)}</h2>
          <p className="mt-1 text-sm">{t(settled[checkout.purpose])}</p>
        </section>
      )}

      <p className="text-center">
        <Link
          to={checkout.backUrl}
          className={
            settled
              ? 'flex h-12 w-full items-center justify-center rounded-xl bg-teal-600 text-base font-semibold text-white shadow-sm hover:bg-teal-700'
              : 'text-sm text-slate-600 underline underline-offset-4'
          }
        >
          {back}
        </Link>
      </p>
    </CashierFrame>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <CashierFrame>
      <section className="rounded-2xl bg-white px-5 py-8 text-center shadow-sm ring-1 ring-slate-200">
        <p className="text-4xl font-bold text-slate-300">{notFound ? '404' : '500'}</p>
        <h1 className="mt-3 text-lg font-semibold">
          {notFound ? t('testpay.notFound.title') : t('common.error.title')}
        </h1>
        <p className="mt-2 text-sm text-slate-600">
          {notFound ? t('testpay.notFound.body') : t('common.error.body')}
        </p>
      </section>
    </CashierFrame>
  );
}
