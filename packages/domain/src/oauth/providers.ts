import type { Env } from '../config/env.js';
import type { OAuthProvider, OAuthProviderId } from './provider.js';
import { createQqProvider } from './qq.js';
import { createWechatProvider } from './wechat.js';

export const OAUTH_PROVIDER_IDS = ['wechat', 'qq'] as const satisfies readonly OAuthProviderId[];

export type OAuthProviders = Partial<Record<OAuthProviderId, OAuthProvider>>;

type OAuthEnv = Pick<Env, 'WECHAT_APP_ID' | 'WECHAT_APP_SECRET' | 'QQ_APP_ID' | 'QQ_APP_KEY'>;
const cache = new WeakMap<object, OAuthProviders>();

/** The providers configured in this environment (none without their keys). */
export function oauthProviders(env: OAuthEnv): OAuthProviders {
  const hit = cache.get(env);
  if (hit) return hit;
  const providers: OAuthProviders = {};
  if (env.WECHAT_APP_ID && env.WECHAT_APP_SECRET) {
    providers.wechat = createWechatProvider({
      appId: env.WECHAT_APP_ID,
      appSecret: env.WECHAT_APP_SECRET,
    });
  }
  if (env.QQ_APP_ID && env.QQ_APP_KEY) {
    providers.qq = createQqProvider({ appId: env.QQ_APP_ID, appKey: env.QQ_APP_KEY });
  }
  cache.set(env, providers);
  return providers;
}

export function isOAuthProviderId(value: unknown): value is OAuthProviderId {
  return value === 'wechat' || value === 'qq';
}

/** 微信 / QQ, for messages. */
export const PROVIDER_NAMES: Record<OAuthProviderId, string> = { wechat: '微信', qq: 'QQ' };
