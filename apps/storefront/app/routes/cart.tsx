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
  useNavigation,
  useRouteLoaderData,
} from '@remix-run/react';
import {
  getCart,
  removeCartItems,
  setCartItemQuantity,
  type CartLine,
  type CartLineProblem,
} from '@cardshop/domain';
import { Alert, cx, translate, useT, type MessageKey } from '@cardshop/ui';
import { ProductIcon } from '../components/product-card';
import { QuantityStepper } from '../components/quantity-stepper';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { StockLabel } from '../components/stock-label';
import { formFailure, text, type FormFailure } from '../customer.server';
import { cartOwner, inShopCart } from '../lib/cart.server';
import { formatPrice } from '../lib/format';
import { rootDataOf, shopMeta } from '../lib/meta';
import type { RootData } from '../root';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { owner, signedIn } = await cartOwner(request, context);
  const cart = await inShopCart(context, (trx, tenantId) => getCart(trx, { tenantId, owner }));
  return data(
    { cart, signedIn: signedIn !== null },
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
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'cart.title'));

type ActionResult = FormFailure & { listingId?: string };

/** Change a line's quantity (the typed number plus the −/+ button's step) or remove it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = text(form, 'intent');
  const listingId = text(form, 'listing');
  const { owner } = await cartOwner(request, context);
  try {
    if (intent === 'remove') {
      await inShopCart(context, (trx, tenantId) =>
        removeCartItems(trx, { tenantId, owner, listingIds: [listingId] }),
      );
    } else {
      const typed = text(form, 'qty').trim();
      const step = Number(text(form, 'step') || '0');
      const quantity =
        /^\d+$/.test(typed) && Number.isInteger(step) && Math.abs(step) <= 1
          ? Number(typed) + step
          : typed;
      await inShopCart(context, (trx, tenantId) =>
        setCartItemQuantity(trx, { tenantId, owner, listingId, quantity }),
      );
    }
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>({ ...body, listingId }, status);
  }
  return redirect('/cart');
}

const PROBLEM_TEXT: Record<CartLineProblem, MessageKey> = {
  off_sale: 'cart.problem.off_sale',
  sold_out: 'cart.problem.sold_out',
  short: 'cart.problem.short',
  below_min: 'cart.problem.below_min',
  above_max: 'cart.problem.above_max',
};

export default function CartPage() {
  const root = useRouteLoaderData('root') as RootData;
  const { cart } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const flagged = cart.lines.length - cart.buyableCount;
  const buyableUnits = cart.lines
    .filter((l) => l.problem === null)
    .reduce((sum, l) => sum + l.quantity, 0);

  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto max-w-3xl pb-28 sm:pb-0">
        <h1 className="text-xl font-bold text-slate-900 sm:text-2xl">{t('cart.title')}</h1>

        {cart.lines.length === 0 ? (
          <section className="mt-6 rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
            <p className="text-4xl" aria-hidden>
              🛒
            </p>
            <p className="mt-3 font-medium text-slate-900">{t('cart.empty.title')}</p>
            <p className="mt-1 text-sm text-slate-500">{t('cart.empty.body')}</p>
            <Link
              to="/"
              className="bg-brand mt-5 inline-flex h-10 items-center rounded-lg px-5 text-sm font-medium text-white"
            >
              {t('cart.empty.cta')}
            </Link>
          </section>
        ) : (
          <>
            {result?.formError && !result.listingId ? (
              <div className="mt-4">
                <Alert>{result.formError}</Alert>
              </div>
            ) : null}
            <ul className="mt-4 space-y-3">
              {cart.lines.map((line) => (
                <li key={line.listingId}>
                  <CartLineCard
                    line={line}
                    error={
                      result?.listingId === line.listingId
                        ? (result.formError ?? Object.values(result.fieldErrors ?? {})[0])
                        : undefined
                    }
                  />
                </li>
              ))}
            </ul>

            <section
              aria-label={t('cart.summary')}
              className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-[0_-4px_12px_rgba(15,23,42,0.06)] backdrop-blur sm:static sm:mt-4 sm:rounded-2xl sm:border-0 sm:p-4 sm:shadow-sm sm:ring-1 sm:ring-slate-200"
            >
              <div className="mx-auto flex max-w-3xl items-center justify-between gap-4">
                <div className="min-w-0">
                  <p className="text-sm text-slate-600">
                    {t('cart.total', { count: buyableUnits })}{' '}
                    <span className="text-brand text-xl font-bold" data-testid="cart-total">
                      {formatPrice(cart.totalFen)}
                    </span>
                  </p>
                  {flagged > 0 ? (
                    <p className="text-xs text-amber-700">
                      {t('cart.flaggedNote', { count: flagged })}
                    </p>
                  ) : null}
                </div>
                {cart.buyableCount > 0 ? (
                  <Link
                    to="/checkout"
                    className="bg-brand inline-flex h-11 shrink-0 items-center rounded-xl px-6 text-base font-semibold text-white shadow-sm hover:opacity-90"
                  >
                    {t('cart.checkout')}
                  </Link>
                ) : (
                  <span
                    aria-disabled
                    className="inline-flex h-11 shrink-0 items-center rounded-xl bg-slate-200 px-6 text-base font-semibold text-slate-500"
                  >
                    {t('cart.checkout')}
                  </span>
                )}
              </div>
            </section>
          </>
        )}
      </div>
    </ShopLayout>
  );
}

function CartLineCard({ line, error }: { line: CartLine; error: string | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const busy =
    navigation.state !== 'idle' && navigation.formData?.get('listing') === line.listingId;
  const [quantity, setQuantity] = useState(line.quantity);
  const [shown, setShown] = useState(line.quantity);
  // A new quantity from the server (after a change) replaces what was typed.
  if (shown !== line.quantity) {
    setShown(line.quantity);
    setQuantity(line.quantity);
  }
  const offSale = line.problem === 'off_sale';
  const problem = line.problem
    ? t(PROBLEM_TEXT[line.problem], { min: line.minPerOrder, max: line.maxPerOrder })
    : null;
  const stepperId = `qty-${line.listingId}`;
  return (
    <article
      className={cx(
        'rounded-2xl bg-white p-4 shadow-sm ring-1',
        line.problem ? 'ring-amber-300' : 'ring-slate-200',
      )}
      data-testid="cart-line"
    >
      <div className="flex gap-3">
        <Link to={`/p/${line.productId}`} className="shrink-0">
          <ProductIcon
            icon={line.icon}
            name={line.productName}
            imagePath={line.imagePath}
            className={cx('aspect-square w-16 text-2xl', line.problem && 'opacity-60')}
          />
        </Link>
        <div className="min-w-0 flex-1">
          <div className="flex items-start justify-between gap-2">
            <div className="min-w-0">
              <Link
                to={`/p/${line.productId}`}
                className="line-clamp-2 font-medium text-slate-900 hover:underline"
              >
                {line.productName}
              </Link>
              <p className="text-sm text-slate-500">{line.skuName}</p>
            </div>
            <Form method="post" className="shrink-0">
              <input type="hidden" name="listing" value={line.listingId} />
              <button
                type="submit"
                name="intent"
                value="remove"
                className="text-sm text-slate-500 underline-offset-4 hover:text-red-600 hover:underline"
                aria-label={t('cart.removeNamed', { name: line.productName })}
              >
                {t('cart.remove')}
              </button>
            </Form>
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <span className="text-slate-700">{formatPrice(line.unitPriceFen)}</span>
            {line.productType !== 'direct_topup' ? <StockLabel stock={line.stock} /> : null}
          </div>
          {problem ? (
            <p className="mt-2 inline-flex rounded-md bg-amber-50 px-2 py-1 text-xs font-medium text-amber-800 ring-1 ring-amber-200">
              ⚠ {problem}
            </p>
          ) : null}
        </div>
      </div>

      <div className="mt-3 flex items-center justify-between gap-3 border-t border-slate-100 pt-3">
        <Form method="post" className="flex items-center gap-2">
          {/* Enter in the number field submits this (no step) rather than − */}
          <button
            type="submit"
            name="step"
            value="0"
            tabIndex={-1}
            aria-hidden
            className="absolute -left-[9999px] h-0 w-0"
          />
          <input type="hidden" name="intent" value="set" />
          <input type="hidden" name="listing" value={line.listingId} />
          <label htmlFor={stepperId} className="sr-only">
            {t('cart.qty.label')}
          </label>
          <QuantityStepper
            id={stepperId}
            name="qty"
            size="sm"
            value={quantity}
            min={1}
            max={Math.max(line.maxPerOrder, line.quantity)}
            onChange={setQuantity}
            disabled={offSale || busy}
            invalid={Boolean(error)}
            submitSteps
          />
          {quantity !== line.quantity && Number.isFinite(quantity) ? (
            <button
              type="submit"
              className="text-brand text-sm font-medium underline-offset-4 hover:underline"
            >
              {t('cart.update')}
            </button>
          ) : null}
        </Form>
        <p className="text-right">
          <span className="sr-only">{t('cart.lineTotal')}</span>
          <span className="font-semibold text-slate-900">{formatPrice(line.totalFen)}</span>
        </p>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <ShopRouteError describe={() => null} />;
}
