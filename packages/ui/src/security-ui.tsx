import type { ReactNode } from 'react';
import { cx } from './components.js';
import { useLang, useT, type MessageKey } from './i18n.js';
import { securityTime } from './security-events.js';

/*
 * Account-security pieces shared by the storefront and the console. Each app has its own copy
 * button (different wording and look), so the pieces that offer copying take it as `copy`.
 */

/** "修改登录密码" / "change your password": what a sensitive operation does, in the page's language. */
export function useActionText() {
  const t = useT();
  return (action: string) => ({
    label: t(`security.action.${action}` as MessageKey),
    effect: t(`security.effect.${action}` as MessageKey),
  });
}

/**
 * "Identity confirmed until 21:35": sensitive operations go straight through until then.
 * `timeOnly` shows just the hour and minute (the storefront); otherwise date and time.
 */
export function ConfirmedNote({ until, timeOnly = false }: { until: string; timeOnly?: boolean }) {
  const t = useT();
  const lang = useLang();
  const time = timeOnly
    ? new Date(until).toLocaleTimeString(lang, {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
      })
    : securityTime(until, lang);
  return (
    <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {t('security.confirm.until', { time })}
    </p>
  );
}

/** The ten recovery codes, shown once: copy, download, and a reminder to keep them safe. */
export function RecoveryCodes({
  codes,
  fileName,
  copy,
  downloadClassName,
}: {
  codes: string[];
  fileName: string;
  /** The app's copy button for all codes, one a line. */
  copy: (text: string) => ReactNode;
  downloadClassName: string;
}) {
  const t = useT();
  const text = codes.join('\n');
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">{t('security.recovery.intro')}</p>
      <ol className="grid grid-cols-2 gap-2 rounded-xl bg-slate-50 p-4 font-mono text-sm ring-1 ring-slate-200">
        {codes.map((code) => (
          <li key={code} className="tracking-wider select-all">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        {copy(text)}
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${text}\n`)}`}
          download={fileName}
          className={downloadClassName}
        >
          {t('security.recovery.download')}
        </a>
      </div>
    </div>
  );
}

/** The QR code to scan, and the same key in groups of four for typing in by hand. */
export function EnrolmentQr({
  qrSvg,
  manualKey,
  accountName,
  copy,
}: {
  qrSvg: string;
  manualKey: string;
  accountName: string;
  /** The app's copy button for the key without its spaces. */
  copy: (key: string) => ReactNode;
}) {
  const t = useT();
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">{t('security.enrol.step1')}</p>
      <div
        role="img"
        aria-label={t('security.enrol.qrAlt')}
        className="mx-auto w-56 max-w-full rounded-xl bg-white p-2 ring-1 ring-slate-200 [&>svg]:h-auto [&>svg]:w-full"
        // The SVG is generated on the server from our own otpauth URI (qrcode), never from input.
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
      <div className="space-y-1 text-sm">
        <p className="text-slate-600">{t('security.enrol.manual')}</p>
        <p className="flex flex-wrap items-center gap-2">
          <code className="rounded-md bg-slate-100 px-2 py-1 font-mono text-base tracking-wider break-all select-all">
            {manualKey}
          </code>
          {copy(manualKey.replace(/ /g, ''))}
        </p>
        <p className="text-xs text-slate-500">
          {t('security.enrol.account', { account: accountName })}
        </p>
      </div>
    </div>
  );
}

/** A security notice as loaders send it (dates as ISO text). */
export interface NoticeView {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/**
 * Security notices to the account holder (站内信), newest first; unread ones marked.
 * `timeAtEnd` pushes each notice's time to the far side of its line (the storefront's layout).
 */
export function NoticeList({
  notices,
  timeAtEnd = false,
  formatTime = securityTime,
}: {
  notices: NoticeView[];
  timeAtEnd?: boolean;
  formatTime?: (iso: string, lang: string) => string;
}) {
  const t = useT();
  const lang = useLang();
  if (notices.length === 0) {
    return (
      <p className={cx('text-sm text-slate-500', timeAtEnd && 'mt-2')}>
        {t('security.notices.empty')}
      </p>
    );
  }
  return (
    <ul className={cx('divide-y divide-slate-100', timeAtEnd && 'mt-2')}>
      {notices.map((n) => (
        <li key={n.id} className={cx('text-sm', timeAtEnd ? 'py-2' : 'py-3')}>
          <p
            className={cx(
              'flex flex-wrap items-center',
              timeAtEnd ? 'justify-between gap-x-3' : 'gap-2',
            )}
          >
            <span className="flex items-center gap-2 font-medium">
              {n.readAt ? null : <span className="bg-brand h-2 w-2 rounded-full" aria-hidden />}
              {t(`security.notice.${n.kind}` as MessageKey)}
            </span>
            <span className="text-slate-500">{formatTime(n.createdAt, lang)}</span>
          </p>
          {lang === 'zh-CN' ? <p className="mt-1 text-slate-600">{n.body}</p> : null}
        </li>
      ))}
    </ul>
  );
}
