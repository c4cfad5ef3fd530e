import { cx, useLang, useT, type MessageKey } from '@cardshop/ui';

export type OrderStatusName =
  | 'pending_payment'
  | 'paid'
  | 'delivered'
  | 'partially_delivered'
  | 'cancelled'
  | 'expired'
  | 'refunded'
  | 'partially_refunded';

const tones: Record<OrderStatusName, string> = {
  pending_payment: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  paid: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  partially_delivered: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  delivered: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  cancelled: 'bg-slate-100 text-slate-600 ring-slate-500/20',
  expired: 'bg-slate-100 text-slate-600 ring-slate-500/20',
  refunded: 'bg-violet-50 text-violet-700 ring-violet-600/20',
  partially_refunded: 'bg-violet-50 text-violet-700 ring-violet-600/20',
};

export function orderStatusKey(status: OrderStatusName): MessageKey {
  return `orderPage.status.${status}`;
}

export function OrderStatusBadge({
  status,
  className,
}: {
  status: OrderStatusName;
  className?: string;
}) {
  const t = useT();
  return (
    <span
      className={cx(
        'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[status],
        className,
      )}
    >
      {t(orderStatusKey(status))}
    </span>
  );
}

/** A moment in Beijing time, as buyers in China read it. */
export function useWhen() {
  const lang = useLang();
  return (value: Date | string) =>
    new Date(value).toLocaleString(lang, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
}
