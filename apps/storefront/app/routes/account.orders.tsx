import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listCustomerOrders } from '@cardshop/domain';
import { translate, useT } from '@cardshop/ui';
import { OrderList } from '../components/order-list';
import { Pager } from '../components/pager';
import { requireCustomer } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { shopRead } from '../lib/shop.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer } = await requireCustomer(request, context);
  const page = new URL(request.url).searchParams.get('page') ?? '1';
  return shopRead(context, (trx, tenantId) =>
    listCustomerOrders(trx, { tenantId, customerId: customer.id, page }),
  );
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.orders.title'));

export default function AccountOrders() {
  const { orders, ...info } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-baseline justify-between gap-3">
        <h1 className="text-lg font-semibold">{t('account.orders.title')}</h1>
        {info.total > 0 ? (
          <span className="text-sm text-slate-500">
            {t('account.orders.count', { count: info.total })}
          </span>
        ) : null}
      </div>
      {orders.length === 0 ? (
        <div className="py-10 text-center">
          <p className="font-medium">{t('account.orders.empty')}</p>
          <p className="mt-1 text-sm text-slate-500">{t('account.orders.emptyBody')}</p>
          <Link
            to="/"
            className="bg-brand mt-4 inline-flex rounded-lg px-4 py-2 text-sm font-medium text-white"
          >
            {t('account.orders.shop')}
          </Link>
        </div>
      ) : (
        <div className="mt-2">
          <OrderList orders={orders} />
          <Pager info={info} />
        </div>
      )}
      <p className="mt-4 border-t border-slate-100 pt-3 text-xs text-slate-500">
        {t('account.orders.lookupHint')}{' '}
        <Link to="/orders/lookup" className="text-brand hover:underline">
          {t('orderLookup.title')}
        </Link>
      </p>
    </section>
  );
}
