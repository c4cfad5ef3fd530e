import { withTenant, type TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { z } from 'zod';
import { parseInput } from '../parse-input.js';
import {
  assertNotLockedOut,
  enforceRateLimits,
  LOCKOUTS,
  lockedOutError,
  RATE_LIMITS,
  recordSignInFailure,
  signInLockKeys,
} from '../security/limits.js';
import { requireCustomerRecentConfirmation } from '../customers/confirm-customer.js';
import type { CustomerAuth } from '../customers/customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from '../customers/customer-context.js';
import {
  createCustomerSession,
  type IssuedCustomerSession,
} from '../customers/customer-sessions.js';
import { recordContactProof } from '../customers/contact-proofs.js';
import { CustomerErrors } from '../customers/customers.errors.js';
import {
  findCustomerByContact,
  insertCustomer,
  markCustomerSignedIn,
  toCustomer,
  type Customer,
} from '../customers/customers.queries.js';
import { codeSchema, identifierSchema } from '../customers/customers.schemas.js';
import { maskIdentifier } from '../customers/mask.js';
import { defaultDisplayName } from '../customers/register-customer.js';
import { CODE_INVALID_MESSAGE } from '../customers/sign-in-with-code.js';
import { consumeVerificationCode } from '../customers/verification-codes.js';
import { OAuthErrors } from './oauth.errors.js';
import {
  findIdentity,
  findPendingOAuthFlow,
  finishOAuthFlow,
  insertIdentity,
  listIdentitiesOf,
  selectSessionStart,
  type OAuthFlowRow,
} from './oauth.queries.js';
import { browserHash, isBrowserSecret } from './oauth-state.js';
import type { OAuthProviderId } from './provider.js';
import { PROVIDER_NAMES } from './providers.js';

/** An identity the shop does not know yet, waiting for the person's choice. */
export interface PendingOAuth {
  flowId: string;
  provider: OAuthProviderId;
  nickname: string | null;
  avatarUrl: string | null;
  remember: boolean;
  returnTo: string;
  expiresAt: Date;
}

export interface PendingOAuthRef {
  flowId: string;
  /** The browser's secret (cookie): only the browser that came back from the provider may go on. */
  browserSecret: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expired(): DomainError {
  return new DomainError(OAuthErrors.PENDING_EXPIRED, {
    userMessage: '这次登录已超时或已完成，请返回登录页重新点击微信或 QQ 登录。',
    status: 410,
  });
}

async function lockPending(
  trx: TenantTx,
  tenantId: string,
  ref: PendingOAuthRef,
): Promise<OAuthFlowRow> {
  if (!UUID.test(ref.flowId) || !isBrowserSecret(ref.browserSecret)) throw expired();
  const flow = await findPendingOAuthFlow(trx, tenantId, {
    id: ref.flowId,
    browserHash: browserHash(ref.browserSecret),
    forUpdate: true,
  });
  if (!flow) throw expired();
  return flow;
}

function toPending(flow: OAuthFlowRow): PendingOAuth {
  return {
    flowId: flow.id,
    provider: flow.provider,
    nickname: flow.nickname,
    avatarUrl: flow.avatar_url,
    remember: flow.remember,
    returnTo: flow.return_to,
    expiresAt: flow.expires_at,
  };
}

/** The waiting identity for this browser, or PENDING_EXPIRED (410). */
export function getPendingOAuth(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  ref: PendingOAuthRef,
): Promise<PendingOAuth> {
  if (!UUID.test(ref.flowId) || !isBrowserSecret(ref.browserSecret)) throw expired();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const flow = await findPendingOAuthFlow(trx, ctx.tenant.id, {
      id: ref.flowId,
      browserHash: browserHash(ref.browserSecret!),
    });
    if (!flow) throw expired();
    return toPending(flow);
  });
}

function takenError(provider: OAuthProviderId): DomainError {
  const name = PROVIDER_NAMES[provider];
  return new DomainError(OAuthErrors.IDENTITY_TAKEN, {
    userMessage: `这个${name}刚刚已绑定到本店的一个账号。请返回登录页重新点击“${name}登录”。`,
    status: 409,
  });
}

export const createAccountFromOAuthSchema = z.object({
  identifier: identifierSchema,
  code: codeSchema,
});
export type CreateAccountFromOAuthInput = z.input<typeof createAccountFromOAuthSchema>;

/**
 * Opens a new account from the waiting identity. No password: the person proves a phone number
 * or email with a 'register' code instead (every account keeps one, for sign-in codes, second
 * confirmation and notices), and the nickname becomes the display name. A phone or email that
 * already has an account here is refused before the code is used: that person links instead.
 * Signs in with the "remember me" choice made on the login page.
 */
export async function createAccountFromOAuth(
  ctx: CustomerContext,
  ref: PendingOAuthRef,
  input: CreateAccountFromOAuthInput,
): Promise<{ customer: Customer; session: IssuedCustomerSession; returnTo: string }> {
  const data = parseInput(createAccountFromOAuthSchema, input, CustomerErrors.INVALID_INPUT);
  const keys = signInLockKeys(ctx.tenant.id, data.identifier.value, ctx.ip);
  await assertNotLockedOut(ctx.rateLimiter, keys);
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.registerPerIp, key: ctx.ip }],
    '注册',
  );
  const result = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const flow = await lockPending(trx, ctx.tenant.id, ref);
    const taken = await findIdentity(trx, ctx.tenant.id, {
      provider: flow.provider,
      subject: flow.subject!,
      openid: flow.openid!,
    });
    if (taken) return { kind: 'taken' as const, provider: flow.provider };
    if (await findCustomerByContact(trx, ctx.tenant.id, data.identifier)) {
      return { kind: 'exists' as const, provider: flow.provider };
    }
    const ok = await consumeVerificationCode(
      trx,
      ctx.tenant.id,
      { destination: data.identifier.value, purpose: 'register', code: data.code },
      ctx.codeKey,
    );
    if (!ok) {
      await recordCustomerEvent(trx, ctx, 'customer.sign_in_failed', {
        data: { method: flow.provider, reason: 'code', account: maskIdentifier(data.identifier) },
      });
      return { kind: 'bad-code' as const };
    }
    const row = await insertCustomer(trx, {
      tenantId: ctx.tenant.id,
      identifier: data.identifier,
      passwordHash: null,
      displayName: flow.nickname?.trim().slice(0, 40) || defaultDisplayName(data.identifier),
    });
    if (!row) return { kind: 'exists' as const, provider: flow.provider };
    const identity = await insertIdentity(trx, {
      tenantId: ctx.tenant.id,
      customerId: row.id,
      provider: flow.provider,
      subject: flow.subject!,
      openid: flow.openid!,
      unionid: flow.unionid,
      nickname: flow.nickname,
      avatarUrl: flow.avatar_url,
      signedIn: true,
    });
    if (!identity) throw new Error(`identity of flow ${flow.id} appeared while it was locked`);
    await finishOAuthFlow(trx, ctx.tenant.id, flow.id);
    const session = await createCustomerSession(trx, ctx.tenant.id, {
      customerId: row.id,
      remember: flow.remember,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await markCustomerSignedIn(trx, ctx.tenant.id, row.id);
    await recordContactProof(trx, ctx.tenant.id, {
      sessionId: session.id,
      customerId: row.id,
      identifier: data.identifier,
    });
    await recordCustomerEvent(trx, ctx, 'customer.registered', {
      customerId: row.id,
      data: { method: flow.provider, via: data.identifier.kind },
    });
    await recordCustomerEvent(trx, ctx, 'customer.identity_linked', {
      customerId: row.id,
      target: { type: 'customer_identity', id: identity.id },
      data: { provider: flow.provider, nickname: flow.nickname, via: 'new_account' },
    });
    await recordCustomerEvent(trx, ctx, 'customer.sign_in', {
      customerId: row.id,
      target: { type: 'customer_session', id: session.id },
      data: { method: flow.provider, remember: flow.remember },
    });
    return {
      kind: 'ok' as const,
      customer: toCustomer(row),
      session,
      returnTo: flow.return_to,
    };
  });
  switch (result.kind) {
    case 'taken':
      throw takenError(result.provider);
    case 'exists': {
      const what = data.identifier.kind === 'phone' ? '手机号' : '邮箱';
      throw new DomainError(CustomerErrors.ACCOUNT_EXISTS, {
        userMessage: `这个${what}已在本店注册。请在“已有账号”中用它登录，登录后即绑定${PROVIDER_NAMES[result.provider]}。`,
        status: 409,
        details: { fieldErrors: { identifier: '已注册，请用“已有账号”登录后绑定' } },
      });
    }
    case 'bad-code': {
      const lockedForMs = await recordSignInFailure(ctx.rateLimiter, keys);
      if (lockedForMs > 0) throw lockedOutError(lockedForMs, 'account');
      throw new DomainError(CustomerErrors.CODE_INVALID, {
        userMessage: CODE_INVALID_MESSAGE,
        status: 400,
        details: { fieldErrors: { code: CODE_INVALID_MESSAGE } },
      });
    }
    case 'ok':
      await ctx.rateLimiter.clearFailures(LOCKOUTS.account, keys.account);
      return result;
  }
}

/**
 * Links the waiting identity to the account signed in on this browser. Signing in after the
 * provider sent the person back (password or code, on the choice page or through two-step
 * verification) is the proof the account is theirs; a session that was already open needs a
 * recent second confirmation, as linking from the account page does.
 */
export async function linkPendingOAuth(
  ctx: CustomerContext,
  ref: PendingOAuthRef,
  auth: CustomerAuth,
): Promise<{ provider: OAuthProviderId; returnTo: string }> {
  const result = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const flow = await lockPending(trx, ctx.tenant.id, ref);
    const name = PROVIDER_NAMES[flow.provider];
    const sessionStart = await selectSessionStart(
      trx,
      ctx.tenant.id,
      auth.customerId,
      auth.sessionId,
    );
    if (!sessionStart || !flow.returned_at || sessionStart < flow.returned_at) {
      await requireCustomerRecentConfirmation(trx, ctx, auth, 'link_identity');
    }
    const taken = await findIdentity(trx, ctx.tenant.id, {
      provider: flow.provider,
      subject: flow.subject!,
      openid: flow.openid!,
    });
    if (taken && taken.customer_id !== auth.customerId) {
      return { kind: 'error' as const, error: takenError(flow.provider) };
    }
    if (!taken) {
      const own = await listIdentitiesOf(trx, ctx.tenant.id, auth.customerId);
      if (own.some((i) => i.provider === flow.provider)) {
        await recordCustomerEvent(trx, ctx, 'customer.identity_link_failed', {
          customerId: auth.customerId,
          data: { method: flow.provider, reason: 'already' },
        });
        await finishOAuthFlow(trx, ctx.tenant.id, flow.id);
        return {
          kind: 'error' as const,
          error: new DomainError(OAuthErrors.ALREADY_LINKED, {
            userMessage: `你已登录，但这个账号已绑定另一个${name}，这次的${name}没有绑定。如需更换，请先在“账号绑定”中解绑。`,
            status: 409,
          }),
        };
      }
      const identity = await insertIdentity(trx, {
        tenantId: ctx.tenant.id,
        customerId: auth.customerId,
        provider: flow.provider,
        subject: flow.subject!,
        openid: flow.openid!,
        unionid: flow.unionid,
        nickname: flow.nickname,
        avatarUrl: flow.avatar_url,
        signedIn: true,
      });
      if (!identity) return { kind: 'error' as const, error: takenError(flow.provider) };
      await recordCustomerEvent(trx, ctx, 'customer.identity_linked', {
        customerId: auth.customerId,
        target: { type: 'customer_identity', id: identity.id },
        data: { provider: flow.provider, nickname: flow.nickname, via: 'existing_account' },
      });
    }
    await finishOAuthFlow(trx, ctx.tenant.id, flow.id);
    return { kind: 'ok' as const, provider: flow.provider, returnTo: flow.return_to };
  });
  if (result.kind === 'error') throw result.error;
  return result;
}
