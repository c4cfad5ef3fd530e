import { useState } from 'react';
import {
  data,
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
  useRouteLoaderData,
} from '@remix-run/react';
import {
  addCartItem,
  getProductPage,
  StorefrontErrors,
  type ProductPageSku,
} from '@cardshop/domain';
import { Alert, cx, useLang, useT } from '@cardshop/ui';
import { ProductIcon } from '../components/product-card';
import { QuantityStepper } from '../components/quantity-stepper';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { StockLabel, stockTone, useStockText } from '../components/stock-label';
import { formatPrice } from '../lib/format';
import { shopMeta } from '../lib/meta';
import { cachePage } from '../lib/page-cache.server';
import { shopRead } from '../lib/shop.server';
import { cartCookie, cartOwner, inShopCart } from '../lib/cart.server';
import { formFailure, text, type FormFailure } from '../customer.server';
import type { RootData } from '../root';

export async function loader({ context, params }: LoaderFunctionArgs) {
  const productId = params.id ?? '';
  const data = await shopRead(
    context,
    (trx, tenantId) => getProductPage(trx, { tenantId, productId }),
    { reasons: { [StorefrontErrors.PRODUCT_NOT_FOUND]: 'product-not-found' } },
  );
  cachePage(context, [data.product.id]);
  return data;
}

type AddResult = FormFailure & { added?: { listingId: string; quantity: number } };

/** 加入购物车 (立即购买 is a plain GET of /checkout, so it needs no action). */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const listingId = text(form, 'listing');
  const { owner } = await cartOwner(request, context);
  try {
    const added = await inShopCart(context, (trx, tenantId) =>
      addCartItem(trx, { tenantId, owner, listingId, quantity: text(form, 'qty') }),
    );
    return data<AddResult>(
      { added: { listingId, quantity: added.quantity } },
      added.guestToken ? { headers: { 'Set-Cookie': cartCookie(context, added.guestToken) } } : {},
    );
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<AddResult>(body, status);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  shopMeta(matches, data?.product.name ?? null, data?.product.summary || null);

const typeTone = {
  card_code: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  direct_topup: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  physical_card: 'bg-violet-50 text-violet-700 ring-violet-600/20',
} as const;

export default function ProductRoute() {
  const root = useRouteLoaderData('root') as RootData;
  const { product, skus, categories } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const stockText = useStockText();
  const result = useActionData<typeof action>() as AddResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';
  const [selectedId, setSelectedId] = useState(
    () => (skus.find((s) => s.stock.level !== 'out') ?? skus[0])!.id,
  );
  const selected = skus.find((s) => s.id === selectedId) ?? skus[0]!;
  const [quantity, setQuantity] = useState(selected.minPerOrder);
  const soldOut = selected.stock.level === 'out';
  const chooseSku = (sku: ProductPageSku) => {
    setSelectedId(sku.id);
    setQuantity(sku.minPerOrder);
  };
  const platformCategory =
    lang === 'en' ? product.platformCategory.nameEn : product.platformCategory.name;

  return (
    <ShopLayout
      shop={root.shop!}
      categories={categories}
      activeSlug={product.shopCategory?.slug ?? ''}
    >
      <nav aria-label="breadcrumb" className="mb-4 text-sm text-slate-500">
        <Link to="/" className="hover:text-brand">
          {t('shop.home')}
        </Link>
        {product.shopCategory ? (
          <>
            <span className="mx-2">/</span>
            <Link to={`/c/${product.shopCategory.slug}`} className="hover:text-brand">
              {product.shopCategory.name}
            </Link>
          </>
        ) : null}
      </nav>

      <div className="grid gap-6 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="hidden self-start rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 md:block">
          <ProductIcon
            icon={product.platformCategory.icon}
            name={product.name}
            imagePath={product.imagePath}
            className="aspect-square w-full text-7xl"
          />
        </div>

        <div className="space-y-5">
          <div className="flex items-start gap-3">
            <ProductIcon
              icon={product.platformCategory.icon}
              name={product.name}
              imagePath={product.imagePath}
              className="aspect-square w-16 shrink-0 text-3xl md:hidden"
            />
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <span
                  className={cx(
                    'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
                    typeTone[product.type],
                  )}
                >
                  {t(`product.type.${product.type}`)}
                </span>
                <span className="text-xs text-slate-500">{platformCategory}</span>
              </div>
              <h1 className="mt-2 text-xl font-bold text-slate-900 sm:text-2xl">{product.name}</h1>
            </div>
          </div>

          {product.regionLock ? (
            <div
              role="note"
              className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900"
            >
              <p className="text-sm font-semibold">⚠ {t('shop.product.regionLock')}</p>
              <p className="mt-1 text-base">{product.regionLock}</p>
            </div>
          ) : null}

          <div className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <p className="text-sm text-slate-500">{t('shop.product.price')}</p>
            <p className="text-brand mt-1 text-3xl font-bold" data-testid="price">
              {formatPrice(selected.priceFen)}
            </p>
            <p className={cx('mt-1 text-sm font-medium', stockTone(selected.stock))}>
              {stockText(selected.stock)}
            </p>
            <p className="mt-1 text-sm text-slate-500">{limitsText(t, selected)}</p>
          </div>

          <Form method="post" className="space-y-5" data-testid="buy-form">
            <fieldset>
              <legend className="mb-2 text-sm font-semibold text-slate-900">
                {t('shop.product.chooseSku')}
              </legend>
              <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                {skus.map((sku) => (
                  <SkuOption
                    key={sku.id}
                    sku={sku}
                    checked={sku.id === selected.id}
                    onSelect={() => chooseSku(sku)}
                  />
                ))}
              </div>
            </fieldset>

            <div className="flex flex-wrap items-center gap-3">
              <label htmlFor="qty" className="text-sm font-semibold text-slate-900">
                {t('cart.qty.label')}
              </label>
              <QuantityStepper
                id="qty"
                name="qty"
                value={quantity}
                min={selected.minPerOrder}
                max={selected.maxPerOrder}
                onChange={setQuantity}
                disabled={soldOut}
                invalid={Boolean(result?.fieldErrors?.quantity)}
                describedBy={result?.fieldErrors?.quantity ? 'qty-error' : undefined}
              />
              {result?.fieldErrors?.quantity ? (
                <p id="qty-error" className="w-full text-sm text-red-600">
                  {result.fieldErrors.quantity}
                </p>
              ) : null}
            </div>

            {result?.formError ? <Alert>{result.formError}</Alert> : null}
            {result?.added && !busy ? (
              <div
                role="status"
                className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800"
              >
                <span>✓ {t('cart.added', { count: result.added.quantity })}</span>
                <Link to="/cart" className="font-medium underline underline-offset-4">
                  {t('cart.goToCart')}
                </Link>
              </div>
            ) : null}

            <div className="grid grid-cols-2 gap-3 sm:max-w-md">
              <button
                type="submit"
                name="intent"
                value="add"
                disabled={soldOut || busy}
                className="border-brand text-brand hover:bg-brand/5 h-12 rounded-xl border-2 bg-white text-base font-semibold disabled:opacity-50"
              >
                {t('cart.add')}
              </button>
              <button
                type="submit"
                formMethod="get"
                formAction="/checkout"
                disabled={soldOut}
                className="bg-brand h-12 rounded-xl text-base font-semibold text-white shadow-sm hover:opacity-90 disabled:opacity-50"
              >
                {t('cart.buyNow')}
              </button>
            </div>
            {soldOut ? <p className="text-sm text-slate-500">{t('cart.soldOutHint')}</p> : null}
          </Form>
        </div>
      </div>

      <section
        aria-labelledby="description"
        className="mt-6 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6"
      >
        <h2 id="description" className="text-lg font-semibold text-slate-900">
          {t('shop.product.description')}
        </h2>
        {product.descriptionHtml ? (
          <div
            className="description mt-3 space-y-3 text-sm leading-6 break-words text-slate-700"
            dangerouslySetInnerHTML={{ __html: product.descriptionHtml }}
          />
        ) : (
          <p className="mt-3 text-sm text-slate-500">{t('shop.product.noDescription')}</p>
        )}
      </section>
    </ShopLayout>
  );
}

function limitsText(t: ReturnType<typeof useT>, sku: ProductPageSku): string {
  return sku.minPerOrder === sku.maxPerOrder
    ? t('shop.product.limitsExact', { min: sku.minPerOrder })
    : t('shop.product.limits', { min: sku.minPerOrder, max: sku.maxPerOrder });
}

function SkuOption({
  sku,
  checked,
  onSelect,
}: {
  sku: ProductPageSku;
  checked: boolean;
  onSelect: () => void;
}) {
  const t = useT();
  const soldOut = sku.stock.level === 'out';
  return (
    <label
      className={cx(
        'relative flex cursor-pointer flex-col rounded-xl bg-white p-3 ring-1 transition',
        checked ? 'ring-brand bg-brand/5 ring-2' : 'ring-slate-200 hover:ring-slate-300',
        soldOut && 'opacity-60',
      )}
    >
      <input
        type="radio"
        name="listing"
        value={sku.listingId}
        checked={checked}
        onChange={onSelect}
        className="sr-only"
      />
      <span className="text-sm font-medium text-slate-900">{sku.name}</span>
      {sku.faceValueFen ? (
        <span className="text-xs text-slate-400">
          {t('shop.product.faceValue', { value: formatPrice(sku.faceValueFen) })}
        </span>
      ) : null}
      <span className="text-brand mt-1 text-base font-semibold">{formatPrice(sku.priceFen)}</span>
      <StockLabel stock={sku.stock} />
    </label>
  );
}

export function ErrorBoundary() {
  const t = useT();
  return (
    <ShopRouteError
      describe={(status, data) =>
        data.reason === 'product-not-found'
          ? { title: 'shop.product.notFound.title', body: t('shop.product.notFound.body') }
          : null
      }
    />
  );
}
