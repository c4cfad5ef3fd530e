import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { isDomainError, listSupplierProducts, type ProductStatus } from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { DataTable, formatTime, PageHeader } from '../components';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';
import { Badge, Btn, FormMessage, LinkBtn, Money, Pager } from '../ui';

const STATUSES = ['active', 'draft', 'delisted'] as const;
const PAGE_SIZE = 20;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, canEdit, base } = await requireSupplier(request, context, params.slug);
  const url = new URL(request.url);
  const status = STATUSES.find((s) => s === url.searchParams.get('status'));
  const q = url.searchParams.get('q')?.trim() || undefined;
  const pageParam = Number(url.searchParams.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 10_000 ? pageParam : 1;
  let filterError: string | null = null;
  const products = await asSupplier(context, supplier, async (trx) => {
    try {
      return await listSupplierProducts(trx, {
        ...(status ? { status: status as ProductStatus } : {}),
        ...(q ? { q } : {}),
        page,
        pageSize: PAGE_SIZE,
      });
    } catch (error) {
      if (!isDomainError(error) || error.status >= 500) throw error;
      filterError = error.userMessage;
      return { items: [], total: 0, page: 1, pageSize: PAGE_SIZE };
    }
  });
  return { products, canEdit, base, filterError, notice: url.searchParams.get('notice') };
}

const STATUS_TONE = { active: 'green', draft: 'amber', delisted: 'slate' } as const;

export default function SupplierProducts() {
  const { products, canEdit, base, filterError } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const pageCount = Math.max(1, Math.ceil(products.total / products.pageSize));
  return (
    <>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <PageHeader
          title={t('console.products.title')}
          subtitle={t('console.products.subtitle', { count: products.total })}
        />
        {canEdit ? (
          <LinkBtn to={`${base}/products/new`} variant="primary">
            {t('console.products.new')}
          </LinkBtn>
        ) : null}
      </div>
      <Form
        method="get"
        className="mb-4 flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:flex-row"
      >
        <select
          name="status"
          aria-label={t('console.products.status')}
          defaultValue={search.get('status') ?? ''}
          className="h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm sm:w-40"
        >
          <option value="">{t('console.products.allStatuses')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`console.productStatus.${s}`)}
            </option>
          ))}
        </select>
        <input
          name="q"
          type="search"
          maxLength={80}
          aria-label={t('console.catalog.search')}
          defaultValue={search.get('q') ?? ''}
          placeholder={t('console.catalog.searchPlaceholder')}
          className="h-10 min-w-0 rounded-lg border border-slate-300 px-3 text-sm sm:flex-1"
        />
        <Btn type="submit">{t('console.catalog.filter')}</Btn>
      </Form>
      {filterError ? (
        <div className="mb-4">
          <FormMessage error={filterError} />
        </div>
      ) : null}
      <DataTable
        rows={products.items}
        rowKey={(p) => p.id}
        columns={[
          {
            header: t('console.products.name'),
            cell: (p) => (
              <Link to={`${base}/products/${p.id}`} className="flex items-center gap-2 text-left">
                {p.imageKey ? (
                  <img
                    src={`/media/${p.imageKey}`}
                    alt=""
                    className="hidden h-9 w-9 rounded object-cover ring-1 ring-slate-200 md:block"
                  />
                ) : null}
                <span className="text-brand font-medium hover:underline">{p.name}</span>
              </Link>
            ),
          },
          { header: t('console.products.type'), cell: (p) => t(`console.productType.${p.type}`) },
          { header: t('console.products.category'), cell: (p) => p.categoryName },
          {
            header: t('console.products.skus'),
            cell: (p) =>
              t('console.products.skuCount', { active: p.activeSkuCount, total: p.skuCount }),
          },
          {
            header: t('console.products.fromPrice'),
            cell: (p) => <Money fen={p.minWholesaleFen} />,
          },
          {
            header: t('console.products.stock'),
            cell: (p) => (p.type === 'direct_topup' ? '—' : p.available),
          },
          {
            header: t('console.products.status'),
            cell: (p) => (
              <Badge tone={STATUS_TONE[p.status]}>{t(`console.productStatus.${p.status}`)}</Badge>
            ),
          },
          { header: t('console.products.updated'), cell: (p) => formatTime(p.updatedAt, lang) },
        ]}
      />
      <Pager page={products.page} pageCount={pageCount} search={search} />
    </>
  );
}
