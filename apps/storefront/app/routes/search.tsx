import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { searchShop, type SearchPage } from '@cardshop/domain';
import { Alert, translate, useT } from '@cardshop/ui';
import { Pager } from '../components/pager';
import { ProductGrid } from '../components/product-card';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { shopMeta } from '../lib/meta';
import { shopRead } from '../lib/shop.server';
import type { RootData } from '../root';

type SearchData = { result: SearchPage; error: null } | { result: null; error: string; q: string };

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const q = params.get('q') ?? '';
  const page = params.get('page') ?? undefined;
  try {
    const result = await shopRead(context, (trx, tenantId) =>
      searchShop(trx, { tenantId, q, page }),
    );
    return data<SearchData>({ result, error: null });
  } catch (error) {
    // Bad input (too long, a bad page number) is answered on the search page itself.
    if (error instanceof Response && error.status === 400) {
      const body = (await error.json()) as { message?: string };
      return data<SearchData>(
        { result: null, error: body.message ?? '', q: q.slice(0, 200) },
        { status: 400 },
      );
    }
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => {
  const root = matches.find((m) => m.id === 'root')?.data as RootData | undefined;
  const lang = root?.lang ?? 'zh-CN';
  const q = page?.result?.query;
  return [
    ...shopMeta(
      matches,
      q ? translate(lang, 'shop.search.title', { q }) : translate(lang, 'shop.search.heading'),
    ),
    { name: 'robots', content: 'noindex' },
  ];
};

export default function SearchRoute() {
  const root = useRouteLoaderData('root') as RootData;
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const query = page.result ? page.result.query : page.q;
  return (
    <ShopLayout
      shop={root.shop!}
      categories={page.result?.categories ?? []}
      activeSlug=""
      query={query}
    >
      {page.error !== null ? (
        <div className="space-y-4">
          <h1 className="text-xl font-bold text-slate-900">{t('shop.search.heading')}</h1>
          <Alert>{page.error}</Alert>
        </div>
      ) : (
        <Results result={page.result} />
      )}
    </ShopLayout>
  );
}

function Results({ result }: { result: SearchPage }) {
  const t = useT();
  if (!result.query) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-bold text-slate-900">{t('shop.search.heading')}</h1>
        <p className="text-slate-600">{t('shop.search.prompt')}</p>
        <CategoryLinks result={result} />
      </div>
    );
  }
  if (result.products.length === 0) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-bold text-slate-900">
          {t('shop.search.empty.title', { q: result.query })}
        </h1>
        <p className="text-slate-600">{t('shop.search.empty.body')}</p>
        <CategoryLinks result={result} />
      </div>
    );
  }
  return (
    <>
      <div className="mb-4 flex items-end justify-between gap-4">
        <h1 className="text-xl font-bold text-slate-900">
          {t('shop.search.title', { q: result.query })}
        </h1>
        <p className="shrink-0 text-sm text-slate-500">
          {t('shop.search.count', { count: result.pageInfo.total })}
        </p>
      </div>
      <ProductGrid products={result.products} />
      <Pager info={result.pageInfo} params={{ q: result.query }} />
    </>
  );
}

function CategoryLinks({ result }: { result: SearchPage }) {
  if (result.categories.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2 pt-2">
      {result.categories.map((category) => (
        <li key={category.id}>
          <Link
            to={`/c/${category.slug}`}
            className="hover:text-brand block rounded-full bg-white px-3 py-1.5 text-sm text-slate-700 ring-1 ring-slate-200"
          >
            {category.icon ? <span className="mr-1">{category.icon}</span> : null}
            {category.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ErrorBoundary() {
  return <ShopRouteError describe={() => null} />;
}
