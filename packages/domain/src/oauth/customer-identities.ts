import { withTenant } from '@cardshop/db';
import { DomainError } from '../errors.js';
import type { CustomerAuth } from '../customers/customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from '../customers/customer-context.js';
import { findCustomerById } from '../customers/customers.queries.js';
import { maskEmail, maskPhone } from '../customers/mask.js';
import { OAuthErrors } from './oauth.errors.js';
import { deleteIdentity, listIdentitiesOf } from './oauth.queries.js';
import type { OAuthProviderId } from './provider.js';
import { PROVIDER_NAMES } from './providers.js';

export interface LinkedIdentity {
  provider: OAuthProviderId;
  nickname: string | null;
  avatarUrl: string | null;
  linkedAt: Date;
  lastSignInAt: Date | null;
}

export interface CustomerConnections {
  identities: LinkedIdentity[];
  /** Masked; a phone or an email is a way in by itself (sign-in codes). */
  phone: string | null;
  email: string | null;
  hasPassword: boolean;
}

/** The account's linked WeChat / QQ and its other ways to sign in. */
export function getCustomerConnections(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
): Promise<CustomerConnections> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    const identities = await listIdentitiesOf(trx, ctx.tenant.id, row.id);
    return {
      identities: identities.map((i) => ({
        provider: i.provider,
        nickname: i.nickname,
        avatarUrl: i.avatar_url,
        linkedAt: i.linked_at,
        lastSignInAt: i.last_sign_in_at,
      })),
      phone: row.phone ? maskPhone(row.phone) : null,
      email: row.email ? maskEmail(row.email) : null,
      hasPassword: row.password_hash !== null,
    };
  });
}

/**
 * Unlinks WeChat or QQ from the account. Refused when it would leave no way to sign in: the phone
 * or email (sign-in codes; a password goes with them) or another linked provider. Every account
 * keeps a phone or an email today (customers_contact; one opened from WeChat proved one), so the
 * refusal guards the day that changes rather than a path anyone can take now.
 */
export async function unlinkCustomerIdentity(
  ctx: CustomerContext,
  auth: CustomerAuth,
  provider: OAuthProviderId,
): Promise<void> {
  const name = PROVIDER_NAMES[provider];
  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    const identities = await listIdentitiesOf(trx, ctx.tenant.id, row.id);
    const target = identities.find((i) => i.provider === provider);
    if (!target) return 'not-linked' as const;
    if (!row.phone && !row.email && identities.length === 1) {
      await recordCustomerEvent(trx, ctx, 'customer.identity_unlink_refused', {
        customerId: row.id,
        target: { type: 'customer_identity', id: target.id },
        data: { provider, reason: 'last_way_in' },
      });
      return 'last' as const;
    }
    await deleteIdentity(trx, ctx.tenant.id, target.id);
    await recordCustomerEvent(trx, ctx, 'customer.identity_unlinked', {
      customerId: row.id,
      target: { type: 'customer_identity', id: target.id },
      data: { provider, nickname: target.nickname },
    });
    return 'ok' as const;
  });
  if (outcome === 'not-linked') {
    throw new DomainError(OAuthErrors.NOT_LINKED, {
      userMessage: `你的账号没有绑定${name}`,
      status: 404,
    });
  }
  if (outcome === 'last') {
    throw new DomainError(OAuthErrors.LAST_WAY_IN, {
      userMessage: `${name}是你登录这个账号的唯一方式，解绑后将无法再登录。请先绑定手机号或邮箱，再解绑${name}。`,
      status: 409,
    });
  }
}
