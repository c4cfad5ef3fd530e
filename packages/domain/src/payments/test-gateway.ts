import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../errors.js';
import { PaymentErrors } from './payments.errors.js';
import type { PaymentProvider, RefundPayout, VerifiedNotification } from './provider.js';

export const TEST_GATEWAY_ID = 'test';
export const TEST_GATEWAY_SIGNATURE_HEADER = 'x-testpay-signature';

const notificationSchema = z.object({
  event_id: z.string().min(1).max(128),
  transaction_id: z.string().min(1).max(128),
  reference: z.string().length(64),
  amount_fen: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.enum(['succeeded', 'failed']),
  occurred_at: z.string(),
});

export type TestGatewayNotificationBody = z.infer<typeof notificationSchema>;

/** The gateway's signing key: derived from APP_SECRET, so the secret itself never signs anything. */
function signingKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('cardshop test gateway notifications v1').digest();
}

export function signTestGatewayBody(secret: string, rawBody: string): string {
  return createHmac('sha256', signingKey(secret)).update(rawBody, 'utf8').digest('hex');
}

/** The test gateway pays out refunds at once; the refund id makes a second request a no-op. */
export const testGatewayRefund: RefundPayout = async (request) => ({
  providerRefundId: `tr_${createHash('sha256').update(request.refundId).digest('hex').slice(0, 24)}`,
});

export interface TestGateway extends PaymentProvider {
  /**
   * What the gateway sends when the buyer pays (or fails to) on its hosted page: the raw body and
   * its signature header. Replaying the result is what a gateway retrying an unacknowledged
   * notification does.
   */
  notification(payment: {
    reference: string;
    amountFen: number;
    currency?: string;
    status?: 'succeeded' | 'failed';
    transactionId?: string;
    eventId?: string;
  }): { rawBody: string; headers: Record<string, string> };
}

/**
 * The built-in test gateway: a hosted pay page (the storefront renders /pay/test/<reference>) where
 * the buyer chooses success or failure, and an HMAC-SHA256-signed asynchronous notification.
 */
export function createTestGateway(options: { secret: string; payPagePath?: string }): TestGateway {
  if (options.secret.length < 32) throw new TypeError('createTestGateway: the secret is too short');
  const key = signingKey(options.secret);
  const payPagePath = options.payPagePath ?? '/pay/test';

  return {
    id: TEST_GATEWAY_ID,
    displayName: '测试支付',
    acknowledgement: 'success',

    checkoutUrl(payment) {
      return `${payPagePath}/${payment.reference}`;
    },

    verifyNotification(rawBody, headers): VerifiedNotification {
      const header = headers[TEST_GATEWAY_SIGNATURE_HEADER];
      const given = Array.isArray(header) ? header[0] : header;
      const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
      const expected = createHmac('sha256', key).update(body).digest();
      const presented = /^[0-9a-f]{64}$/i.test(given ?? '') ? Buffer.from(given!, 'hex') : null;
      if (!presented || !timingSafeEqual(presented, expected)) {
        throw new DomainError(PaymentErrors.SIGNATURE_INVALID, {
          message: 'test gateway notification signature does not match its body',
          userMessage: '支付通知签名无效',
          status: 401,
        });
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        json = undefined;
      }
      const parsed = notificationSchema.safeParse(json);
      if (!parsed.success) {
        throw new DomainError(PaymentErrors.NOTIFICATION_MALFORMED, {
          message: `test gateway notification is malformed: ${parsed.error.message}`,
          userMessage: '支付通知内容不完整',
          status: 400,
        });
      }
      return {
        eventId: parsed.data.event_id,
        providerTransactionId: parsed.data.transaction_id,
        reference: parsed.data.reference,
        amountFen: parsed.data.amount_fen,
        currency: parsed.data.currency,
        status: parsed.data.status,
      };
    },

    refund: testGatewayRefund,

    notification(payment) {
      const body: TestGatewayNotificationBody = {
        event_id: payment.eventId ?? `evt_${randomUUID().replace(/-/g, '')}`,
        transaction_id: payment.transactionId ?? `tp_${randomUUID().replace(/-/g, '')}`,
        reference: payment.reference,
        amount_fen: payment.amountFen,
        currency: payment.currency ?? 'CNY',
        status: payment.status ?? 'succeeded',
        occurred_at: new Date().toISOString(),
      };
      const rawBody = JSON.stringify(body);
      return {
        rawBody,
        headers: { [TEST_GATEWAY_SIGNATURE_HEADER]: signTestGatewayBody(options.secret, rawBody) },
      };
    },
  };
}
