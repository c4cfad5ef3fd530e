import type { Context } from 'hono';
import {
  ApiKeyErrors,
  authenticateApiKey,
  isDomainError,
  type ApiPrincipal,
} from '@cardshop/domain';
import { handleApiError } from '../errors.js';
import { clientIp } from '../server.js';
import type { AppEnv } from '../types.js';

/**
 * A resource behind `Authorization: Bearer <key>`: 401 (with WWW-Authenticate) for a missing or
 * unusable key, 429 (with Retry-After) when the key is over its rate limit, else the handler runs
 * with the key. The key alone decides the shop; nothing else in the request can name one.
 */
export function withApiKey(
  handler: (c: Context<AppEnv>, key: ApiPrincipal) => Promise<Response>,
): (c: Context<AppEnv>) => Promise<Response> {
  return async (c) => {
    const runtime = c.get('runtime');
    c.header('Cache-Control', 'no-store');
    let key: ApiPrincipal;
    try {
      key = await authenticateApiKey(
        { db: runtime.db, rateLimiter: runtime.rateLimiter },
        { authorization: c.req.header('authorization'), ip: clientIp(c) },
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === ApiKeyErrors.INVALID_API_KEY) {
        c.header('WWW-Authenticate', 'Bearer realm="cardshop-api"');
      } else if (error.code === ApiKeyErrors.RATE_LIMITED) {
        const ms = Number(error.details?.retryAfterMs ?? 60_000);
        c.header('Retry-After', String(Math.max(1, Math.ceil(ms / 1000))));
      }
      return handleApiError(error, c);
    }
    return handler(c, key);
  };
}
