import { useSearchParams } from '@remix-run/react';
import type { OAuthProviderId } from '@cardshop/domain';
import { Alert, cx, useT, type MessageKey } from '@cardshop/ui';

/** The provider's mark in its brand colour (WeChat green, QQ blue). */
export function ProviderMark({
  provider,
  className,
}: {
  provider: OAuthProviderId;
  className?: string;
}) {
  if (provider === 'wechat') {
    return (
      <svg viewBox="0 0 24 24" aria-hidden className={cx('h-5 w-5', className)}>
        <circle cx="12" cy="12" r="12" fill="#07C160" />
        <ellipse cx="10" cy="10.2" rx="5.2" ry="4.3" fill="#fff" />
        <path d="M6.8 13.2 6 15.6l2.5-1.3z" fill="#fff" />
        <ellipse
          cx="14.6"
          cy="14"
          rx="4.3"
          ry="3.6"
          fill="#fff"
          stroke="#07C160"
          strokeWidth=".8"
        />
        <path d="m17.2 16.6.7 1.9-2.1-1.1z" fill="#fff" />
        <circle cx="8.3" cy="9.3" r=".7" fill="#07C160" />
        <circle cx="11.7" cy="9.3" r=".7" fill="#07C160" />
        <circle cx="13.3" cy="13.4" r=".55" fill="#07C160" />
        <circle cx="15.9" cy="13.4" r=".55" fill="#07C160" />
      </svg>
    );
  }
  return (
    <svg viewBox="0 0 24 24" aria-hidden className={cx('h-5 w-5', className)}>
      <circle cx="12" cy="12" r="12" fill="#12B7F5" />
      <path
        d="M12 4.6c-2.6 0-4.3 2.1-4.3 4.9v.6c-.7.9-1.6 2.4-1.6 3.6 0 .8.4.9.8.3l.5-.8c.3 1.1.9 2 1.7 2.7-.9.3-1.6.8-1.6 1.3 0 .7 1.5 1.1 3 1.1 1 0 1.6-.2 1.5-.5.1.3.7.5 1.6.5 1.5 0 3-.4 3-1.1 0-.5-.7-1-1.6-1.3.8-.7 1.4-1.6 1.7-2.7l.5.8c.4.6.8.5.8-.3 0-1.2-.9-2.7-1.6-3.6v-.6c0-2.8-1.7-4.9-4.4-4.9z"
        fill="#fff"
      />
    </svg>
  );
}

const NOTICES: Partial<Record<string, MessageKey>> = {
  unavailable: 'oauth.notice.unavailable',
  rate: 'oauth.notice.rate',
};

/**
 * "Or sign in with": one button per configured provider. Rendered inside the sign-in form, so
 * the form's "remember me" and redirectTo go along (each button posts to /auth/<provider>).
 */
export function SocialSignIn({ providers }: { providers: OAuthProviderId[] }) {
  const t = useT();
  const [params] = useSearchParams();
  if (providers.length === 0) return null;
  const notice = NOTICES[params.get('oauth') ?? ''];
  return (
    <div className="space-y-3 pt-1">
      <div className="flex items-center gap-3 text-xs text-slate-400">
        <span className="h-px flex-1 bg-slate-200" />
        {t('oauth.signInWith')}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      {notice ? <Alert>{t(notice)}</Alert> : null}
      <div className={cx('grid gap-2', providers.length > 1 ? 'grid-cols-2' : 'grid-cols-1')}>
        {providers.map((provider) => (
          <button
            key={provider}
            type="submit"
            name="intent"
            value="sign_in"
            formAction={`/auth/${provider}`}
            formNoValidate
            className="flex h-10 items-center justify-center gap-2 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50"
          >
            <ProviderMark provider={provider} />
            {t(`oauth.provider.${provider}` as MessageKey)}
          </button>
        ))}
      </div>
      {providers.includes('wechat') ? (
        <p className="text-center text-xs text-slate-400">{t('oauth.wechatHint')}</p>
      ) : null}
    </div>
  );
}
