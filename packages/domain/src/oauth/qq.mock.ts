import { randomBytes } from 'node:crypto';
import { QQ_ME_URL, QQ_TOKEN_URL, QQ_USERINFO_URL } from './qq.js';

// A stand-in for QQ互联 (graph.qq.com) that answers the way the real one does: a code works once,
// only for its app and with the redirect_uri it was issued for; the OAuth endpoints answer errors
// as {error, error_description}, get_user_info as {ret, msg}, all with HTTP 200. Behind MSW:
// `http.get(QQ_TOKEN_URL, ({ request }) => fake.handler(request))` (and the other two URLs).

export interface FakeQqUser {
  openid: string;
  unionid?: string;
  nickname?: string;
  figureurl?: string;
}

type Endpoint = 'token' | 'me' | 'userinfo';

export interface FakeQq {
  handler(request: Request): Promise<Response>;
  /** The person agrees on QQ's page: the code QQ puts on the redirect back to `redirectUri`. */
  approve(user: FakeQqUser, redirectUri: string): string;
  failNext(endpoint: Endpoint, body: Record<string, unknown>): void;
}

export function fakeQq(app: { appId: string; appKey: string }): FakeQq {
  const codes = new Map<string, { user: FakeQqUser; redirectUri: string; used: boolean }>();
  const tokens = new Map<string, FakeQqUser>();
  const failures: Partial<Record<Endpoint, Record<string, unknown>>> = {};
  const answer = (body: Record<string, unknown>) => Response.json(body);
  const failure = (endpoint: Endpoint) => {
    const body = failures[endpoint];
    delete failures[endpoint];
    return body;
  };

  return {
    approve(user, redirectUri) {
      const code = randomBytes(16).toString('hex').toUpperCase();
      codes.set(code, { user, redirectUri, used: false });
      return code;
    },
    failNext(endpoint, body) {
      failures[endpoint] = body;
    },
    async handler(request) {
      const url = new URL(request.url);
      const q = url.searchParams;
      const endpoint = `${url.origin}${url.pathname}`;
      if (endpoint === QQ_TOKEN_URL) {
        const failed = failure('token');
        if (failed) return answer(failed);
        if (q.get('client_id') !== app.appId) {
          return answer({ error: 100008, error_description: 'client_id is not exist' });
        }
        if (q.get('client_secret') !== app.appKey) {
          return answer({ error: 100009, error_description: 'client secret is illegal' });
        }
        const issued = codes.get(q.get('code') ?? '');
        if (!issued)
          return answer({ error: 100019, error_description: 'code to access token error' });
        if (issued.used)
          return answer({ error: 100020, error_description: 'code is reused error' });
        if (q.get('redirect_uri') !== issued.redirectUri) {
          return answer({ error: 100010, error_description: 'redirect uri is illegal' });
        }
        issued.used = true;
        const accessToken = randomBytes(16).toString('hex').toUpperCase();
        tokens.set(accessToken, issued.user);
        return answer({
          access_token: accessToken,
          expires_in: '7776000',
          refresh_token: randomBytes(16).toString('hex').toUpperCase(),
        });
      }
      if (endpoint === QQ_ME_URL) {
        const failed = failure('me');
        if (failed) return answer(failed);
        const user = tokens.get(q.get('access_token') ?? '');
        if (!user) return answer({ error: 100016, error_description: 'access token check failed' });
        return answer({
          client_id: app.appId,
          openid: user.openid,
          ...(q.get('unionid') === '1' && user.unionid ? { unionid: user.unionid } : {}),
        });
      }
      if (endpoint === QQ_USERINFO_URL) {
        const failed = failure('userinfo');
        if (failed) return answer(failed);
        const user = tokens.get(q.get('access_token') ?? '');
        if (!user || q.get('openid') !== user.openid || q.get('oauth_consumer_key') !== app.appId) {
          return answer({
            ret: -1,
            msg: "client request's parameters are invalid, invalid openid",
          });
        }
        return answer({
          ret: 0,
          msg: '',
          nickname: user.nickname ?? '',
          figureurl_qq_1: user.figureurl ?? '',
          figureurl_qq_2: user.figureurl ?? '',
        });
      }
      return new Response('not found', { status: 404 });
    },
  };
}
