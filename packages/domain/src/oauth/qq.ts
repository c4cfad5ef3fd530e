import {
  getProviderJson,
  OAuthProviderError,
  str,
  type OAuthProvider,
  type ProviderProfile,
} from './provider.js';
import { httpsUrl } from './wechat.js';

// QQ互联 OAuth 2.0 (graph.qq.com): authorize -> code -> token (fmt=json) -> openid (and unionid,
// when the app is allowed it) from /oauth2.0/me -> profile from /user/get_user_info. Errors are
// {error, error_description} from the OAuth endpoints and {ret != 0, msg} from the API, with 200.
export const QQ_AUTHORIZE_URL = 'https://graph.qq.com/oauth2.0/authorize';
export const QQ_TOKEN_URL = 'https://graph.qq.com/oauth2.0/token';
export const QQ_ME_URL = 'https://graph.qq.com/oauth2.0/me';
export const QQ_USERINFO_URL = 'https://graph.qq.com/user/get_user_info';

const ID = /^[A-Za-z0-9_-]{1,128}$/;

function oauthFailed(step: OAuthProviderError['step'], body: Record<string, unknown>) {
  return new OAuthProviderError(
    'qq',
    step,
    `error ${String(body.error)} ${String(body.error_description ?? '')}`.trim(),
  );
}

export function createQqProvider(config: { appId: string; appKey: string }): OAuthProvider {
  return {
    id: 'qq',
    authorizeUrl({ redirectUri, state }) {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: config.appId,
        redirect_uri: redirectUri,
        state,
        scope: 'get_user_info',
      });
      return `${QQ_AUTHORIZE_URL}?${query.toString()}`;
    },
    async identify({ code, redirectUri }): Promise<ProviderProfile> {
      const token = await getProviderJson(
        'qq',
        'token',
        `${QQ_TOKEN_URL}?${new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: config.appId,
          client_secret: config.appKey,
          code,
          redirect_uri: redirectUri,
          fmt: 'json',
        }).toString()}`,
      );
      if (token.error !== undefined) throw oauthFailed('token', token);
      const accessToken = str(token.access_token);
      if (!accessToken) throw new OAuthProviderError('qq', 'token', 'no access_token');

      const me = await getProviderJson(
        'qq',
        'openid',
        `${QQ_ME_URL}?${new URLSearchParams({
          access_token: accessToken,
          fmt: 'json',
          unionid: '1',
        }).toString()}`,
      );
      if (me.error !== undefined) throw oauthFailed('openid', me);
      const openid = str(me.openid);
      if (!openid || !ID.test(openid)) throw new OAuthProviderError('qq', 'openid', 'no openid');
      // A token issued to another app must not sign anyone in here.
      if (String(me.client_id) !== config.appId) {
        throw new OAuthProviderError('qq', 'openid', 'token of another app');
      }
      const unionid = str(me.unionid);
      if (unionid !== null && !ID.test(unionid)) {
        throw new OAuthProviderError('qq', 'openid', 'malformed unionid');
      }

      const info = await getProviderJson(
        'qq',
        'profile',
        `${QQ_USERINFO_URL}?${new URLSearchParams({
          access_token: accessToken,
          oauth_consumer_key: config.appId,
          openid,
        }).toString()}`,
      );
      if (Number(info.ret) !== 0) {
        throw new OAuthProviderError(
          'qq',
          'profile',
          `ret ${String(info.ret)} ${String(info.msg ?? '')}`.trim(),
        );
      }
      return {
        openid,
        unionid,
        nickname: str(info.nickname, 100),
        avatarUrl: httpsUrl(
          str(info.figureurl_qq_2) ?? str(info.figureurl_qq_1) ?? str(info.figureurl_2),
        ),
      };
    },
  };
}
