import { randomBytes } from 'node:crypto';
import { WECHAT_TOKEN_URL, WECHAT_USERINFO_URL } from './wechat.js';

// A stand-in for WeChat's sns API that answers the way the real one does: codes work once and
// only for the app they were issued to, errors are {errcode, errmsg} with HTTP 200 (and, like the
// real thing, text/plain). The handler takes and returns standard Request/Response objects and
// sits behind MSW: `http.get(WECHAT_TOKEN_URL, ({ request }) => fake.handler(request))`.

export interface FakeWechatUser {
  openid: string;
  unionid?: string;
  nickname?: string;
  headimgurl?: string;
}

export interface FakeWechat {
  handler(request: Request): Promise<Response>;
  /** The person scans the QR code and agrees: the code WeChat puts on the redirect back. */
  approve(user: FakeWechatUser): string;
  /** Answer the next call to this endpoint with this error instead. */
  failNext(endpoint: 'token' | 'userinfo', error: { errcode: number; errmsg: string }): void;
  /** Codes exchanged so far (accepted or not). */
  exchanges: string[];
}

export function fakeWechat(app: { appId: string; appSecret: string }): FakeWechat {
  const codes = new Map<string, { user: FakeWechatUser; used: boolean }>();
  const tokens = new Map<string, FakeWechatUser>();
  const failures: Partial<Record<'token' | 'userinfo', { errcode: number; errmsg: string }>> = {};
  const exchanges: string[] = [];
  const answer = (body: Record<string, unknown>) =>
    new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'text/plain' },
    });

  return {
    exchanges,
    approve(user) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { user, used: false });
      return code;
    },
    failNext(endpoint, error) {
      failures[endpoint] = error;
    },
    async handler(request) {
      const url = new URL(request.url);
      const q = url.searchParams;
      const endpoint = `${url.origin}${url.pathname}`;
      if (endpoint === WECHAT_TOKEN_URL) {
        exchanges.push(q.get('code') ?? '');
        const failure = failures.token;
        if (failure) {
          delete failures.token;
          return answer(failure);
        }
        if (q.get('appid') !== app.appId)
          return answer({ errcode: 40013, errmsg: 'invalid appid' });
        if (q.get('secret') !== app.appSecret) {
          return answer({ errcode: 40125, errmsg: 'invalid appsecret' });
        }
        if (q.get('grant_type') !== 'authorization_code') {
          return answer({ errcode: 40002, errmsg: 'invalid grant_type' });
        }
        const issued = codes.get(q.get('code') ?? '');
        if (!issued) return answer({ errcode: 40029, errmsg: 'invalid code' });
        if (issued.used) return answer({ errcode: 40163, errmsg: 'code been used' });
        issued.used = true;
        const accessToken = randomBytes(24).toString('base64url');
        tokens.set(accessToken, issued.user);
        return answer({
          access_token: accessToken,
          expires_in: 7200,
          refresh_token: randomBytes(24).toString('base64url'),
          openid: issued.user.openid,
          scope: 'snsapi_login',
          ...(issued.user.unionid ? { unionid: issued.user.unionid } : {}),
        });
      }
      if (endpoint === WECHAT_USERINFO_URL) {
        const failure = failures.userinfo;
        if (failure) {
          delete failures.userinfo;
          return answer(failure);
        }
        const user = tokens.get(q.get('access_token') ?? '');
        if (!user)
          return answer({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid' });
        if (q.get('openid') !== user.openid)
          return answer({ errcode: 40003, errmsg: 'invalid openid' });
        return answer({
          openid: user.openid,
          nickname: user.nickname ?? '',
          sex: 0,
          province: '',
          city: '',
          country: 'CN',
          headimgurl: user.headimgurl ?? '',
          privilege: [],
          ...(user.unionid ? { unionid: user.unionid } : {}),
        });
      }
      return new Response('not found', { status: 404 });
    },
  };
}
