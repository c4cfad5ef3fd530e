import type { Database, TenantTx } from '@cardshop/db';
import { recordTenantAudit } from '../audit/audit.queries.js';
import type { Logger } from '../logger.js';
import type { EmailSender, SmsSender } from '../messaging/messaging.js';
import type { RateLimiter } from '../security/rate-limiter.js';

/** What the customer use-cases need from the process (a Runtime has all of it). */
export interface CustomerDeps {
  db: Database;
  rateLimiter: RateLimiter;
  sms: SmsSender;
  email: EmailSender;
  /** Keys the HMAC of one-time codes, so a database dump alone does not reveal live codes. */
  codeKey: string;
  /** For providers that fail where the request must not (security notices). */
  logger?: Logger | undefined;
  /** The clock of two-step verification and second confirmation; tests pass their own. */
  now?: (() => number) | undefined;
}

/** One request to one shop: who is asking, from where. */
export interface CustomerContext extends CustomerDeps {
  tenant: { id: string; name: string };
  ip: string | null;
  userAgent: string | null;
}

export function customerContext(
  runtime: {
    db: Database;
    rateLimiter: RateLimiter;
    sms: SmsSender;
    email: EmailSender;
    env: { APP_SECRET: string };
    logger?: Logger;
  },
  request: { tenant: { id: string; name: string }; ip: string | null; userAgent: string | null },
): CustomerContext {
  return {
    db: runtime.db,
    rateLimiter: runtime.rateLimiter,
    sms: runtime.sms,
    email: runtime.email,
    codeKey: runtime.env.APP_SECRET,
    logger: runtime.logger,
    tenant: request.tenant,
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 400) ?? null,
  };
}

/** A security event in the shop's audit log, visible to the customer and to operators. */
export function recordCustomerEvent(
  trx: TenantTx,
  ctx: Pick<CustomerContext, 'tenant' | 'ip'> & { userAgent?: string | null },
  action: string,
  event: {
    customerId?: string | null;
    target?: { type: string; id: string };
    data?: Record<string, unknown>;
  } = {},
): Promise<void> {
  return recordTenantAudit(trx, {
    tenantId: ctx.tenant.id,
    actor: { type: 'customer', id: event.customerId ?? null, ip: ctx.ip },
    action,
    ...(event.target ? { target: event.target } : {}),
    // The device goes with the event: the security centre shows where each sign-in came from.
    data: { ...event.data, ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}) },
  });
}

/** The request's clock, in milliseconds. */
export function nowOf(ctx: Pick<CustomerDeps, 'now'>): number {
  return ctx.now ? ctx.now() : Date.now();
}
