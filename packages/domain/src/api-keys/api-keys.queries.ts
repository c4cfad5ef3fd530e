import { sql, type ApiKeyScope, type Database, type TenantTx } from '@cardshop/db';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}

/** Serialises key creation per shop, so two at once cannot both pass the limit. */
export async function lockShopApiKeys(trx: TenantTx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`api_keys:${tenantId}`}, 0))`.execute(
    trx,
  );
}

export async function countActiveApiKeys(
  trx: TenantTx,
  tenantId: string,
  now: Date,
): Promise<number> {
  const row = await trx
    .selectFrom('api_keys')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Stores a new key; false when its prefix is taken (the caller draws another). */
export async function insertApiKey(
  trx: TenantTx,
  key: {
    tenantId: string;
    name: string;
    prefix: string;
    secretHash: Uint8Array;
    scopes: ApiKeyScope[];
    createdBy: string;
    createdAt: Date;
    expiresAt: Date | null;
  },
): Promise<string | undefined> {
  const row = await trx
    .insertInto('api_keys')
    .values({
      tenant_id: key.tenantId,
      name: key.name,
      prefix: key.prefix,
      secret_hash: key.secretHash,
      scopes: key.scopes,
      created_by: key.createdBy,
      created_at: key.createdAt,
      expires_at: key.expiresAt,
    })
    .onConflict((oc) => oc.column('prefix').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

function keys(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('api_keys as k')
    .leftJoin('staff_users as u', 'u.id', 'k.created_by')
    .select([
      'k.id',
      'k.name',
      'k.prefix',
      'k.scopes',
      'k.created_by as createdBy',
      'u.display_name as createdByName',
      'k.created_at as createdAt',
      'k.expires_at as expiresAt',
      'k.last_used_at as lastUsedAt',
      'k.last_used_ip as lastUsedIp',
      'k.revoked_at as revokedAt',
    ])
    .where('k.tenant_id', '=', tenantId);
}

/** The shop's keys, newest first (revoked ones too: the list is also their history). */
export function selectApiKeys(trx: TenantTx, tenantId: string): Promise<ApiKeyRow[]> {
  return keys(trx, tenantId).orderBy('k.created_at', 'desc').orderBy('k.id').execute();
}

export async function selectApiKey(
  trx: TenantTx,
  tenantId: string,
  id: string,
): Promise<ApiKeyRow | undefined> {
  return keys(trx, tenantId).where('k.id', '=', id).forUpdate('k').executeTakeFirst();
}

/** Revokes the key unless it already is; returns whether this call did it. */
export async function markApiKeyRevoked(
  trx: TenantTx,
  tenantId: string,
  id: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('api_keys')
    .set({ revoked_at: at, revoked_by: by })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ApiKeyLookup {
  tenantId: string;
  keyId: string;
  secretHash: Uint8Array;
  scopes: ApiKeyScope[];
  active: boolean;
  lastUsedAt: Date | null;
}

/**
 * The key with this prefix, whichever shop it belongs to, through app_api_key_lookup() (a
 * security-definer function: the request has no tenant until its key is known; see the
 * migration 2026_11_26_220000_create_api_keys for why not the platform scope).
 */
export async function lookupApiKey(
  db: Database,
  prefix: string,
): Promise<ApiKeyLookup | undefined> {
  const { rows } = await sql<{
    tenant_id: string;
    key_id: string;
    secret_hash: Uint8Array;
    scopes: ApiKeyScope[];
    active: boolean;
    last_used_at: Date | null;
  }>`select * from app_api_key_lookup(${prefix})`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    tenantId: row.tenant_id,
    keyId: row.key_id,
    secretHash: row.secret_hash,
    scopes: row.scopes,
    active: row.active,
    lastUsedAt: row.last_used_at,
  };
}

/** Records a use, at most once a minute per key (the condition makes racing requests one write). */
export async function touchApiKey(
  trx: TenantTx,
  tenantId: string,
  id: string,
  use: { at: Date; ip: string | null; minGapMs: number },
): Promise<void> {
  await trx
    .updateTable('api_keys')
    .set({ last_used_at: use.at, last_used_ip: use.ip?.slice(0, 64) ?? null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', new Date(use.at.getTime() - use.minGapMs)),
      ]),
    )
    .execute();
}
