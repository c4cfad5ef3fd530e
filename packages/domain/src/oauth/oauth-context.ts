import type { Env } from '../config/env.js';
import { DomainError } from '../errors.js';
import { OAuthErrors } from './oauth.errors.js';
import type { OAuthProvider, OAuthProviderId } from './provider.js';
import { oauthProviders, PROVIDER_NAMES, type OAuthProviders } from './providers.js';

/** What sign-in with WeChat / QQ needs beyond a CustomerContext. */
export interface OAuthDeps {
  providers: OAuthProviders;
  /** OAUTH_CALLBACK_ORIGIN: the one callback host of every shop, or null (each shop's own). */
  callbackOrigin: string | null;
}

export function oauthDeps(
  env: Pick<
    Env,
    'WECHAT_APP_ID' | 'WECHAT_APP_SECRET' | 'QQ_APP_ID' | 'QQ_APP_KEY' | 'OAUTH_CALLBACK_ORIGIN'
  >,
): OAuthDeps {
  return {
    providers: oauthProviders(env),
    callbackOrigin: env.OAUTH_CALLBACK_ORIGIN?.replace(/\/$/, '') ?? null,
  };
}

/** The providers whose buttons to show, in display order. */
export function availableOAuthProviders(oauth: OAuthDeps): OAuthProviderId[] {
  return (['wechat', 'qq'] as const).filter((id) => oauth.providers[id]);
}

export function requireProvider(oauth: OAuthDeps, id: OAuthProviderId): OAuthProvider {
  const provider = oauth.providers[id];
  if (!provider) {
    throw new DomainError(OAuthErrors.PROVIDER_UNAVAILABLE, {
      message: `${id} sign-in is not configured`,
      userMessage: `本店暂未开通${PROVIDER_NAMES[id]}登录`,
      status: 404,
    });
  }
  return provider;
}
