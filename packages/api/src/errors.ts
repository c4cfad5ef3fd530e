import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDomainError } from '@cardshop/domain';
import type { AppEnv } from './types.js';

const DOC_BASE = '/docs/api/errors#';

/** The one API error shape: { error: { code, message, doc_url } }. */
export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
) {
  return c.json({ error: { code, message, doc_url: `${DOC_BASE}${code}`, ...extra } }, status);
}

export function handleApiError(err: unknown, c: Context<AppEnv>) {
  if (isDomainError(err)) {
    return apiError(c, err.status as ContentfulStatusCode, err.code.toLowerCase(), err.userMessage);
  }
  const requestId = c.get('requestId');
  c.get('runtime').logger.error({ err, requestId, path: c.req.path }, 'unhandled API error');
  return apiError(c, 500, 'internal_error', '服务器内部错误，请稍后重试', {
    request_id: requestId,
  });
}
