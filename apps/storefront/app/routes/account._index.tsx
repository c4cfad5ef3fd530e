import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getCustomerAccount } from '@cardshop/domain';
import { translate, useLang, useT, type MessageKey } from '@cardshop/ui';
import { customerCtx, requireCustomer } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { NoticeList } from '../components/security-ui';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const account = await getCustomerAccount(customerCtx(request, context), {
    customerId: customer.id,
    sessionId,
  });
  return {
    displayName: account.customer.displayName,
    hasPassword: account.customer.hasPassword,
    createdAt: account.customer.createdAt.toISOString(),
    contacts: account.contacts,
    liveSessions: account.liveSessions,
    twoFactorEnabled: account.twoFactorEnabled,
    notices: account.notices.map((n) => ({
      ...n,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    unreadNotices: account.unreadNotices,
    events: account.recentEvents.map((e) => ({
      id: e.id,
      action: e.action,
      ip: e.ip,
      at: e.occurredAt.toISOString(),
    })),
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.overview.title'));

function when(iso: string, lang: string) {
  return new Date(iso).toLocaleString(lang, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

const EVENT_LABELS = new Set([
  'customer.sign_in',
  'customer.sign_in_failed',
  'customer.locked_out',
  'customer.registered',
  'customer.sign_out',
  'customer.code_sent',
  'customer.password_changed',
  'customer.password_change_failed',
  'customer.password_reset',
  'customer.session_revoked',
  'customer.sessions_revoked',
  'customer.two_factor_enabled',
  'customer.two_factor_disabled',
  'customer.two_factor_failed',
  'customer.recovery_codes_regenerated',
  'customer.confirmed',
  'customer.confirm_failed',
  'customer.contact_changed',
  'customer.sign_in_second_step',
  'customer.identity_linked',
  'customer.identity_unlinked',
  'customer.identity_link_failed',
  'customer.identity_unlink_refused',
  'customer.contact_verified',
  'customer.orders_claimed',
]);

export default function AccountOverview() {
  const account = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const rows: Array<[MessageKey, string]> = [
    ['account.overview.phone', account.contacts.phone ?? t('account.overview.notLinked')],
    ['account.overview.email', account.contacts.email ?? t('account.overview.notLinked')],
    [
      'account.overview.password',
      t(account.hasPassword ? 'account.overview.passwordSet' : 'account.overview.passwordNotSet'),
    ],
    [
      'account.overview.sessions',
      t('account.overview.sessionsCount', { count: account.liveSessions }),
    ],
    [
      'security.twoFactor.title',
      t(account.twoFactorEnabled ? 'security.twoFactor.on' : 'security.twoFactor.off'),
    ],
  ];
  return (
    <div className="space-y-4">
      <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-lg font-semibold">{t('account.overview.title')}</h1>
        <p className="text-sm text-slate-500">
          {t('account.overview.since', { date: when(account.createdAt, lang) })}
        </p>
        <dl className="mt-4 divide-y divide-slate-100 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-4 py-2">
              <dt className="text-slate-500">{t(label)}</dt>
              <dd className="text-right font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between gap-3">
          <h2 className="font-semibold">
            {t('security.notices.title')}
            {account.unreadNotices ? (
              <span className="bg-brand ml-2 rounded-full px-2 py-0.5 text-xs text-white">
                {t('security.notices.unread', { count: account.unreadNotices })}
              </span>
            ) : null}
          </h2>
          <Link to="/account/security" className="text-brand text-sm hover:underline">
            {t('account.nav.security')}
          </Link>
        </div>
        <NoticeList notices={account.notices} />
      </section>
      <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="font-semibold">{t('account.overview.events')}</h2>
        {account.events.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{t('account.overview.noEvents')}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {account.events.map((e) => (
              <li key={e.id} className="flex flex-wrap justify-between gap-x-4 py-2">
                <span>
                  {EVENT_LABELS.has(e.action)
                    ? t(`account.event.${e.action}` as MessageKey)
                    : e.action}
                </span>
                <span className="text-slate-500">
                  {when(e.at, lang)}
                  {e.ip ? ` · ${e.ip}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="rounded-2xl border border-amber-200 bg-amber-50 p-5 text-sm text-amber-900">
        <h2 className="font-semibold">{t('account.tips.title')}</h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>{t('account.tips.password')}</li>
          <li>{t('account.tips.code')}</li>
          <li>{t('account.tips.wifi')}</li>
          <li>{t('account.tips.sessions')}</li>
        </ul>
      </section>
    </div>
  );
}
