import { withTenant, type ApiKeyScope, type Database } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { formatWait, RATE_LIMITS } from '../security/limits.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import { apiKeySecretMatches, parseApiKeyToken } from './api-key-token.js';
import { ApiKeyErrors } from './api-keys.errors.js';
import { lookupApiKey, touchApiKey } from './api-keys.queries.js';
import { API_KEY_SCOPES } from './api-keys.schemas.js';

/** Who is calling the API: a key, and through it a shop. Nothing in the request names the shop. */
export interface ApiPrincipal {
  tenantId: string;
  keyId: string;
  scopes: readonly ApiKeyScope[];
}

/** last_used_at is written at most this often per key: a busy key must not write on every call. */
export const API_KEY_TOUCH_INTERVAL_MS = 60_000;

const INVALID_MESSAGE =
  'API 密钥无效、已撤销或已过期。请在请求头中以 Authorization: Bearer <密钥> 提供店铺控制台创建的有效密钥。';
/** Compared against when no key has the prefix, so an unknown key costs what a wrong one does. */
const NO_HASH = new Uint8Array(32);

function invalidKey(): DomainError {
  return new DomainError(ApiKeyErrors.INVALID_API_KEY, {
    userMessage: INVALID_MESSAGE,
    status: 401,
  });
}

/**
 * Authenticates an API request by its `Authorization: Bearer cs_live_<prefix>_<secret>` header:
 * finds the key by prefix, compares the secret's hash in constant time, and refuses (401, one
 * message for every reason) a missing, malformed, unknown, wrong, revoked or expired key. A
 * good key then counts against its rate limit (429 with the wait), and its last use is recorded
 * at most once a minute, in its shop's scope.
 */
export async function authenticateApiKey(
  deps: { db: Database; rateLimiter: RateLimiter; now?: () => number },
  request: { authorization: string | null | undefined; ip: string | null },
): Promise<ApiPrincipal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '');
  const parts = match ? parseApiKeyToken(match[1]!) : null;
  if (!parts) throw invalidKey();
  const found = await lookupApiKey(deps.db, parts.prefix);
  const matches = apiKeySecretMatches(parts.secret, found?.secretHash ?? NO_HASH);
  if (!found || !matches || !found.active) throw invalidKey();

  const limit = await deps.rateLimiter.hit(RATE_LIMITS.apiPerKey, found.keyId);
  if (!limit.allowed) {
    throw new DomainError(ApiKeyErrors.RATE_LIMITED, {
      userMessage: `请求过于频繁：每个密钥每分钟最多 ${RATE_LIMITS.apiPerKey.limit} 次请求，请 ${formatWait(limit.retryAfterMs)}后重试。`,
      status: 429,
      details: { retryAfterMs: limit.retryAfterMs },
    });
  }

  const now = (deps.now ?? Date.now)();
  if (!found.lastUsedAt || now - found.lastUsedAt.getTime() >= API_KEY_TOUCH_INTERVAL_MS) {
    await withTenant(deps.db, found.tenantId, (trx) =>
      touchApiKey(trx, found.tenantId, found.keyId, {
        at: new Date(now),
        ip: request.ip,
        minGapMs: API_KEY_TOUCH_INTERVAL_MS,
      }),
    );
  }
  return { tenantId: found.tenantId, keyId: found.keyId, scopes: found.scopes };
}

/** Refuses (403) a key without the scope a resource needs, naming the scope to add. */
export function requireApiScope(principal: ApiPrincipal, scope: ApiKeyScope): void {
  if (principal.scopes.includes(scope)) return;
  throw new DomainError(ApiKeyErrors.INSUFFICIENT_SCOPE, {
    message: `key ${principal.keyId} lacks ${scope}`,
    userMessage: `这个 API 密钥没有「${API_KEY_SCOPES[scope]}」（${scope}）权限。请在店铺控制台创建带有这项权限的密钥。`,
    status: 403,
    details: { scope },
  });
}
