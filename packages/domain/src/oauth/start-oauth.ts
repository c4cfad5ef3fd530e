import { randomUUID } from 'node:crypto';
import { withTenant } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { enforceRateLimits, RATE_LIMITS } from '../security/limits.js';
import type { CustomerAuth } from '../customers/customer-auth.js';
import { requireCustomerRecentConfirmation } from '../customers/confirm-customer.js';
import type { CustomerContext } from '../customers/customer-context.js';
import { findCustomerById } from '../customers/customers.queries.js';
import { requireProvider, type OAuthDeps } from './oauth-context.js';
import { OAuthErrors } from './oauth.errors.js';
import { deleteStaleOAuthFlows, insertOAuthFlow, listIdentitiesOf } from './oauth.queries.js';
import { browserHash, callbackUrl, isBrowserSecret, signState } from './oauth-state.js';
import type { OAuthProviderId } from './provider.js';
import { PROVIDER_NAMES } from './providers.js';

/** How long the provider's page (the QR code) may take before the state stops working. */
export const OAUTH_FLOW_TTL_MS = 10 * 60 * 1000;

export interface StartOAuthInput {
  provider: OAuthProviderId;
  /** sign_in from the login page; link from the account page (needs `auth`). */
  intent: 'sign_in' | 'link';
  auth?: CustomerAuth | null;
  remember: boolean;
  /** A path on this shop to land on afterwards. */
  returnTo: string;
  /** This shop's public origin, e.g. https://demo.example.com. */
  shopOrigin: string;
  /** The browser's secret (its cookie); the state is only accepted back with it. */
  browserSecret: string;
}

/**
 * Starts signing in (or linking) with WeChat or QQ: records the attempt and answers the
 * provider's address to send the person to, carrying a signed, single-use state.
 */
export async function startOAuth(
  ctx: CustomerContext,
  oauth: OAuthDeps,
  input: StartOAuthInput,
): Promise<{ url: string }> {
  const provider = requireProvider(oauth, input.provider);
  if (!isBrowserSecret(input.browserSecret))
    throw new Error('startOAuth: malformed browser secret');
  if (input.intent === 'link' && !input.auth)
    throw new Error('startOAuth: linking needs a customer');
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.signInPerIp, key: ctx.ip }],
    '登录',
  );
  const returnTo =
    input.returnTo.startsWith('/') &&
    !input.returnTo.startsWith('//') &&
    input.returnTo.length <= 500
      ? input.returnTo
      : '/account';
  const redirectUri = callbackUrl({
    appSecret: ctx.codeKey,
    provider: input.provider,
    shopOrigin: input.shopOrigin,
    callbackOrigin: oauth.callbackOrigin,
  });
  const flowId = randomUUID();
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    if (input.intent === 'link') {
      // Linking adds a way into the account that outlives a password change: a session alone
      // (perhaps a borrowed or stolen one) is not enough.
      await requireCustomerRecentConfirmation(trx, ctx, input.auth!, 'link_identity');
      const customer = await findCustomerById(trx, ctx.tenant.id, input.auth!.customerId);
      if (!customer) throw new Error(`customer ${input.auth!.customerId} vanished`);
      const linked = await listIdentitiesOf(trx, ctx.tenant.id, customer.id);
      if (linked.some((i) => i.provider === input.provider)) {
        throw new DomainError(OAuthErrors.ALREADY_LINKED, {
          userMessage: `你的账号已绑定${PROVIDER_NAMES[input.provider]}，如需更换请先解绑`,
          status: 409,
        });
      }
    }
    await deleteStaleOAuthFlows(trx, ctx.tenant.id);
    await insertOAuthFlow(trx, {
      tenantId: ctx.tenant.id,
      id: flowId,
      provider: input.provider,
      intent: input.intent,
      customerId: input.intent === 'link' ? input.auth!.customerId : null,
      browserHash: browserHash(input.browserSecret),
      redirectUri,
      returnTo,
      remember: input.remember,
      expiresAt: new Date(Date.now() + OAUTH_FLOW_TTL_MS),
    });
  });
  const state = signState(ctx.codeKey, ctx.tenant.id, flowId, input.browserSecret);
  return { url: provider.authorizeUrl({ redirectUri, state }) };
}
