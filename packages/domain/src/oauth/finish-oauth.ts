import { withTenant } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { assertNotLockedOut, signInLockKeys } from '../security/limits.js';
import type { CustomerAuth } from '../customers/customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from '../customers/customer-context.js';
import {
  createCustomerSession,
  type IssuedCustomerSession,
} from '../customers/customer-sessions.js';
import { customerHasTwoFactor } from '../customers/customer-security.queries.js';
import {
  customerSignInChallenge,
  type TwoFactorChallenge,
} from '../customers/customer-two-factor.js';
import { CustomerErrors } from '../customers/customers.errors.js';
import {
  findCustomerById,
  markCustomerSignedIn,
  toCustomer,
  type Customer,
} from '../customers/customers.queries.js';
import { requireProvider, type OAuthDeps } from './oauth-context.js';
import { OAuthErrors } from './oauth.errors.js';
import {
  findIdentity,
  finishOAuthFlow,
  insertIdentity,
  savePendingIdentity,
  takeOAuthFlowState,
  touchIdentity,
  type OAuthFlowRow,
} from './oauth.queries.js';
import { browserHash, openState } from './oauth-state.js';
import { OAuthProviderError, type OAuthProviderId, type ProviderProfile } from './provider.js';
import { PROVIDER_NAMES } from './providers.js';

/** How long an unknown identity waits for the person to open an account or prove one. */
export const PENDING_IDENTITY_TTL_MS = 15 * 60 * 1000;

export type OAuthReturn =
  | { kind: 'signed_in'; customer: Customer; session: IssuedCustomerSession; returnTo: string }
  /** Unknown identity: the person chooses at /auth/continue (never merged silently). */
  | { kind: 'pending'; flowId: string }
  | { kind: 'linked'; provider: OAuthProviderId; returnTo: string }
  /** Known identity of an account with two-step verification: the second step is still due. */
  | { kind: 'two_factor'; twoFactor: TwoFactorChallenge; returnTo: string };

export interface FinishOAuthInput {
  provider: OAuthProviderId;
  state: string | null;
  code: string | null;
  /** The browser's secret from its cookie. */
  browserSecret: string | null;
  /** Who is signed in on this browser now; linking must be finished by who started it. */
  auth: CustomerAuth | null;
}

/**
 * The provider sent the person back: checks and uses up the state, exchanges the code, then signs
 * a known identity in, links it (when linking), or keeps an unknown one waiting for a choice.
 * Every outcome, failures included, is in the shop's audit log.
 */
export async function finishOAuth(
  ctx: CustomerContext,
  oauth: OAuthDeps,
  input: FinishOAuthInput,
): Promise<OAuthReturn> {
  const provider = requireProvider(oauth, input.provider);
  const name = PROVIDER_NAMES[input.provider];
  const flowId = openState(ctx.codeKey, ctx.tenant.id, input.state, input.browserSecret);
  const flow = flowId
    ? await withTenant(ctx.db, ctx.tenant.id, (trx) =>
        takeOAuthFlowState(trx, ctx.tenant.id, {
          id: flowId,
          provider: input.provider,
          browserHash: browserHash(input.browserSecret!),
        }),
      )
    : undefined;

  const fail = async (
    row: OAuthFlowRow | undefined,
    reason: string,
    error: DomainError,
    data: Record<string, unknown> = {},
  ): Promise<never> => {
    await withTenant(ctx.db, ctx.tenant.id, (trx) =>
      recordCustomerEvent(
        trx,
        ctx,
        row?.intent === 'link' ? 'customer.identity_link_failed' : 'customer.sign_in_failed',
        { customerId: row?.customer_id ?? null, data: { method: input.provider, reason, ...data } },
      ),
    );
    throw error;
  };

  if (!flow) {
    return fail(
      undefined,
      'state',
      new DomainError(OAuthErrors.STATE_INVALID, {
        message: `${input.provider} callback with a bad, foreign, expired or used state`,
        userMessage: `这次${name}登录已失效（超时、已使用过或不是在这个浏览器发起的）。请返回重新点击“${name}登录”。`,
        status: 400,
      }),
    );
  }
  if (!input.code || input.code.length > 512) {
    return fail(
      flow,
      'cancelled',
      new DomainError(OAuthErrors.CANCELLED, {
        userMessage: `没有得到你的${name}授权，未能登录。可以重新点击“${name}登录”再试。`,
        status: 400,
      }),
    );
  }

  let profile: ProviderProfile;
  try {
    profile = await provider.identify({ code: input.code, redirectUri: flow.redirect_uri });
  } catch (error) {
    if (!(error instanceof OAuthProviderError)) throw error;
    return fail(
      flow,
      'provider',
      new DomainError(OAuthErrors.PROVIDER_FAILED, {
        message: error.message,
        userMessage: `${name}没有确认这次登录，请重新扫码或稍后再试；也可以改用手机号登录。`,
        status: 502,
        cause: error,
      }),
      { step: error.step, error: error.reason },
    );
  }
  const identity = { ...profile, subject: profile.unionid ?? profile.openid };

  if (flow.intent === 'link') {
    if (!input.auth || input.auth.customerId !== flow.customer_id) {
      return fail(
        flow,
        'wrong_account',
        new DomainError(OAuthErrors.WRONG_ACCOUNT, {
          userMessage: `绑定${name}要在发起绑定的账号登录时完成。请登录该账号后重新绑定。`,
          status: 403,
        }),
      );
    }
    const linked = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
      const existing = await findIdentity(trx, ctx.tenant.id, {
        provider: input.provider,
        subject: identity.subject,
        openid: identity.openid,
      });
      if (existing && existing.customer_id !== flow.customer_id) return 'taken' as const;
      if (!existing) {
        const row = await insertIdentity(trx, {
          tenantId: ctx.tenant.id,
          customerId: flow.customer_id!,
          provider: input.provider,
          ...identity,
          signedIn: false,
        });
        if (!row) return 'already' as const;
        await recordCustomerEvent(trx, ctx, 'customer.identity_linked', {
          customerId: flow.customer_id,
          target: { type: 'customer_identity', id: row.id },
          data: { provider: input.provider, nickname: identity.nickname, via: 'account' },
        });
      }
      await finishOAuthFlow(trx, ctx.tenant.id, flow.id);
      return 'ok' as const;
    });
    if (linked === 'taken') {
      return fail(
        flow,
        'taken',
        new DomainError(OAuthErrors.IDENTITY_TAKEN, {
          userMessage: `这个${name}已绑定本店的另一个账号。如需改绑，请先用${name}登录那个账号并解绑。`,
          status: 409,
        }),
      );
    }
    if (linked === 'already') {
      return fail(
        flow,
        'already',
        new DomainError(OAuthErrors.ALREADY_LINKED, {
          userMessage: `你的账号已绑定另一个${name}，如需更换请先解绑。`,
          status: 409,
        }),
      );
    }
    return { kind: 'linked', provider: input.provider, returnTo: flow.return_to };
  }

  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const existing = await findIdentity(trx, ctx.tenant.id, {
      provider: input.provider,
      subject: identity.subject,
      openid: identity.openid,
    });
    if (!existing) {
      await savePendingIdentity(
        trx,
        ctx.tenant.id,
        flow.id,
        identity,
        new Date(Date.now() + PENDING_IDENTITY_TTL_MS),
      );
      return { kind: 'pending' as const };
    }
    const row = await findCustomerById(trx, ctx.tenant.id, existing.customer_id);
    if (!row)
      throw new Error(`customer ${existing.customer_id} of identity ${existing.id} vanished`);
    if (row.status !== 'active') return { kind: 'disabled' as const, customerId: row.id };
    // The same lock as password and code sign-in: a locked account stays locked for WeChat too.
    await assertNotLockedOut(
      ctx.rateLimiter,
      signInLockKeys(ctx.tenant.id, row.phone ?? row.email ?? `identity:${existing.id}`, ctx.ip),
    );
    if (await customerHasTwoFactor(trx, ctx.tenant.id, row.id)) {
      await touchIdentity(trx, ctx.tenant.id, existing.id, identity);
      await finishOAuthFlow(trx, ctx.tenant.id, flow.id);
      await recordCustomerEvent(trx, ctx, 'customer.sign_in_second_step', {
        customerId: row.id,
        data: { method: input.provider },
      });
      return {
        kind: 'two_factor' as const,
        twoFactor: customerSignInChallenge(ctx, row.id, {
          remember: flow.remember,
          method: input.provider,
        }),
      };
    }
    const session = await createCustomerSession(trx, ctx.tenant.id, {
      customerId: row.id,
      remember: flow.remember,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await markCustomerSignedIn(trx, ctx.tenant.id, row.id);
    await touchIdentity(trx, ctx.tenant.id, existing.id, identity);
    await finishOAuthFlow(trx, ctx.tenant.id, flow.id);
    await recordCustomerEvent(trx, ctx, 'customer.sign_in', {
      customerId: row.id,
      target: { type: 'customer_session', id: session.id },
      data: { method: input.provider, remember: flow.remember },
    });
    return { kind: 'ok' as const, customer: toCustomer(row), session };
  });

  if (outcome.kind === 'pending') return { kind: 'pending', flowId: flow.id };
  if (outcome.kind === 'two_factor') {
    return { kind: 'two_factor', twoFactor: outcome.twoFactor, returnTo: flow.return_to };
  }
  if (outcome.kind === 'disabled') {
    return fail(
      { ...flow, customer_id: outcome.customerId },
      'disabled',
      new DomainError(CustomerErrors.ACCOUNT_DISABLED, {
        userMessage: '这个账号已被店铺停用，如有疑问请联系店铺客服',
        status: 403,
      }),
    );
  }
  return {
    kind: 'signed_in',
    customer: outcome.customer,
    session: outcome.session,
    returnTo: flow.return_to,
  };
}
