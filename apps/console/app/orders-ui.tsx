import type { ReactNode } from 'react';
import { Link } from '@remix-run/react';
import { cx, useT, type MessageKey } from '@cardshop/ui';
import { CopyButton } from './copy-button';
import { Badge } from './ui';

// Pieces shared by the supplier's fulfilment queue and the shop's order pages.

type Tone = 'green' | 'amber' | 'red' | 'slate' | 'blue';

export const ORDER_STATUS_TONE: Record<string, Tone> = {
  pending_payment: 'amber',
  paid: 'blue',
  partially_delivered: 'blue',
  delivered: 'green',
  partially_refunded: 'amber',
  refunded: 'slate',
  expired: 'slate',
  cancelled: 'slate',
};

export const LINE_STATUS_TONE: Record<string, Tone> = {
  pending_payment: 'amber',
  paid: 'blue',
  delivered: 'green',
  refunded: 'slate',
  expired: 'slate',
  cancelled: 'slate',
};

export const TASK_STATUS_TONE: Record<string, Tone> = {
  pending: 'amber',
  accepted: 'blue',
  done: 'green',
  failed: 'red',
};

export const SHIPMENT_STATUS_TONE: Record<string, Tone> = {
  pending: 'amber',
  shipped: 'blue',
  delivered: 'green',
  exception: 'red',
  cancelled: 'slate',
};

export function StatusBadge({ tone, label }: { tone: Tone | undefined; label: string }) {
  return <Badge tone={tone ?? 'slate'}>{label}</Badge>;
}

export interface Address {
  name: string;
  phone: string;
  region: string;
  address: string;
  postalCode?: string | undefined;
}

/** The address on one line, as a courier's form wants it pasted. */
export function addressText(a: Address): string {
  return [a.name, a.phone, a.region, a.address, a.postalCode].filter(Boolean).join(' ');
}

/** A shipping address, with copy buttons for the parts people paste into a courier's system. */
export function AddressBlock({ address, copy = true }: { address: Address; copy?: boolean }) {
  const t = useT();
  return (
    <div className="rounded-lg bg-slate-50 p-3 text-sm ring-1 ring-slate-200">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 space-y-0.5">
          <p className="font-medium">
            {address.name} <span className="tabular-nums">{address.phone}</span>
          </p>
          <p className="break-words text-slate-700">
            {address.region} {address.address}
          </p>
          {address.postalCode ? (
            <p className="text-xs text-slate-500">
              {t('console.address.postalCode')} {address.postalCode}
            </p>
          ) : null}
        </div>
        {copy ? (
          <CopyButton value={addressText(address)} label={t('console.address.title')} />
        ) : null}
      </div>
    </div>
  );
}

/** One labelled value worth copying (an account to credit, a tracking number). */
export function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex items-center justify-between gap-3 rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
      <div className="min-w-0">
        <p className="text-xs text-slate-500">{label}</p>
        <p className="font-mono text-base font-semibold break-all select-all">{value}</p>
      </div>
      <CopyButton value={value} label={label} />
    </div>
  );
}

/** Filter tabs that are links (they keep working without JavaScript), with a count each. */
export function FilterTabs({
  tabs,
  label,
  variant = 'pill',
}: {
  label: string;
  tabs: Array<{ to: string; label: string; count?: number; active: boolean }>;
  /** underline: sections of a page; pill: filters within a section. */
  variant?: 'pill' | 'underline';
}) {
  const underline = variant === 'underline';
  return (
    <nav
      aria-label={label}
      className={cx(
        'mb-4 flex text-sm',
        underline ? 'gap-4 overflow-x-auto border-b border-slate-200' : 'flex-wrap gap-1.5',
      )}
    >
      {tabs.map((tab) => (
        <Link
          key={tab.to}
          to={tab.to}
          preventScrollReset
          aria-current={tab.active ? 'page' : undefined}
          className={cx(
            'inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap',
            underline
              ? cx(
                  '-mb-px border-b-2 px-1 pb-2 font-medium',
                  tab.active
                    ? 'border-brand text-brand'
                    : 'border-transparent text-slate-600 hover:text-slate-900',
                )
              : cx(
                  'rounded-full px-3 py-1.5',
                  tab.active
                    ? 'bg-brand text-white'
                    : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50',
                ),
          )}
        >
          {tab.label}
          {tab.count !== undefined ? (
            <span
              className={cx(
                'rounded-full px-1.5 text-xs tabular-nums',
                tab.active && !underline ? 'bg-white/20' : 'bg-slate-100 text-slate-600',
              )}
            >
              {tab.count}
            </span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}

/** A label and its value in a two-column list that stacks on a phone. */
export function Facts({ items }: { items: Array<[MessageKey | string, ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="min-w-0 text-right break-words sm:text-left">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The heading of one card in a fulfilment list: what was ordered, when things happened (already
 * worded; nulls skipped), its short id, and its status.
 */
export function WorkItemHeader({
  item,
  times,
  tone,
  statusLabel,
}: {
  item: { id: string; productName: string; skuName: string; quantity: number };
  times: (string | null)[];
  tone: Tone | undefined;
  statusLabel: string;
}) {
  return (
    <div className="flex items-start justify-between gap-3">
      <div className="min-w-0">
        <p className="font-medium">
          {item.productName} · {item.skuName}{' '}
          <span className="text-slate-500">×{item.quantity}</span>
        </p>
        <p className="mt-0.5 text-xs text-slate-500">
          {times.filter(Boolean).join(' · ')}
          {' · '}
          <span className="font-mono">#{item.id.slice(0, 8)}</span>
        </p>
      </div>
      <StatusBadge tone={tone} label={statusLabel} />
    </div>
  );
}
