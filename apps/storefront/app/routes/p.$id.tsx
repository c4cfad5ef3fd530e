import { useState } from 'react';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { getProductPage, StorefrontErrors, type ProductPageSku } from '@cardshop/domain';
import { cx, useLang, useT } from '@cardshop/ui';
import { ProductIcon } from '../components/product-card';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { StockLabel, stockTone, useStockText } from '../components/stock-label';
import { formatPrice } from '../lib/format';
import { shopMeta } from '../lib/meta';
import { shopRead } from '../lib/shop.server';
import type { RootData } from '../root';

export async function loader({ context, params }: LoaderFunctionArgs) {
  const productId = params.id ?? '';
  return shopRead(context, (trx, tenantId) => getProductPage(trx, { tenantId, productId }), {
    reasons: { [StorefrontErrors.PRODUCT_NOT_FOUND]: 'product-not-found' },
  });
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
  const [selectedId, setSelectedId] = useState(
    () => (skus.find((s) => s.stock.level !== 'out') ?? skus[0])!.id,
  );
  const selected = skus.find((s) => s.id === selectedId) ?? skus[0]!;
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
                  onSelect={() => setSelectedId(sku.id)}
                />
              ))}
            </div>
          </fieldset>
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
        name="sku"
        value={sku.id}
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
