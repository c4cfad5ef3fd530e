import type { ApiKeyScope } from '@cardshop/db';
import { apiKeyHint } from './api-key-token.js';
import type { ApiKeyRow } from './api-keys.queries.js';

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

/** A key as the console lists it: never its secret, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  /** `cs_live_<prefix>_…`: enough to tell keys apart, useless to call with. */
  hint: string;
  scopes: ApiKeyScope[];
  status: ApiKeyStatus;
  createdAt: Date;
  createdByName: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}

export function apiKeyStatus(
  key: Pick<ApiKeyRow, 'revokedAt' | 'expiresAt'>,
  nowMs: number,
): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= nowMs) return 'expired';
  return 'active';
}

export function toApiKeyView(row: ApiKeyRow, nowMs: number): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    hint: apiKeyHint(row.prefix),
    scopes: row.scopes,
    status: apiKeyStatus(row, nowMs),
    createdAt: row.createdAt,
    createdByName: row.createdByName,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    revokedAt: row.revokedAt,
  };
}
