import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { getShopHome, type ShopHomePage } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { ProductGrid } from '../components/product-card';
import { ShopLayout, type Shop } from '../components/shop-layout';
import { Pager } from '../components/pager';
import { shopMeta } from '../lib/meta';
import { cachePage } from '../lib/page-cache.server';
import { shopRead } from '../lib/shop.server';
import type { RootData } from '../root';

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.host.kind === 'platform') return { home: null };
  const page = new URL(request.url).searchParams.get('page') ?? undefined;
  const home = await shopRead(context, (trx, tenantId) => getShopHome(trx, { tenantId, page }));
  cachePage(
    context,
    [...home.featured, ...home.sections.flatMap((s) => s.products), ...home.others.products].map(
      (card) => card.productId,
    ),
  );
  return { home };
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => shopMeta(matches, null);

export default function Home() {
  const root = useRouteLoaderData('root') as RootData;
  const { home } = useLoaderData<typeof loader>();
  return root.shop && home ? (
    <ShopHome shop={root.shop} home={home} />
  ) : (
    <PlatformHome consoleUrl={root.consoleUrl} example={root.example} />
  );
}

function SectionTitle({
  id,
  children,
  aside,
}: {
  id: string;
  children: React.ReactNode;
  aside?: React.ReactNode;
}) {
  return (
    <div className="mb-3 flex items-end justify-between gap-4">
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {children}
      </h2>
      {aside}
    </div>
  );
}

function ShopHome({ shop, home }: { shop: Shop; home: ShopHomePage }) {
  const t = useT();
  const { branding } = shop;
  const hero = (
    <div className="mx-auto max-w-5xl px-4 pt-4 pb-8">
      <h1 className="text-2xl font-bold sm:text-3xl">{shop.name}</h1>
      {branding.tagline ? <p className="mt-2 text-white/90">{branding.tagline}</p> : null}
    </div>
  );
  return (
    <ShopLayout shop={shop} categories={home.categories} hero={hero}>
      <div className="space-y-8">
        {branding.notice ? (
          <section className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 shadow-sm">
            <strong className="mr-2">{t('shop.notice')}</strong>
            {branding.notice}
          </section>
        ) : null}

        <ul className="-mx-4 flex [scrollbar-width:none] gap-2 overflow-x-auto px-4 sm:mx-0 sm:grid sm:grid-cols-3 sm:gap-3 sm:px-0">
          {(
            ['shop.features.instant', 'shop.features.secure', 'shop.features.support'] as const
          ).map((key) => (
            <li
              key={key}
              className="shrink-0 rounded-xl bg-white px-3 py-2 text-xs whitespace-nowrap text-slate-700 shadow-sm ring-1 ring-slate-200 sm:px-4 sm:py-2.5 sm:text-sm"
            >
              <span className="text-brand mr-1.5">●</span>
              {t(key)}
            </li>
          ))}
        </ul>

        {home.hasGoods ? (
          <>
            {home.categories.length > 0 ? (
              <section aria-labelledby="categories">
                <SectionTitle id="categories">{t('shop.categories')}</SectionTitle>
                <ul className="grid grid-cols-4 gap-2 sm:grid-cols-6 lg:grid-cols-8">
                  {home.categories.map((category) => (
                    <li key={category.id}>
                      <Link
                        to={`/c/${category.slug}`}
                        className="flex flex-col items-center gap-1 rounded-xl bg-white px-1 py-3 text-center shadow-sm ring-1 ring-slate-200 hover:ring-slate-300"
                      >
                        <span aria-hidden className="text-2xl leading-none">
                          {category.icon || category.name.slice(0, 1)}
                        </span>
                        <span className="line-clamp-1 text-xs text-slate-700">{category.name}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}

            {home.featured.length > 0 ? (
              <section aria-labelledby="featured">
                <SectionTitle id="featured">{t('shop.featured')}</SectionTitle>
                <ProductGrid products={home.featured} />
              </section>
            ) : null}

            {home.sections.map(({ category, products, total }) => (
              <section key={category.id} aria-labelledby={`section-${category.slug}`}>
                <SectionTitle
                  id={`section-${category.slug}`}
                  aside={
                    <Link
                      to={`/c/${category.slug}`}
                      className="text-brand shrink-0 text-sm font-medium hover:underline"
                    >
                      {t('shop.viewAll', { count: total })} →
                    </Link>
                  }
                >
                  {category.icon ? <span className="mr-2">{category.icon}</span> : null}
                  {category.name}
                </SectionTitle>
                <ProductGrid products={products} />
              </section>
            ))}

            {home.others.total > 0 ? (
              <section aria-labelledby="others">
                <SectionTitle id="others">
                  {home.sections.length > 0 ? t('shop.others') : t('shop.goods')}
                </SectionTitle>
                <ProductGrid products={home.others.products} />
                <Pager info={home.others} />
              </section>
            ) : null}
          </>
        ) : (
          <section
            aria-labelledby="goods"
            className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
          >
            <h2 id="goods" className="text-lg font-semibold">
              {t('shop.goods')}
            </h2>
            <div className="py-12 text-center">
              <p className="font-medium text-slate-800">{t('shop.empty.title')}</p>
              <p className="mt-1 text-sm text-slate-500">{t('shop.empty.body')}</p>
            </div>
          </section>
        )}
      </div>
    </ShopLayout>
  );
}

function PlatformHome({ consoleUrl, example }: { consoleUrl: string; example: string }) {
  const t = useT();
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-6">
      <h1 className="text-3xl font-bold">{t('platform.title')}</h1>
      <p className="text-slate-600">{t('platform.body')}</p>
      <p className="text-sm text-slate-500">{t('platform.shopHint', { example })}</p>
      <a href={consoleUrl} className="bg-brand inline-flex w-fit rounded-lg px-4 py-2 text-white">
        {t('platform.console')}
      </a>
    </main>
  );
}
