import {
  getProviderJson,
  OAuthProviderError,
  str,
  type OAuthProvider,
  type ProviderProfile,
} from './provider.js';

// 网站应用微信登录 (open.weixin.qq.com): the person scans a QR code with WeChat, WeChat sends them
// back with ?code&state, and the code buys an access token and the openid, which buy the profile.
// Errors come back as {errcode, errmsg} with HTTP 200.
export const WECHAT_AUTHORIZE_URL = 'https://open.weixin.qq.com/connect/qrconnect';
export const WECHAT_TOKEN_URL = 'https://api.weixin.qq.com/sns/oauth2/access_token';
export const WECHAT_USERINFO_URL = 'https://api.weixin.qq.com/sns/userinfo';

const ID = /^[A-Za-z0-9_-]{1,128}$/;

function failed(step: OAuthProviderError['step'], body: Record<string, unknown>) {
  return new OAuthProviderError(
    'wechat',
    step,
    `errcode ${String(body.errcode)} ${String(body.errmsg ?? '')}`.trim(),
  );
}

export function createWechatProvider(config: { appId: string; appSecret: string }): OAuthProvider {
  return {
    id: 'wechat',
    authorizeUrl({ redirectUri, state }) {
      const query = new URLSearchParams({
        appid: config.appId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'snsapi_login',
        state,
      });
      return `${WECHAT_AUTHORIZE_URL}?${query.toString()}#wechat_redirect`;
    },
    async identify({ code }): Promise<ProviderProfile> {
      const token = await getProviderJson(
        'wechat',
        'token',
        `${WECHAT_TOKEN_URL}?${new URLSearchParams({
          appid: config.appId,
          secret: config.appSecret,
          code,
          grant_type: 'authorization_code',
        }).toString()}`,
      );
      if (token.errcode) throw failed('token', token);
      const accessToken = str(token.access_token);
      const openid = str(token.openid);
      if (!accessToken || !openid || !ID.test(openid)) {
        throw new OAuthProviderError('wechat', 'token', 'no access_token or openid');
      }
      const info = await getProviderJson(
        'wechat',
        'profile',
        `${WECHAT_USERINFO_URL}?${new URLSearchParams({
          access_token: accessToken,
          openid,
          lang: 'zh_CN',
        }).toString()}`,
      );
      if (info.errcode) throw failed('profile', info);
      if (info.openid !== undefined && info.openid !== openid) {
        throw new OAuthProviderError('wechat', 'profile', 'profile of another openid');
      }
      const unionid = str(info.unionid) ?? str(token.unionid);
      if (unionid !== null && !ID.test(unionid)) {
        throw new OAuthProviderError('wechat', 'profile', 'malformed unionid');
      }
      return {
        openid,
        unionid,
        nickname: str(info.nickname, 100),
        avatarUrl: httpsUrl(info.headimgurl),
      };
    },
  };
}

/** An avatar address worth showing: http(s) only, upgraded to https (qlogo serves both). */
export function httpsUrl(value: unknown): string | null {
  const url = str(value, 1000);
  if (!url || !/^https?:\/\/[^\s"'<>]+$/i.test(url)) return null;
  return url.replace(/^http:\/\//i, 'https://');
}
