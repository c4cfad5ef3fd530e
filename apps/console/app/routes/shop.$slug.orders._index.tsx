import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { listShopOrders, SHOP_ORDER_STATUSES } from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { DataTable, formatTime, PageHeader } from '../components';
import { ORDER_STATUS_TONE, StatusBadge } from '../orders-ui';
import { requireShop } from '../permissions.server';
import { inShop } from '../scopes.server';
import { Btn, Money, Pager } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop } = await requireShop(request, context, params.slug, 'orders.view');
  const url = new URL(request.url);
  const list = await inShop(context, shop, (trx) =>
    listShopOrders(trx, {
      tenantId: shop.tenantId,
      q: url.searchParams.get('q'),
      status: url.searchParams.get('status'),
      page: Number(url.searchParams.get('page') ?? 1),
    }),
  );
  return { ...list, statuses: SHOP_ORDER_STATUSES, base: `/shop/${shop.slug}/orders` };
}

export default function ShopOrders() {
  const { orders, filter, total, page, pageCount, statuses, base } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const filtering = Boolean(filter.q || filter.status);
  return (
    <>
      <PageHeader
        title={t('console.orders.title')}
        subtitle={t(filtering ? 'console.orders.found' : 'console.orders.subtitle', {
          count: total,
        })}
      />
      <Form
        method="get"
        role="search"
        className="mb-4 grid gap-2 rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:grid-cols-[1fr_11rem_auto_auto] sm:items-center"
      >
        <label className="sr-only" htmlFor="q">
          {t('console.orders.search')}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={filter.q ?? ''}
          maxLength={100}
          placeholder={t('console.orders.searchPlaceholder')}
          className="focus:border-brand focus:ring-brand h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm outline-none focus:ring-1"
        />
        <label className="sr-only" htmlFor="status">
          {t('console.orders.status')}
        </label>
        <select
          id="status"
          name="status"
          defaultValue={filter.status ?? ''}
          className="focus:border-brand focus:ring-brand h-10 w-full rounded-lg border border-slate-300 bg-white px-2 text-sm shadow-sm outline-none focus:ring-1"
        >
          <option value="">{t('console.orders.allStatuses')}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`console.orderStatus.${s}`)}
            </option>
          ))}
        </select>
        <Btn type="submit">{t('console.orders.searchAction')}</Btn>
        {filtering ? (
          <Link to={base} className="text-brand text-center text-sm hover:underline">
            {t('console.orders.clear')}
          </Link>
        ) : null}
      </Form>

      {orders.length === 0 ? (
        <p className="rounded-xl bg-white p-8 text-center text-slate-500 ring-1 ring-slate-200">
          {t(filtering ? 'console.orders.noMatch' : 'console.orders.none')}
        </p>
      ) : (
        <DataTable
          rows={orders}
          rowKey={(o) => o.id}
          columns={[
            {
              header: t('console.orders.number'),
              cell: (o) => (
                <span className="block">
                  <Link
                    to={`${base}/${o.id}`}
                    className="text-brand font-mono font-medium hover:underline"
                  >
                    {o.number}
                  </Link>
                  <span className="block text-xs text-slate-500">
                    {formatTime(o.createdAt, lang)}
                  </span>
                </span>
              ),
            },
            {
              header: t('console.orders.goods'),
              cell: (o) => (
                <span className="block max-w-[16rem]">
                  <span className="block truncate">{o.firstLine ?? '—'}</span>
                  {o.lineCount > 1 ? (
                    <span className="block text-xs text-slate-500">
                      {t('console.orders.moreLines', { count: o.lineCount })}
                    </span>
                  ) : null}
                </span>
              ),
            },
            {
              header: t('console.orders.buyer'),
              cell: (o) => (
                <span className="block max-w-[14rem] truncate">
                  {o.customerName ?? o.contactPhone ?? o.contactEmail ?? '—'}
                  {!o.customerId ? (
                    <span className="ml-1 text-xs text-slate-500">{t('console.orders.guest')}</span>
                  ) : null}
                </span>
              ),
            },
            {
              header: t('console.orders.status'),
              cell: (o) => (
                <StatusBadge
                  tone={ORDER_STATUS_TONE[o.status]}
                  label={t(`console.orderStatus.${o.status}`)}
                />
              ),
            },
            {
              header: t('console.orders.total'),
              cell: (o) => (
                <span className="block">
                  <Money fen={o.totalFen} className="font-medium" />
                  {o.refundedFen > 0 ? (
                    <span className="block text-xs text-red-600">
                      {t('console.orders.refundedShort')} <Money fen={o.refundedFen} />
                    </span>
                  ) : null}
                </span>
              ),
            },
            {
              header: t('console.orders.margin'),
              cell: (o) =>
                o.paidAt ? (
                  <Money
                    fen={o.marginFen}
                    className={o.marginFen < 0 ? 'text-red-600' : 'text-emerald-700'}
                  />
                ) : (
                  <span className="text-slate-400">—</span>
                ),
            },
          ]}
        />
      )}
      <Pager page={page} pageCount={pageCount} search={search} />
    </>
  );
}
