import { Link } from '@remix-run/react';
import type { OrderListItem } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { formatPrice } from '../lib/format';
import { OrderStatusBadge, useWhen } from './order-status';

type Item = Omit<OrderListItem, 'createdAt'> & { createdAt: Date | string };

/** Orders as a list of cards, each opening its order page. */
export function OrderList({ orders }: { orders: Item[] }) {
  const t = useT();
  const when = useWhen();
  return (
    <ul className="divide-y divide-slate-100">
      {orders.map((order) => (
        <li key={order.id}>
          <Link
            to={`/orders/${order.id}`}
            className="-mx-2 flex items-start justify-between gap-3 rounded-lg px-2 py-3 hover:bg-slate-50"
          >
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900">{order.title}</p>
              <p className="mt-0.5 text-xs text-slate-500">
                {when(order.createdAt)} · {t('orderLookup.items', { count: order.itemCount })}
              </p>
              <p className="mt-0.5 font-mono text-xs text-slate-400">{order.number}</p>
            </div>
            <div className="flex shrink-0 flex-col items-end gap-1">
              <OrderStatusBadge status={order.status} />
              <span className="text-sm font-semibold text-slate-900">
                {formatPrice(order.totalFen)}
              </span>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
