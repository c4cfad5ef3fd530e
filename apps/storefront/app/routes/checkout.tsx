import { randomUUID } from 'node:crypto';
import { useState } from 'react';
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
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteLoaderData,
} from '@remix-run/react';
import {
  CheckoutErrors,
  getCheckout,
  placeCheckout,
  type CartOwner,
  type CheckoutLine,
  type CheckoutSource,
} from '@cardshop/domain';
import { Alert, cx, translate, useT, type MessageKey } from '@cardshop/ui';
import { ProductIcon } from '../components/product-card';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { customerCtx, formFailure, text, type FormFailure } from '../customer.server';
import { cartOwner } from '../lib/cart.server';
import { formatPrice } from '../lib/format';
import { rootDataOf, shopMeta } from '../lib/meta';
import { grantOrderAccess } from '../lib/order-access.server';
import { requireShop, shopRead } from '../lib/shop.server';
import type { RootData } from '../root';

function sourceOf(url: URL, owner: CartOwner): CheckoutSource {
  const listing = url.searchParams.get('listing');
  return listing !== null
    ? { kind: 'buy_now', listingId: listing, quantity: url.searchParams.get('qty') }
    : { kind: 'cart', owner };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { owner, signedIn } = await cartOwner(request, context);
  const url = new URL(request.url);
  const view = await shopRead(
    context,
    (trx, tenantId) =>
      getCheckout(trx, {
        tenantId,
        customerId: signedIn?.customer.id ?? null,
        source: sourceOf(url, owner),
        providers: context.runtime.payments,
      }),
    { reasons: { [CheckoutErrors.LISTING_NOT_FOUND]: 'listing-not-found' } },
  );
  return data(
    {
      view,
      // One key per rendered page: posting this form twice places one order.
      idempotencyKey: randomUUID(),
      customerName: signedIn ? signedIn.customer.displayName : null,
    },
    signedIn?.setCookie ? { headers: { 'Set-Cookie': signedIn.setCookie } } : undefined,
  );
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const out = new Headers({ 'Cache-Control': 'private, no-store' });
  const cookie = actionHeaders.get('Set-Cookie') ?? loaderHeaders.get('Set-Cookie');
  if (cookie) out.set('Set-Cookie', cookie);
  return out;
};

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'checkout.title'));

type ActionResult = FormFailure & {
  /** A new key for the next attempt: the refused one may name an order that was cancelled. */
  idempotencyKey: string;
  values: Record<string, string>;
};

/** Every text field of the form except the 查单密码, to fill the form again after a refusal. */
function echo(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && key !== 'lookupPassword') values[key] = value;
  }
  return values;
}

function fieldsUnder(form: FormData, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith(prefix) && typeof value === 'string') out[key.slice(prefix.length)] = value;
  }
  return out;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const tenant = requireShop(context);
  const form = await request.formData();
  const { owner, signedIn } = await cartOwner(request, context);
  const lineCount = Math.min(Number(text(form, 'lineCount')) || 0, 20);
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const topupAccount = fieldsUnder(form, `lines.${i}.topupAccount.`);
    return {
      listingId: text(form, `lines.${i}.listingId`),
      quantity: text(form, `lines.${i}.quantity`),
      ...(Object.keys(topupAccount).length > 0 ? { topupAccount } : {}),
    };
  });
  const address = fieldsUnder(form, 'shippingAddress.');
  try {
    const placed = await placeCheckout(
      { db: context.runtime.db, providers: context.runtime.payments },
      {
        tenantId: tenant.id,
        customerId: signedIn?.customer.id ?? null,
        // One spelling per address (no ::ffff: prefix), as the per-address caps count it.
        ip: customerCtx(request, context).ip,
        idempotencyKey: text(form, 'idempotencyKey'),
        lines,
        contact: text(form, 'contact'),
        lookupPassword: text(form, 'lookupPassword'),
        ...(Object.keys(address).length > 0 ? { shippingAddress: address } : {}),
        paymentMethod: text(form, 'paymentMethod'),
        cart: text(form, 'source') === 'cart' ? owner : null,
      },
    );
    if (placed.paidWithBalance) context.runtime.kickOutbox();
    const headers = new Headers();
    headers.append('Set-Cookie', grantOrderAccess(request, context, tenant.id, placed.orderId));
    if (signedIn?.setCookie) headers.append('Set-Cookie', signedIn.setCookie);
    return redirect(placed.payUrl ?? `/orders/${placed.orderId}`, { headers });
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>(
      { ...body, idempotencyKey: randomUUID(), values: echo(form) },
      status,
    );
  }
}

const PROBLEM_TEXT: Record<NonNullable<CheckoutLine['problem']>, MessageKey> = {
  off_sale: 'cart.problem.off_sale',
  sold_out: 'cart.problem.sold_out',
  short: 'cart.problem.short',
  below_min: 'cart.problem.below_min',
  above_max: 'cart.problem.above_max',
};

const INPUT =
  'focus:border-brand focus:ring-brand block h-11 w-full rounded-lg border bg-white px-3 text-base shadow-sm outline-none focus:ring-1 sm:h-10 sm:text-sm';

function inputMode(kind: CheckoutLine['topupFields'][number]['kind']) {
  return kind === 'mobile_cn'
    ? ({ inputMode: 'tel', autoComplete: 'tel', type: 'tel' } as const)
    : kind === 'qq'
      ? ({ inputMode: 'numeric', type: 'text' } as const)
      : kind === 'email'
        ? ({ inputMode: 'email', autoComplete: 'email', type: 'email' } as const)
        : ({ type: 'text' } as const);
}

function TextField({
  name,
  label,
  hint,
  error,
  optional,
  ...input
}: React.InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  hint?: string;
  error: string | undefined;
  optional?: boolean;
}) {
  const t = useT();
  const id = `f-${name.replace(/\./g, '-')}`;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
        {optional ? (
          <span className="ml-1 font-normal text-slate-400">{t('checkout.optional')}</span>
        ) : null}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        className={cx(INPUT, error ? 'border-red-500' : 'border-slate-300')}
        {...input}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5">
      <h2 className="mb-3 text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

export default function CheckoutPage() {
  const root = useRouteLoaderData('root') as RootData;
  const { view, idempotencyKey, customerName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const location = useLocation();
  const t = useT();
  const submitting = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';
  const errors = result?.fieldErrors ?? {};
  const values = result?.values ?? {};
  const guest = view.balanceFen === null;
  const balanceShort = view.balanceFen !== null && view.balanceFen < view.totalFen;
  const firstUsable =
    view.paymentMethods.find((m) => m.id !== 'balance' || !balanceShort)?.id ?? '';
  const [method, setMethod] = useState(values.paymentMethod || firstUsable);
  const backTo = location.pathname + location.search;

  // Field errors with no field on this page (a line's quantity, say) go to the top.
  const shown = new Set<string>([
    'contact',
    'lookupPassword',
    'paymentMethod',
    ...view.lines.flatMap((l, i) => l.topupFields.map((f) => `lines.${i}.topupAccount.${f.key}`)),
    ...(view.needsShipping
      ? ['name', 'phone', 'region', 'address', 'postalCode'].map((k) => `shippingAddress.${k}`)
      : []),
  ]);
  const unplaced = Object.entries(errors)
    .filter(([key]) => !shown.has(key))
    .map(([, message]) => message);
  const topMessage =
    result?.formError ??
    unplaced[0] ??
    (Object.keys(errors).length > 0 ? t('checkout.fixFields') : undefined);

  if (view.lines.length === 0) {
    return (
      <ShopLayout shop={root.shop!}>
        <section className="mx-auto max-w-md rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
          <h1 className="text-lg font-semibold">{t('checkout.nothing.title')}</h1>
          <p className="mt-2 text-sm text-slate-600">
            {view.skippedLines > 0
              ? t('checkout.nothing.flagged', { count: view.skippedLines })
              : t('checkout.nothing.body')}
          </p>
          <Link
            to={view.skippedLines > 0 ? '/cart' : '/'}
            className="bg-brand mt-5 inline-flex h-10 items-center rounded-lg px-5 text-sm font-medium text-white"
          >
            {view.skippedLines > 0 ? t('checkout.backToCart') : t('cart.empty.cta')}
          </Link>
        </section>
      </ShopLayout>
    );
  }

  return (
    <ShopLayout shop={root.shop!}>
      <Form method="post" noValidate className="mx-auto max-w-2xl space-y-4 pb-32 sm:pb-0">
        <h1 className="text-xl font-bold text-slate-900 sm:text-2xl">{t('checkout.title')}</h1>
        <input
          type="hidden"
          name="idempotencyKey"
          value={result?.idempotencyKey ?? idempotencyKey}
        />
        <input type="hidden" name="source" value={view.source} />
        <input type="hidden" name="lineCount" value={view.lines.length} />

        {topMessage ? <Alert>{topMessage}</Alert> : null}
        {view.skippedLines > 0 ? (
          <Alert tone="info">
            {t('checkout.skipped', { count: view.skippedLines })}{' '}
            <Link to="/cart" className="font-medium underline underline-offset-4">
              {t('checkout.backToCart')}
            </Link>
          </Alert>
        ) : null}

        <Section title={t('checkout.items')}>
          <ul className="divide-y divide-slate-100">
            {view.lines.map((line, i) => (
              <li
                key={line.listingId}
                className="py-3 first:pt-0 last:pb-0"
                data-testid="checkout-line"
              >
                <input type="hidden" name={`lines.${i}.listingId`} value={line.listingId} />
                <input type="hidden" name={`lines.${i}.quantity`} value={line.quantity} />
                <div className="flex gap-3">
                  <ProductIcon
                    icon={line.icon}
                    name={line.productName}
                    imagePath={line.imagePath}
                    className="aspect-square w-14 shrink-0 text-2xl"
                  />
                  <div className="min-w-0 flex-1">
                    <p className="line-clamp-2 font-medium text-slate-900">{line.productName}</p>
                    <p className="text-sm text-slate-500">{line.skuName}</p>
                    <p className="mt-1 text-sm text-slate-600">
                      {formatPrice(line.unitPriceFen)} × {line.quantity}
                    </p>
                  </div>
                  <p className="shrink-0 font-semibold text-slate-900">
                    {formatPrice(line.totalFen)}
                  </p>
                </div>
                {line.problem ? (
                  <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
                    ⚠{' '}
                    {t(PROBLEM_TEXT[line.problem], {
                      min: line.minPerOrder,
                      max: line.maxPerOrder,
                    })}{' '}
                    <Link
                      to={`/p/${line.productId}`}
                      className="font-medium underline underline-offset-4"
                    >
                      {t('checkout.changeItem')}
                    </Link>
                  </p>
                ) : null}
                {line.topupFields.length > 0 ? (
                  <fieldset className="mt-3 space-y-3 rounded-xl bg-sky-50/60 p-3 ring-1 ring-sky-100">
                    <legend className="sr-only">{t('checkout.topup.title')}</legend>
                    <p className="text-sm font-medium text-sky-900">{t('checkout.topup.title')}</p>
                    {line.topupFields.map((field) => {
                      const name = `lines.${i}.topupAccount.${field.key}`;
                      return (
                        <TextField
                          key={field.key}
                          name={name}
                          label={field.label}
                          optional={!field.required}
                          required={field.required}
                          maxLength={100}
                          defaultValue={values[name]}
                          error={errors[name]}
                          {...inputMode(field.kind)}
                        />
                      );
                    })}
                    <p className="text-xs text-sky-900/80">{t('checkout.topup.hint')}</p>
                  </fieldset>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>

        {view.needsShipping ? (
          <Section title={t('checkout.shipping.title')}>
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField
                name="shippingAddress.name"
                label={t('checkout.shipping.name')}
                autoComplete="name"
                maxLength={40}
                defaultValue={values['shippingAddress.name']}
                error={errors['shippingAddress.name']}
              />
              <TextField
                name="shippingAddress.phone"
                label={t('checkout.shipping.phone')}
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                defaultValue={values['shippingAddress.phone']}
                error={errors['shippingAddress.phone']}
              />
              <div className="sm:col-span-2">
                <TextField
                  name="shippingAddress.region"
                  label={t('checkout.shipping.region')}
                  placeholder={t('checkout.shipping.regionPlaceholder')}
                  autoComplete="address-level1"
                  maxLength={60}
                  defaultValue={values['shippingAddress.region']}
                  error={errors['shippingAddress.region']}
                />
              </div>
              <div className="sm:col-span-2">
                <TextField
                  name="shippingAddress.address"
                  label={t('checkout.shipping.address')}
                  placeholder={t('checkout.shipping.addressPlaceholder')}
                  autoComplete="street-address"
                  maxLength={120}
                  defaultValue={values['shippingAddress.address']}
                  error={errors['shippingAddress.address']}
                />
              </div>
              <TextField
                name="shippingAddress.postalCode"
                label={t('checkout.shipping.postalCode')}
                optional
                inputMode="numeric"
                autoComplete="postal-code"
                maxLength={6}
                defaultValue={values['shippingAddress.postalCode']}
                error={errors['shippingAddress.postalCode']}
              />
            </div>
          </Section>
        ) : null}

        {guest ? (
          <Section title={t('checkout.contact.title')}>
            <div className="space-y-3">
              <TextField
                name="contact"
                label={t('checkout.contact.label')}
                hint={t('checkout.contact.hint')}
                autoComplete="email"
                inputMode="email"
                maxLength={254}
                defaultValue={values.contact}
                error={errors.contact}
              />
              <TextField
                name="lookupPassword"
                label={t('checkout.lookupPassword.label')}
                hint={t('checkout.lookupPassword.hint')}
                type="password"
                autoComplete="new-password"
                minLength={6}
                maxLength={64}
                error={errors.lookupPassword}
              />
              <p className="text-sm text-slate-600">
                {t('checkout.haveAccount')}{' '}
                <Link
                  to={`/login?redirectTo=${encodeURIComponent(backTo)}`}
                  className="text-brand font-medium hover:underline"
                >
                  {t('checkout.signIn')}
                </Link>
              </p>
            </div>
          </Section>
        ) : (
          <p className="px-1 text-sm text-slate-600">
            {t('checkout.signedInAs', { name: customerName ?? '' })}
          </p>
        )}

        <Section title={t('checkout.payment.title')}>
          <fieldset aria-describedby={errors.paymentMethod ? 'pay-error' : undefined}>
            <legend className="sr-only">{t('checkout.payment.title')}</legend>
            <div className="space-y-2">
              {view.paymentMethods.map((m) => {
                const isBalance = m.id === 'balance';
                const disabled = isBalance && balanceShort;
                return (
                  <label
                    key={m.id}
                    className={cx(
                      'flex items-center gap-3 rounded-xl p-3 ring-1 transition',
                      method === m.id ? 'ring-brand bg-brand/5 ring-2' : 'ring-slate-200',
                      disabled ? 'cursor-not-allowed opacity-70' : 'cursor-pointer',
                    )}
                  >
                    <input
                      type="radio"
                      name="paymentMethod"
                      value={m.id}
                      checked={method === m.id}
                      onChange={() => setMethod(m.id)}
                      disabled={disabled}
                      className="accent-brand h-4 w-4"
                    />
                    <span className="min-w-0 flex-1">
                      <span className="block font-medium text-slate-900">
                        {isBalance ? t('checkout.payment.balance') : m.name}
                      </span>
                      {isBalance ? (
                        <span
                          className={cx(
                            'block text-sm',
                            balanceShort ? 'text-amber-700' : 'text-slate-500',
                          )}
                        >
                          {t('checkout.payment.balanceNow', {
                            amount: formatPrice(view.balanceFen ?? 0),
                          })}
                          {balanceShort ? ` · ${t('checkout.payment.balanceShort')}` : ''}
                        </span>
                      ) : null}
                    </span>
                    {isBalance && balanceShort ? (
                      <Link
                        to="/account/balance"
                        className="text-brand shrink-0 text-sm font-medium hover:underline"
                      >
                        {t('checkout.payment.topUp')}
                      </Link>
                    ) : null}
                  </label>
                );
              })}
            </div>
            {errors.paymentMethod ? (
              <p id="pay-error" className="mt-2 text-sm text-red-600">
                {errors.paymentMethod}
              </p>
            ) : null}
          </fieldset>
        </Section>

        <section
          aria-label={t('checkout.summary')}
          className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-[0_-4px_12px_rgba(15,23,42,0.06)] backdrop-blur sm:static sm:rounded-2xl sm:border-0 sm:p-4 sm:shadow-sm sm:ring-1 sm:ring-slate-200"
        >
          <div className="mx-auto flex max-w-2xl items-center justify-between gap-4">
            <div className="min-w-0">
              <p className="text-sm text-slate-600">
                {t('checkout.total')}{' '}
                <span className="text-brand text-xl font-bold" data-testid="checkout-total">
                  {formatPrice(view.totalFen)}
                </span>
              </p>
              <p className="text-xs text-slate-500">
                {t('checkout.expiryNote', { minutes: view.orderExpiryMinutes })}
              </p>
            </div>
            <button
              type="submit"
              disabled={!view.ready || submitting}
              className="bg-brand inline-flex h-11 shrink-0 items-center rounded-xl px-6 text-base font-semibold text-white shadow-sm hover:opacity-90 disabled:opacity-50"
            >
              {submitting ? t('checkout.submitting') : t('checkout.submit')}
            </button>
          </div>
        </section>
      </Form>
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  const t = useT();
  return (
    <ShopRouteError
      describe={(_status, data) =>
        data.reason === 'listing-not-found'
          ? { title: 'checkout.notFound.title', body: t('checkout.notFound.body') }
          : null
      }
    />
  );
}
