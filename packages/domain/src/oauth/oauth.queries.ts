import { sql, type Selectable } from 'kysely';
import type {
  CustomerIdentitiesTable,
  CustomerOauthFlowsTable,
  OAuthProviderId,
  TenantTx,
} from '@cardshop/db';

export type OAuthFlowRow = Selectable<CustomerOauthFlowsTable>;
export type IdentityRow = Selectable<CustomerIdentitiesTable>;

export async function insertOAuthFlow(
  trx: TenantTx,
  values: {
    tenantId: string;
    id: string;
    provider: OAuthProviderId;
    intent: 'sign_in' | 'link';
    customerId: string | null;
    browserHash: Uint8Array;
    redirectUri: string;
    returnTo: string;
    remember: boolean;
    expiresAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('customer_oauth_flows')
    .values({
      tenant_id: values.tenantId,
      id: values.id,
      provider: values.provider,
      intent: values.intent,
      customer_id: values.customerId,
      browser_hash: values.browserHash,
      redirect_uri: values.redirectUri,
      return_to: values.returnTo,
      remember: values.remember,
      expires_at: values.expiresAt,
    })
    .execute();
}

/** Flows that ended (or were abandoned) more than a day ago. */
export async function deleteStaleOAuthFlows(trx: TenantTx, tenantId: string): Promise<void> {
  await trx
    .deleteFrom('customer_oauth_flows')
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
}

/**
 * Uses up the state: the flow, if it is this provider's, this browser's, unexpired and has not
 * come back before. Exactly one request can win it.
 */
export function takeOAuthFlowState(
  trx: TenantTx,
  tenantId: string,
  input: { id: string; provider: OAuthProviderId; browserHash: Uint8Array },
): Promise<OAuthFlowRow | undefined> {
  return trx
    .updateTable('customer_oauth_flows')
    .set({ returned_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', input.id)
    .where('provider', '=', input.provider)
    .where('browser_hash', '=', input.browserHash)
    .where('returned_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returningAll()
    .executeTakeFirst();
}

/** The unknown identity waits on the flow until the person chooses, for `ttlMs`. */
export async function savePendingIdentity(
  trx: TenantTx,
  tenantId: string,
  flowId: string,
  identity: {
    subject: string;
    openid: string;
    unionid: string | null;
    nickname: string | null;
    avatarUrl: string | null;
  },
  expiresAt: Date,
): Promise<void> {
  await trx
    .updateTable('customer_oauth_flows')
    .set({
      subject: identity.subject,
      openid: identity.openid,
      unionid: identity.unionid,
      nickname: identity.nickname,
      avatar_url: identity.avatarUrl,
      expires_at: expiresAt,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', flowId)
    .execute();
}

/** A flow holding an unknown identity for this browser, still open; locked with `forUpdate`. */
export function findPendingOAuthFlow(
  trx: TenantTx,
  tenantId: string,
  input: { id: string; browserHash: Uint8Array; forUpdate?: boolean },
): Promise<OAuthFlowRow | undefined> {
  let query = trx
    .selectFrom('customer_oauth_flows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', input.id)
    .where('browser_hash', '=', input.browserHash)
    .where('intent', '=', 'sign_in')
    .where('returned_at', 'is not', null)
    .where('subject', 'is not', null)
    .where('finished_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`);
  if (input.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function finishOAuthFlow(
  trx: TenantTx,
  tenantId: string,
  flowId: string,
): Promise<void> {
  await trx
    .updateTable('customer_oauth_flows')
    .set({ finished_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', flowId)
    .execute();
}

// --- identities ---

/**
 * The identity with this subject, or one first linked by its openid (before the provider gave a
 * unionid for it), so a person is never split in two.
 */
export function findIdentity(
  trx: TenantTx,
  tenantId: string,
  input: { provider: OAuthProviderId; subject: string; openid: string },
): Promise<IdentityRow | undefined> {
  return trx
    .selectFrom('customer_identities')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', input.provider)
    .where((eb) => eb.or([eb('subject', '=', input.subject), eb('openid', '=', input.openid)]))
    .orderBy(sql`subject = ${input.subject}`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The new identity, or undefined when the subject or the account's provider slot is taken. */
export function insertIdentity(
  trx: TenantTx,
  values: {
    tenantId: string;
    customerId: string;
    provider: OAuthProviderId;
    subject: string;
    openid: string;
    unionid: string | null;
    nickname: string | null;
    avatarUrl: string | null;
    signedIn: boolean;
  },
): Promise<IdentityRow | undefined> {
  return trx
    .insertInto('customer_identities')
    .values({
      tenant_id: values.tenantId,
      customer_id: values.customerId,
      provider: values.provider,
      subject: values.subject,
      openid: values.openid,
      unionid: values.unionid,
      nickname: values.nickname,
      avatar_url: values.avatarUrl,
      last_sign_in_at: values.signedIn ? new Date() : null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** After a sign-in: the newest nickname and avatar, and the unionid once it is known. */
export async function touchIdentity(
  trx: TenantTx,
  tenantId: string,
  id: string,
  profile: { unionid: string | null; nickname: string | null; avatarUrl: string | null },
): Promise<void> {
  await trx
    .updateTable('customer_identities')
    .set((eb) => ({
      last_sign_in_at: new Date(),
      nickname: profile.nickname ?? eb.ref('nickname'),
      avatar_url: profile.avatarUrl ?? eb.ref('avatar_url'),
      unionid: profile.unionid ?? eb.ref('unionid'),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export function listIdentitiesOf(trx: TenantTx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customer_identities')
    .select(['id', 'provider', 'nickname', 'avatar_url', 'linked_at', 'last_sign_in_at'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('linked_at')
    .execute();
}

export async function deleteIdentity(trx: TenantTx, tenantId: string, id: string): Promise<void> {
  await trx
    .deleteFrom('customer_identities')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** When the session began (null when it is not this customer's). */
export async function selectSessionStart(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  sessionId: string,
): Promise<Date | null> {
  const row = await trx
    .selectFrom('customer_sessions')
    .select('created_at')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', sessionId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.created_at ?? null;
}
