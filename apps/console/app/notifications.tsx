import { Form, useNavigation } from '@remix-run/react';
import { cx, useLang, useT } from '@cardshop/ui';
import { formatTime, PageHeader } from './components';
import { Badge, Btn, EmptyState, FormMessage } from './ui';

export interface NoticeItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  readAt: string | Date | null;
  createdAt: string | Date;
}

/** In-site messages (站内信) of a shop or a supplier, newest first, with mark-as-read. */
export function NotificationList({
  items,
  unread,
  error,
}: {
  items: NoticeItem[];
  unread: number;
  error?: string | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  return (
    <>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <PageHeader
          title={t('console.notifications.title')}
          subtitle={t('console.notifications.unread', { count: unread })}
        />
        {unread > 0 ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="all" />
            <Btn variant="secondary" size="sm" disabled={busy}>
              {t('console.notifications.markAll')}
            </Btn>
          </Form>
        ) : null}
      </div>
      {error ? (
        <div className="mb-4">
          <FormMessage error={error} />
        </div>
      ) : null}
      {items.length === 0 ? (
        <EmptyState>{t('console.notifications.none')}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          {items.map((n) => (
            <li key={n.id} className={cx('flex gap-3 px-4 py-3', !n.readAt && 'bg-indigo-50/50')}>
              <span
                aria-hidden
                className={cx(
                  'mt-2 h-2 w-2 shrink-0 rounded-full',
                  n.readAt ? 'bg-transparent' : 'bg-brand',
                )}
              />
              <div className="min-w-0 flex-1">
                <p className={cx('text-sm', n.readAt ? 'text-slate-700' : 'font-semibold')}>
                  {n.title}{' '}
                  {!n.readAt ? <Badge tone="blue">{t('console.notifications.new')}</Badge> : null}
                </p>
                {n.body ? <p className="mt-1 text-sm text-slate-600">{n.body}</p> : null}
                <p className="mt-1 text-xs text-slate-400">{formatTime(n.createdAt, lang)}</p>
              </div>
              {!n.readAt ? (
                <Form method="post" preventScrollReset className="shrink-0">
                  <input type="hidden" name="intent" value="one" />
                  <input type="hidden" name="id" value={n.id} />
                  <button className="text-brand text-xs hover:underline" disabled={busy}>
                    {t('console.notifications.markRead')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
