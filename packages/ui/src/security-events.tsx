import { cx } from './components.js';
import { useLang, useT, type MessageKey } from './i18n.js';
import { messages } from './messages.js';

/** A security event as loaders send it (SecurityEvent of @cardshop/domain, dates as ISO text). */
export interface SecurityEventView {
  id: string;
  at: string;
  action: string;
  outcome: 'success' | 'failure';
  method: string | null;
  device: string | null;
  ip: string | null;
  location: string | null;
  detail: Record<string, string | number | boolean>;
}

const known = (key: string): key is MessageKey => key in messages['zh-CN'];

/** Times on security pages: Beijing time, as the shops run on it. */
export function securityTime(iso: string, lang: string): string {
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/**
 * Sign-ins and account changes, newest first: what happened, success or failure, when, how,
 * from which device, address and (when GeoIP is configured) approximate place.
 */
export function SecurityEventList({
  events,
  empty,
  showOutcome = true,
}: {
  events: SecurityEventView[];
  empty: string;
  showOutcome?: boolean;
}) {
  const t = useT();
  const lang = useLang();
  if (events.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  const nameOf = (value: string) => {
    const key = `securityCentre.method.${value}`;
    return known(key) ? t(key) : value;
  };
  return (
    <ul className="divide-y divide-slate-100" data-testid="security-events">
      {events.map((e) => {
        const key = `securityCentre.event.${e.action}`;
        const vars: Record<string, string | number> = {};
        for (const [k, v] of Object.entries(e.detail)) vars[k] = String(v);
        if (typeof e.detail.provider === 'string') vars.provider = nameOf(e.detail.provider);
        const label = known(key) ? t(key, vars) : e.action;
        const facts = [
          e.method ? nameOf(e.method) : null,
          e.device,
          e.ip ? `IP ${e.ip}` : null,
          e.location,
        ].filter((f): f is string => Boolean(f));
        return (
          <li key={e.id} className="flex items-start justify-between gap-3 py-3 text-sm">
            <div className="min-w-0">
              <p className="font-medium break-words">
                {showOutcome ? (
                  <span
                    className={cx(
                      'mr-2 inline-block rounded-full px-2 py-0.5 align-middle text-xs font-normal',
                      e.outcome === 'success'
                        ? 'bg-emerald-50 text-emerald-700'
                        : 'bg-red-50 text-red-700',
                    )}
                  >
                    {t(
                      e.outcome === 'success'
                        ? 'securityCentre.outcome.success'
                        : 'securityCentre.outcome.failure',
                    )}
                  </span>
                ) : null}
                {label}
              </p>
              {facts.length ? (
                <p className="mt-0.5 break-words text-slate-500">{facts.join(' · ')}</p>
              ) : null}
            </div>
            <time dateTime={e.at} className="shrink-0 text-right text-xs text-slate-400">
              {securityTime(e.at, lang)}
            </time>
          </li>
        );
      })}
    </ul>
  );
}
