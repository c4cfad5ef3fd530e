import { useEffect, useMemo, useRef, useState } from 'react';
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
  Link,
  isRouteErrorResponse,
  useActionData,
  useFetcher,
  useLoaderData,
  useRevalidator,
  useRouteError,
  useRouteLoaderData,
  useSearchParams,
} from '@remix-run/react';
import {
  cancelOrderFromPage,
  getOrderView,
  listPaymentProviders,
  OrderViewErrors,
  payOrderFromPage,
  revealOrderCodes,
  withTenant,
} from '@cardshop/domain';
import { Alert, Button, cx, translate, useT, type MessageKey } from '@cardshop/ui';
import { CopyButton } from '../components/copy-button';
import { OrderStatusBadge, orderStatusKey, useWhen } from '../components/order-status';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { customerCtx, formFailure, text, type FormFailure } from '../customer.server';
import { formatPrice } from '../lib/format';
import { rootDataOf, shopMeta } from '../lib/meta';
import { orderRequest, privateHeaders } from '../lib/order-viewer.server';
import { shopRead } from '../lib/shop.server';
import type { RootData } from '../root';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer, signedIn } = await orderRequest(request, context);
  const order = await shopRead(
    context,
    (trx, tenantId) =>
      getOrderView(trx, context.runtime.vault, {
        tenantId,
        orderId: params.orderId ?? '',
        viewer,
      }),
    { reasons: { [OrderViewErrors.NOT_FOUND]: 'order-not-found' } },
  );
  return data(
    {
      order,
      signedIn: signedIn !== null,
      providers:
        order.status === 'pending_payment' ? listPaymentProviders(context.runtime.payments) : [],
    },
    { headers: privateHeaders(signedIn?.setCookie) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => {
  const out = new Headers({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' });
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    const cookie = source?.get('Set-Cookie');
    if (cookie) out.set('Set-Cookie', cookie);
  }
  return out;
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const lang = rootDataOf(matches)?.lang ?? 'zh-CN';
  const title = data
    ? `${translate(lang, 'orderPage.title')} ${data.order.number}`
    : translate(lang, 'orderPage.notFound.title');
  return [...shopMeta(matches, title), { name: 'robots', content: 'noindex' }];
};

interface RevealedCode {
  codeId: string;
  lineId: string;
  code: string;
  password: string | null;
  expiresOn: string | null;
}

type ActionResult = FormFailure & { revealed?: RevealedCode[] };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { tenantId, viewer, session } = await orderRequest(request, context);
  const orderId = params.orderId ?? '';
  const form = await request.formData();
  const intent = text(form, 'intent');
  try {
    if (intent === 'pay') {
      const payment = await withTenant(context.runtime.db, tenantId, (trx) =>
        payOrderFromPage(trx, context.runtime.payments, {
          tenantId,
          orderId,
          viewer,
          provider: text(form, 'provider'),
        }),
      );
      return redirect(payment.payUrl, { headers: { 'Cache-Control': 'no-store' } });
    }
    if (intent === 'cancel') {
      await withTenant(context.runtime.db, tenantId, (trx) =>
        cancelOrderFromPage(trx, { tenantId, orderId, viewer }),
      );
      return redirect(`/orders/${orderId}`, { headers: { 'Cache-Control': 'no-store' } });
    }
    if (intent !== 'reveal') {
      return data<ActionResult>({ formError: '无法识别的操作，请刷新页面后重试' }, 400);
    }
    const { ip, userAgent } = customerCtx(request, context);
    const codeId = text(form, 'codeId') || null;
    const revealed = await withTenant(context.runtime.db, tenantId, (trx) =>
      revealOrderCodes(trx, context.runtime.vault, {
        tenantId,
        orderId,
        viewer,
        codeId,
        via: 'page',
        ip,
        userAgent,
        session,
      }),
    );
    return data<ActionResult>(
      {
        revealed: revealed.codes.map((c) => ({
          codeId: c.codeId,
          lineId: c.lineId,
          code: c.code,
          password: c.password ?? null,
          expiresOn: c.expiresOn,
        })),
      },
      { headers: { 'Cache-Control': 'private, no-store' } },
    );
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>(body, status);
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type View = LoaderData['order'];
type Line = View['lines'][number];

/** mm:ss (or h:mm:ss) left to pay. */
function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** Keeps the page fresh while something is on its way: every second while codes are due. */
function useAutoRefresh(order: View, payLeftMs: number) {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  const every = order.awaitingCodes
    ? 1000
    : order.awaitingDelivery
      ? 5000
      : order.status === 'pending_payment'
        ? 3000
        : 0;
  useEffect(() => {
    if (!every) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && ref.current.state === 'idle') {
        ref.current.revalidate();
      }
    }, every);
    return () => clearInterval(timer);
  }, [every]);
  // The deadline passed on this screen: fetch the closed order.
  const expired = order.status === 'pending_payment' && payLeftMs <= 0;
  useEffect(() => {
    if (expired) ref.current.revalidate();
  }, [expired]);
  return every > 0;
}

/** Milliseconds left to pay, ticking every second from what the server said. */
function usePayCountdown(order: View): number {
  const [left, setLeft] = useState(order.payWithinMs);
  useEffect(() => {
    setLeft(order.payWithinMs);
    if (order.status !== 'pending_payment') return;
    const start = Date.now();
    const timer = setInterval(() => {
      setLeft(Math.max(0, order.payWithinMs - (Date.now() - start)));
    }, 1000);
    return () => clearInterval(timer);
  }, [order.payWithinMs, order.status]);
  return left;
}

export default function OrderPage() {
  const root = useRouteLoaderData('root') as RootData;
  const { order, providers, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const revealFetcher = useFetcher<typeof action>({ key: `reveal-${order.id}` });
  const t = useT();
  const when = useWhen();
  const payLeft = usePayCountdown(order);
  const refreshing = useAutoRefresh(order, payLeft);

  // Codes shown in full: from the reveals of this visit (fetcher), or a no-JS form post.
  const [revealed, setRevealed] = useState<Record<string, RevealedCode>>({});
  const fetched = (revealFetcher.data as ActionResult | undefined)?.revealed;
  useEffect(() => {
    if (!fetched) return;
    setRevealed((current) => ({
      ...current,
      ...Object.fromEntries(fetched.map((c) => [c.codeId, c])),
    }));
  }, [fetched]);
  const shown = useMemo(
    () => ({
      ...Object.fromEntries((actionData?.revealed ?? []).map((c) => [c.codeId, c])),
      ...revealed,
    }),
    [actionData, revealed],
  );
  const formError =
    (revealFetcher.data as ActionResult | undefined)?.formError ?? actionData?.formError;
  const [searchParams] = useSearchParams();
  const payFailed = searchParams.get('pay') === 'failed';

  const refundText = formatPrice(order.refundedFen);
  const detail =
    order.status === 'pending_payment'
      ? t('orderPage.detail.pending_payment', { time: clock(payLeft) })
      : t(`orderPage.detail.${order.status}` as MessageKey, { amount: refundText });
  const cardLines = order.lines.filter((l) => l.productType === 'card_code');

  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto max-w-2xl space-y-4">
        <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <p className="text-sm text-slate-500">{t('orderPage.title')}</p>
              <h1 className="mt-1 text-xl font-semibold" data-testid="order-status">
                {t(orderStatusKey(order.status))}
              </h1>
            </div>
            <OrderStatusBadge status={order.status} className="mt-1" />
          </div>
          <p className="mt-2 text-sm text-slate-600" aria-live="polite">
            {detail}
          </p>
          {refreshing ? (
            <p className="mt-2 flex items-center gap-2 text-xs text-slate-400">
              <span className="bg-brand inline-block h-2 w-2 animate-pulse rounded-full" />
              {t('orderPage.autoRefresh')}
            </p>
          ) : null}

          {order.status === 'pending_payment' && providers.length > 0 ? (
            <div className="mt-4 space-y-2">
              {formError ? <Alert>{formError}</Alert> : null}
              {payFailed && !formError ? <Alert>{t('orderPage.payFailed')}</Alert> : null}
              <Form method="post" className="grid gap-2 sm:flex">
                <input type="hidden" name="intent" value="pay" />
                {providers.map((p) => (
                  <Button
                    key={p.id}
                    type="submit"
                    name="provider"
                    value={p.id}
                    className="h-11 w-full text-base sm:w-auto"
                  >
                    {providers.length === 1
                      ? `${t('orderPage.pay')} ${formatPrice(order.totalFen)}`
                      : t('orderPage.payWith', { name: p.name })}
                  </Button>
                ))}
              </Form>
              <p className="text-xs text-slate-500">{t('orderPage.payHint')}</p>
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(t('orderPage.cancelConfirm'))) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="cancel" />
                <button
                  type="submit"
                  className="text-sm text-slate-500 underline underline-offset-4 hover:text-red-600"
                >
                  {t('orderPage.cancel')}
                </button>
              </Form>
            </div>
          ) : null}

          <dl className="mt-4 divide-y divide-slate-100 border-t border-slate-100 text-sm">
            <div className="flex items-center justify-between gap-3 py-2">
              <dt className="shrink-0 text-slate-500">{t('orderPage.number')}</dt>
              <dd className="flex min-w-0 items-center gap-2">
                <span className="font-mono break-all" data-testid="order-number">
                  {order.number}
                </span>
                <CopyButton text={order.number} />
              </dd>
            </div>
            <Row label={t('orderPage.createdAt')} value={when(order.createdAt)} />
            {order.paidAt ? <Row label={t('orderPage.paidAt')} value={when(order.paidAt)} /> : null}
            {order.deliveredAt ? (
              <Row label={t('orderPage.deliveredAt')} value={when(order.deliveredAt)} />
            ) : null}
          </dl>
        </section>

        {cardLines.length > 0 && order.paidAt ? (
          <CodesSection
            order={order}
            lines={cardLines}
            shown={shown}
            busy={revealFetcher.state !== 'idle'}
            reveal={(codeId) =>
              revealFetcher.submit(
                { intent: 'reveal', ...(codeId ? { codeId } : {}) },
                { method: 'post' },
              )
            }
            error={order.status === 'pending_payment' ? undefined : formError}
          />
        ) : null}

        <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="font-semibold">{t('orderPage.lines')}</h2>
          <ul className="mt-2 divide-y divide-slate-100">
            {order.lines.map((line) => (
              <LineItem key={line.id} line={line} paid={order.paidAt !== null} />
            ))}
          </ul>
          <dl className="mt-2 space-y-1 border-t border-slate-100 pt-3 text-sm">
            <div className="flex justify-between">
              <dt className="text-slate-500">{t('orderPage.total')}</dt>
              <dd className="text-brand text-lg font-semibold">{formatPrice(order.totalFen)}</dd>
            </div>
            {order.refundedFen > 0 ? (
              <div className="flex justify-between">
                <dt className="text-slate-500">{t('orderPage.refunded')}</dt>
                <dd className="font-medium text-violet-700">-{refundText}</dd>
              </div>
            ) : null}
          </dl>
        </section>

        <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="font-semibold">{t('orderPage.contact')}</h2>
          <dl className="mt-2 divide-y divide-slate-100 text-sm">
            {order.contact.phone ? (
              <Row label={t('orderPage.contact.phone')} value={order.contact.phone} />
            ) : null}
            {order.contact.email ? (
              <Row label={t('orderPage.contact.email')} value={order.contact.email} />
            ) : null}
            {!order.contact.phone && !order.contact.email ? (
              <p className="py-2 text-slate-500">{t('orderPage.contact.account')}</p>
            ) : null}
          </dl>
        </section>

        <nav className="flex flex-wrap justify-center gap-x-6 gap-y-2 pb-4 text-sm">
          {signedIn ? (
            <Link to="/account/orders" className="text-brand hover:underline">
              {t('account.nav.orders')}
            </Link>
          ) : null}
          <Link to="/orders/lookup" className="text-brand hover:underline">
            {t('orderPage.lookupOther')}
          </Link>
        </nav>
      </div>
    </ShopLayout>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4 py-2">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="text-right break-all">{value}</dd>
    </div>
  );
}

function CodesSection({
  order,
  lines,
  shown,
  busy,
  reveal,
  error,
}: {
  order: View;
  lines: Line[];
  shown: Record<string, RevealedCode>;
  busy: boolean;
  reveal: (codeId: string | null) => void;
  error: string | undefined;
}) {
  const t = useT();
  const all = lines.flatMap((l) => l.codes);
  const allShown = all.length > 0 && all.every((c) => shown[c.codeId]);
  const copyAll = lines
    .flatMap((l) => l.codes.map((c) => shown[c.codeId]))
    .filter((c): c is RevealedCode => c !== undefined)
    .map((c) =>
      c.password
        ? `${t('orderPage.codes.card')}：${c.code}  ${t('orderPage.codes.password')}：${c.password}`
        : c.code,
    )
    .join('\n');
  return (
    <section
      className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
      aria-labelledby="codes"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="codes" className="font-semibold">
          {t('orderPage.codes.title')}
          {all.length > 0 ? (
            <span className="ml-2 text-sm font-normal text-slate-500">
              {t('orderPage.codes.count', { count: all.length })}
            </span>
          ) : null}
        </h2>
        {all.length > 0 ? (
          <div className="flex items-center gap-3">
            {allShown ? <CopyButton text={copyAll} label={t('orderPage.codes.copyAll')} /> : null}
            <a
              href={`/orders/${order.id}/codes.txt`}
              download
              className="text-brand text-sm font-medium hover:underline"
            >
              {t('orderPage.codes.download')}
            </a>
          </div>
        ) : null}
      </div>

      {error ? (
        <div className="mt-3">
          <Alert>{error}</Alert>
        </div>
      ) : null}

      {all.length === 0 ? (
        <p className="mt-3 flex items-center gap-2 text-sm text-slate-600">
          <span className="border-brand inline-block h-4 w-4 animate-spin rounded-full border-2 border-t-transparent" />
          {t('orderPage.codes.waiting')}
        </p>
      ) : (
        <>
          {!allShown ? (
            <div className="mt-3 space-y-3 rounded-xl bg-slate-50 p-3">
              <p className="text-sm text-slate-600">{t('orderPage.codes.maskedHint')}</p>
              <Form
                method="post"
                onSubmit={(event) => {
                  event.preventDefault();
                  reveal(null);
                }}
              >
                <input type="hidden" name="intent" value="reveal" />
                <Button type="submit" disabled={busy} className="h-11 w-full text-base">
                  {t('orderPage.codes.reveal')}
                </Button>
              </Form>
            </div>
          ) : null}
          <div className="mt-3 space-y-4">
            {lines
              .filter((l) => l.codes.length > 0)
              .map((line) => (
                <div key={line.id}>
                  {lines.length > 1 ? (
                    <p className="mb-2 text-sm font-medium text-slate-700">
                      {line.productName} · {line.skuName}
                    </p>
                  ) : null}
                  <ol className="space-y-2">
                    {line.codes.map((code, index) => (
                      <CodeRow
                        key={code.codeId}
                        index={index + 1}
                        masked={code}
                        full={shown[code.codeId]}
                        busy={busy}
                        reveal={() => reveal(code.codeId)}
                      />
                    ))}
                  </ol>
                </div>
              ))}
          </div>
          <p className="mt-4 text-xs text-amber-700">{t('orderPage.codes.safety')}</p>
        </>
      )}
    </section>
  );
}

function CodeRow({
  index,
  masked,
  full,
  busy,
  reveal,
}: {
  index: number;
  masked: Line['codes'][number];
  full: RevealedCode | undefined;
  busy: boolean;
  reveal: () => void;
}) {
  const t = useT();
  const hasPassword = masked.password !== null;
  return (
    <li
      className="rounded-xl border border-slate-200 p-3"
      data-testid="code-row"
      data-revealed={full ? 'true' : 'false'}
    >
      <div className="flex items-start gap-3">
        <span className="mt-0.5 w-5 shrink-0 text-right text-xs text-slate-400">{index}</span>
        <div className="min-w-0 flex-1 space-y-2">
          <SecretLine
            label={hasPassword ? t('orderPage.codes.card') : t('orderPage.codes.code')}
            value={full?.code ?? masked.code}
            revealed={full !== undefined}
          />
          {hasPassword ? (
            <SecretLine
              label={t('orderPage.codes.password')}
              value={full?.password ?? masked.password ?? ''}
              revealed={full !== undefined}
            />
          ) : null}
          {masked.expiresOn ? (
            <p className="text-xs text-slate-500">
              {t('orderPage.codes.expires', { date: masked.expiresOn })}
            </p>
          ) : null}
        </div>
        {full ? null : (
          <Form
            method="post"
            onSubmit={(event) => {
              event.preventDefault();
              reveal();
            }}
          >
            <input type="hidden" name="intent" value="reveal" />
            <input type="hidden" name="codeId" value={masked.codeId} />
            <button
              type="submit"
              disabled={busy}
              className="text-brand shrink-0 rounded-lg px-2.5 py-1 text-xs font-medium ring-1 ring-slate-300 disabled:opacity-50"
            >
              {t('orderPage.codes.revealOne')}
            </button>
          </Form>
        )}
      </div>
    </li>
  );
}

function SecretLine({
  label,
  value,
  revealed,
}: {
  label: string;
  value: string;
  revealed: boolean;
}) {
  return (
    <div className="flex items-center gap-2">
      <span className="min-w-10 shrink-0 text-xs whitespace-nowrap text-slate-500">{label}</span>
      <code
        className={cx(
          'min-w-0 flex-1 font-mono text-sm break-all',
          revealed ? 'text-slate-900 select-all' : 'tracking-wider text-slate-400',
        )}
      >
        {value}
      </code>
      {revealed ? <CopyButton text={value} /> : null}
    </div>
  );
}

const lineTone: Record<string, string> = {
  delivered: 'text-emerald-700',
  paid: 'text-sky-700',
  refunded: 'text-violet-700',
};

function LineItem({ line, paid }: { line: Line; paid: boolean }) {
  const t = useT();
  const when = useWhen();
  return (
    <li className="py-3">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm font-medium text-slate-900">{line.productName}</p>
          <p className="text-xs text-slate-500">{line.skuName}</p>
          <p className="mt-1 text-xs text-slate-500">
            {t('orderPage.lineMeta', {
              price: formatPrice(line.unitPriceFen),
              count: line.quantity,
            })}
          </p>
        </div>
        <div className="shrink-0 text-right">
          <p className="text-sm font-semibold">{formatPrice(line.totalFen)}</p>
          {paid ? (
            <p className={cx('mt-1 text-xs', lineTone[line.status] ?? 'text-slate-500')}>
              {t(`orderPage.line.status.${line.status}` as MessageKey)}
            </p>
          ) : null}
        </div>
      </div>

      {line.topup ? (
        <div className="mt-2 space-y-1 rounded-lg bg-slate-50 p-3 text-xs">
          {line.topup.account.map((field) => (
            <p key={field.label}>
              <span className="text-slate-500">{field.label}：</span>
              <span className="font-mono">{field.value}</span>
            </p>
          ))}
          {paid && line.status !== 'pending_payment' ? (
            <p
              className={cx(
                'font-medium',
                line.topup.status === 'done'
                  ? 'text-emerald-700'
                  : line.topup.status === 'failed'
                    ? 'text-red-700'
                    : 'text-sky-700',
              )}
              data-testid="topup-status"
            >
              {t(`orderPage.topup.status.${line.topup.status ?? 'waiting'}` as MessageKey)}
              {line.topup.finishedAt ? ` · ${when(line.topup.finishedAt)}` : ''}
            </p>
          ) : null}
          {line.topup.note ? (
            <p className="text-slate-600">{t('orderPage.topup.note', { note: line.topup.note })}</p>
          ) : null}
        </div>
      ) : null}

      {line.shipment ? (
        <div className="mt-2 space-y-1 rounded-lg bg-slate-50 p-3 text-xs">
          <p>
            <span className="text-slate-500">{t('orderPage.shipment.to')}：</span>
            {`${line.shipment.recipient}，${line.shipment.region}`}
          </p>
          {paid && line.status !== 'pending_payment' ? (
            <p className="font-medium text-sky-700" data-testid="shipment-status">
              {t(`orderPage.shipment.status.${line.shipment.status ?? 'waiting'}` as MessageKey)}
              {line.shipment.shippedAt ? ` · ${when(line.shipment.shippedAt)}` : ''}
            </p>
          ) : null}
          {line.shipment.trackingNumber ? (
            <p className="flex flex-wrap items-center gap-2">
              <span className="text-slate-500">
                {t('orderPage.shipment.tracking', { carrier: line.shipment.carrier ?? '' })}
              </span>
              <span className="font-mono">{line.shipment.trackingNumber}</span>
              <CopyButton text={line.shipment.trackingNumber} />
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData('root') as RootData | undefined;
  const t = useT();
  const reason = isRouteErrorResponse(error)
    ? (error.data as { reason?: string } | undefined)?.reason
    : undefined;
  if (reason !== 'order-not-found' || !root?.shop) {
    return <ShopRouteError describe={() => null} />;
  }
  return (
    <ShopLayout shop={root.shop}>
      <section className="mx-auto max-w-md py-16 text-center">
        <p className="text-brand text-5xl font-bold">404</p>
        <h1 className="mt-4 text-2xl font-semibold">{t('orderPage.notFound.title')}</h1>
        <p className="mt-3 text-slate-600">{t('orderPage.notFound.body')}</p>
        <div className="mt-6 flex justify-center gap-3">
          <Link
            to="/orders/lookup"
            className="bg-brand inline-flex rounded-lg px-4 py-2 text-sm font-medium text-white"
          >
            {t('orderPage.notFound.lookup')}
          </Link>
          <Link
            to="/"
            className="inline-flex rounded-lg px-4 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300"
          >
            {t('common.backHome')}
          </Link>
        </div>
      </section>
    </ShopLayout>
  );
}
