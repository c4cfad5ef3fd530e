import { Form, useNavigation, useSearchParams } from '@remix-run/react';
import { Alert, SecurityEventList, useLang, useT } from '@cardshop/ui';
import { formatTime } from './components';
import type { StaffAccountSecurityData } from './staff-security.server';
import { Badge, Btn, FormMessage, Panel } from './ui';

/**
 * The console account page's 登录设备 (sign out one, or all others) and 我的安全记录 (own events
 * only). The forms post to /account/sessions, which comes back here with the outcome.
 */
export function StaffSecuritySections({ security }: { security: StaffAccountSecurityData }) {
  const t = useT();
  const lang = useLang();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const outcome = params.get('sessions');
  const others = security.devices.filter((d) => !d.current).length;
  return (
    <>
      <Panel title={t('console.security.devices')}>
        <p className="text-sm text-slate-600">{t('console.security.devicesIntro')}</p>
        <div className="mt-3 space-y-3">
          {outcome === 'revoked' ? <FormMessage notice={t('console.security.revoked')} /> : null}
          {outcome?.startsWith('others-') ? (
            <FormMessage
              notice={t('console.security.revokedOthers', {
                count: Number(outcome.slice('others-'.length)) || 0,
              })}
            />
          ) : null}
          {outcome === 'missing' ? <Alert>{t('console.security.missing')}</Alert> : null}
        </div>
        <ul className="mt-2 divide-y divide-slate-100" data-testid="staff-devices">
          {security.devices.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0 text-sm">
                <p className="font-medium">
                  {d.device}
                  {d.current ? (
                    <span className="ml-2 align-middle">
                      <Badge tone="green">{t('console.security.current')}</Badge>
                    </span>
                  ) : null}
                </p>
                <p className="break-words text-slate-500">
                  {[d.ip ? `IP ${d.ip}` : null, d.location].filter(Boolean).join(' · ')}
                  {d.ip || d.location ? ' · ' : ''}
                  {t('console.security.lastUsed', { time: formatTime(d.lastUsedAt, lang) })}
                </p>
                <p className="text-xs text-slate-400">
                  {t('console.security.signedIn', { time: formatTime(d.createdAt, lang) })}
                </p>
              </div>
              <Form method="post" action="/account/sessions">
                <input type="hidden" name="sessionId" value={d.id} />
                <Btn
                  name="intent"
                  value="revoke"
                  size="sm"
                  variant={d.current ? 'secondary' : 'danger'}
                  disabled={busy}
                >
                  {d.current ? t('console.security.signOut') : t('console.security.revoke')}
                </Btn>
              </Form>
            </li>
          ))}
        </ul>
        {others > 0 ? (
          <Form method="post" action="/account/sessions" className="mt-2">
            <Btn
              name="intent"
              value="revoke-others"
              variant="secondary"
              disabled={busy}
              className="w-full text-red-700"
            >
              {t('console.security.revokeOthers')}
            </Btn>
          </Form>
        ) : null}
      </Panel>
      <Panel title={t('console.security.records')}>
        <p className="mb-2 text-sm text-slate-600">{t('console.security.recordsIntro')}</p>
        <SecurityEventList events={security.events} empty={t('console.security.recordsEmpty')} />
        {security.locations ? (
          <p className="mt-2 text-xs text-slate-400">{t('securityCentre.locationNote')}</p>
        ) : null}
      </Panel>
    </>
  );
}
