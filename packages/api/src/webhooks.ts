import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { handlePaymentNotification, isDomainError } from '@cardshop/domain';
import { apiError, handleApiError } from './errors.js';
import type { AppEnv } from './types.js';

/** Gateways' notifications are small forms or JSON; anything larger is not one. */
const MAX_NOTIFICATION_BYTES = 64 * 1024;

/**
 * Webhooks from third parties, mounted ahead of the CSRF guard (they are cross-site by nature and
 * carry no cookies; each is authenticated by its own signature).
 *
 * POST /webhooks/payments/:provider: the raw body, exactly as sent, goes to the provider's
 * signature check before anything reads it; a handled notification (and a replay of one) answers
 * 200 with the provider's acknowledgement so it stops retrying. A bad signature is 401, a
 * malformed notification 400, an unknown provider or payment 404, all in the API's error shape,
 * and none of them changes anything.
 */
export function webhookRoutes() {
  const hooks = new Hono<AppEnv>();
  hooks.onError(handleApiError);

  hooks.post(
    '/payments/:provider',
    bodyLimit({
      maxSize: MAX_NOTIFICATION_BYTES,
      onError: (c) => apiError(c, 413, 'payload_too_large', '通知内容过大'),
    }),
    async (c) => {
      const runtime = c.get('runtime');
      const provider = c.req.param('provider');
      const rawBody = Buffer.from(await c.req.arrayBuffer());
      const headers: Record<string, string> = {};
      c.req.raw.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const log = runtime.logger.child({
        webhook: 'payments',
        provider,
        requestId: c.get('requestId'),
      });
      try {
        const result = await handlePaymentNotification(
          runtime.db,
          { providers: runtime.payments },
          { provider, rawBody, headers },
        );
        runtime.kickOutbox();
        const quiet = result.outcome === 'duplicate' || result.outcome === 'ignored';
        const odd = result.outcome === 'amount_mismatch' || result.outcome.endsWith('_refunded');
        log[odd ? 'warn' : quiet ? 'debug' : 'info'](
          {
            outcome: result.outcome,
            tenantId: result.tenantId,
            orderId: result.orderId,
            topupId: result.topupId,
            paymentId: result.paymentId,
          },
          'payment notification handled',
        );
        c.header('Cache-Control', 'no-store');
        return c.text(result.acknowledgement, 200);
      } catch (error) {
        if (!isDomainError(error) || error.status >= 500) throw error;
        log.warn(
          { code: error.code, status: error.status, err: error.message },
          'payment notification refused',
        );
        return handleApiError(error, c);
      }
    },
  );
  hooks.all('*', (c) =>
    apiError(c, 404, 'not_found', `没有这个接口：${c.req.method} ${c.req.path}`),
  );
  return hooks;
}
