import { withTenant } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { hashPassword } from '../identity/passwords.js';
import { enforceRateLimits, RATE_LIMITS } from '../security/limits.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { createCustomerSession, type IssuedCustomerSession } from './customer-sessions.js';
import { CustomerErrors } from './customers.errors.js';
import {
  insertCustomer,
  markCustomerSignedIn,
  toCustomer,
  type Customer,
} from './customers.queries.js';
import {
  registerWithPasswordSchema,
  type Identifier,
  type RegisterWithPasswordInput,
} from './customers.schemas.js';

/** "用户5678" for a phone, the part before @ for an email. */
export function defaultDisplayName(identifier: Identifier): string {
  return identifier.kind === 'phone'
    ? `用户${identifier.value.slice(-4)}`
    : identifier.value.split('@')[0]!.slice(0, 40) || '用户';
}

/**
 * Opens an account in this shop with a phone number or email and a password, and signs it in.
 * Registering is rate-limited per address; an identifier already in use is refused (409).
 */
export async function registerCustomer(
  ctx: CustomerContext,
  input: RegisterWithPasswordInput,
): Promise<{ customer: Customer; session: IssuedCustomerSession; twoFactor?: undefined }> {
  const data = parseInput(registerWithPasswordSchema, input, CustomerErrors.INVALID_INPUT);
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.registerPerIp, key: ctx.ip }],
    '注册',
  );
  const passwordHash = await hashPassword(data.password);
  const result = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await insertCustomer(trx, {
      tenantId: ctx.tenant.id,
      identifier: data.identifier,
      passwordHash,
      displayName: data.displayName ?? defaultDisplayName(data.identifier),
    });
    if (!row) return null;
    const session = await createCustomerSession(trx, ctx.tenant.id, {
      customerId: row.id,
      remember: data.remember,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await markCustomerSignedIn(trx, ctx.tenant.id, row.id);
    await recordCustomerEvent(trx, ctx, 'customer.registered', {
      customerId: row.id,
      data: { method: 'password', via: data.identifier.kind },
    });
    await recordCustomerEvent(trx, ctx, 'customer.sign_in', {
      customerId: row.id,
      target: { type: 'customer_session', id: session.id },
      data: { method: 'password', remember: data.remember },
    });
    return { customer: toCustomer(row), session };
  });
  if (!result) {
    throw new DomainError(CustomerErrors.ACCOUNT_EXISTS, {
      userMessage:
        data.identifier.kind === 'phone'
          ? '这个手机号已在本店注册，请直接登录；忘记密码可用验证码找回'
          : '这个邮箱已在本店注册，请直接登录；忘记密码可用验证码找回',
      status: 409,
      details: { fieldErrors: { identifier: '已注册，请直接登录' } },
    });
  }
  return result;
}
