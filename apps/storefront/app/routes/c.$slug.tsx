import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { getCategoryPage, StorefrontErrors } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { Pager } from '../components/pager';
import { ProductGrid } from '../components/product-card';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { shopMeta } from '../lib/meta';
import { cachePage } from '../lib/page-cache.server';
import { shopRead } from '../lib/shop.server';
import type { RootData } from '../root';

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const slug = params.slug ?? '';
  const page = new URL(request.url).searchParams.get('page') ?? undefined;
  const data = await shopRead(
    context,
    (trx, tenantId) => getCategoryPage(trx, { tenantId, slug, page }),
    {
      reasons: { [StorefrontErrors.CATEGORY_NOT_FOUND]: 'category-not-found' },
      details: { slug: slug.slice(0, 40) },
    },
  );
  cachePage(
    context,
    data.products.map((card) => card.productId),
  );
  return data;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  shopMeta(matches, data?.category.name ?? null);

export default function CategoryRoute() {
  const root = useRouteLoaderData('root') as RootData;
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const { category } = page;
  return (
    <ShopLayout shop={root.shop!} categories={page.categories} activeSlug={category.slug}>
      <div className="mb-4 flex items-end justify-between gap-4">
        <h1 className="text-xl font-bold text-slate-900">
          {category.icon ? <span className="mr-2">{category.icon}</span> : null}
          {category.name}
        </h1>
        <p className="text-sm text-slate-500">
          {t('shop.category.count', { count: page.pageInfo.total })}
        </p>
      </div>
      {page.products.length > 0 ? (
        <>
          <ProductGrid products={page.products} />
          <Pager info={page.pageInfo} />
        </>
      ) : (
        <p className="rounded-xl bg-white px-4 py-12 text-center text-slate-500 ring-1 ring-slate-200">
          {t('shop.category.empty')}
        </p>
      )}
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  const t = useT();
  return (
    <ShopRouteError
      describe={(status, data) =>
        data.reason === 'category-not-found'
          ? {
              title: 'shop.category.notFound.title',
              body: t('shop.category.notFound.body', { slug: data.slug ?? '' }),
            }
          : null
      }
    />
  );
}
