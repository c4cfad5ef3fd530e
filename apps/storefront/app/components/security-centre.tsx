import { Link } from '@remix-run/react';
import { cx, SecurityEventList, securityTime, useLang, useT, type MessageKey } from '@cardshop/ui';
import type { SecurityCentreData } from '../lib/security-centre.server';

const card = 'rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200';

/**
 * The top of 安全中心: where the account stands (devices, two-step verification, password,
 * linked accounts) and its recent sign-ins, good and bad.
 */
export function SecurityCentreSummary({ centre }: { centre: SecurityCentreData }) {
  const t = useT();
  const lang = useLang();
  const failed = centre.signIns.some((e) => e.outcome === 'failure');
  const tiles: Array<{
    label: MessageKey;
    value: string;
    good: boolean;
    link?: { to: string; label: MessageKey };
  }> = [
    {
      label: 'securityCentre.devices',
      value: t('securityCentre.devicesCount', { count: centre.liveSessions }),
      good: true,
      link: { to: '/account/sessions', label: 'securityCentre.manage' },
    },
    {
      label: 'securityCentre.twoFactor',
      value: centre.twoFactor.enabled
        ? centre.twoFactor.since
          ? t('securityCentre.twoFactorSince', { date: securityTime(centre.twoFactor.since, lang) })
          : t('securityCentre.twoFactorOn')
        : t('securityCentre.twoFactorOff'),
      good: centre.twoFactor.enabled,
    },
    {
      label: 'securityCentre.password',
      value: t(centre.hasPassword ? 'securityCentre.passwordSet' : 'securityCentre.passwordNotSet'),
      good: centre.hasPassword,
      link: {
        to: '/account/password',
        label: centre.hasPassword
          ? 'securityCentre.passwordChange'
          : 'securityCentre.passwordSetUp',
      },
    },
    {
      label: 'securityCentre.linked',
      value: centre.linkedAccounts.length
        ? centre.linkedAccounts.map((a) => providerName(t, a.provider)).join('、')
        : t('securityCentre.linkedNone'),
      good: true,
      link: { to: '/account/connections', label: 'securityCentre.manage' },
    },
  ];
  return (
    <>
      <section className={cx(card, 'space-y-4')} data-testid="security-centre">
        <div>
          <h1 className="text-lg font-semibold">{t('securityCentre.title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('securityCentre.intro')}</p>
        </div>
        <dl className="grid grid-cols-2 gap-3">
          {tiles.map((tile) => (
            <div key={tile.label} className="rounded-xl bg-slate-50 p-3 text-sm">
              <dt className="text-slate-500">{t(tile.label)}</dt>
              <dd
                className={cx(
                  'mt-1 font-medium break-words',
                  tile.good ? 'text-slate-900' : 'text-amber-700',
                )}
              >
                {tile.value}
              </dd>
              {tile.link ? (
                <dd className="mt-1">
                  <Link to={tile.link.to} className="text-brand text-xs hover:underline">
                    {t(tile.link.label)}
                  </Link>
                </dd>
              ) : null}
            </div>
          ))}
        </dl>
      </section>
      <section className={cx(card, 'space-y-2')} aria-labelledby="recent-sign-ins">
        <h2 id="recent-sign-ins" className="font-semibold">
          {t('securityCentre.signIns')}
        </h2>
        <p className="text-sm text-slate-600">{t('securityCentre.signInsIntro')}</p>
        <SecurityEventList events={centre.signIns} empty={t('securityCentre.signInsEmpty')} />
        {failed ? (
          <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
            {t('securityCentre.notYou')}{' '}
            <Link to="/account/password" className="font-medium underline">
              {t('securityCentre.passwordChange')}
            </Link>
            {' · '}
            <Link to="/account/sessions" className="font-medium underline">
              {t('securityCentre.devices')}
            </Link>
          </p>
        ) : null}
        {centre.locations ? (
          <p className="text-xs text-slate-400">{t('securityCentre.locationNote')}</p>
        ) : null}
      </section>
    </>
  );
}

/** The rest of 安全中心: account changes, linked accounts in detail, and safety tips. */
export function SecurityCentreDetails({ centre }: { centre: SecurityCentreData }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <section className={cx(card, 'space-y-2')} aria-labelledby="account-changes">
        <h2 id="account-changes" className="font-semibold">
          {t('securityCentre.changes')}
        </h2>
        <SecurityEventList
          events={centre.changes}
          empty={t('securityCentre.changesEmpty')}
          showOutcome={false}
        />
      </section>
      <section className={cx(card, 'space-y-2')} aria-labelledby="linked-accounts">
        <div className="flex items-center justify-between gap-3">
          <h2 id="linked-accounts" className="font-semibold">
            {t('securityCentre.linked')}
          </h2>
          <Link to="/account/connections" className="text-brand text-sm hover:underline">
            {t('securityCentre.linkedManage')}
          </Link>
        </div>
        {centre.linkedAccounts.length === 0 ? (
          <p className="text-sm text-slate-500">{t('securityCentre.linkedNone')}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {centre.linkedAccounts.map((a) => (
              <li key={a.provider} className="flex flex-wrap justify-between gap-x-4 py-2">
                <span className="font-medium">
                  {providerName(t, a.provider)}
                  {a.nickname ? <span className="ml-2 text-slate-500">{a.nickname}</span> : null}
                </span>
                <span className="text-slate-500">
                  {t('securityCentre.linkedSince', { date: securityTime(a.linkedAt, lang) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="rounded-2xl border border-amber-200 bg-amber-50 p-5 text-sm text-amber-900">
        <h2 className="font-semibold">{t('securityCentre.tips')}</h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>{t('securityCentre.tip.password')}</li>
          <li>{t('securityCentre.tip.wifi')}</li>
          <li>{t('securityCentre.tip.support')}</li>
          <li>{t('securityCentre.tip.devices')}</li>
        </ul>
      </section>
    </>
  );
}

function providerName(t: ReturnType<typeof useT>, provider: string): string {
  return provider === 'wechat'
    ? t('securityCentre.method.wechat')
    : provider === 'qq'
      ? t('securityCentre.method.qq')
      : provider;
}
