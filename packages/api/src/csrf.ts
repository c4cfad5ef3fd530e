import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './types.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cross-site state-changing requests: the Origin header must be this site's, or, when a
 * browser sends no Origin, Sec-Fetch-Site must say same-origin. A request with neither is refused.
 * Cookies are SameSite=Lax as a second line.
 */
export function csrfGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const url = new URL(c.req.url);
    const host =
      c.req.header('x-forwarded-host') && c.get('runtime').env.TRUST_PROXY
        ? c.req.header('x-forwarded-host')
        : c.req.header('host');
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const ok = origin
      ? safeHost(origin) === host
      : fetchSite === 'same-origin' || fetchSite === 'none';
    if (!ok) {
      c.get('runtime').logger.warn(
        { path: url.pathname, origin, fetchSite, host },
        'csrf: refused',
      );
      return c.text('跨站请求已被拒绝 (cross-site request refused)', 403);
    }
    return next();
  };
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
