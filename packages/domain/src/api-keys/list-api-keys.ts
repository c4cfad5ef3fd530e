import type { TenantTx } from '@cardshop/db';
import { toApiKeyView, type ApiKeyView } from './api-key-view.js';
import { selectApiKeys } from './api-keys.queries.js';
import { MAX_ACTIVE_API_KEYS } from './create-api-key.js';

export interface ApiKeyList {
  keys: ApiKeyView[];
  active: number;
  limit: number;
}

/** The shop's keys, newest first, with how many are in force against the limit. */
export async function listApiKeys(
  trx: TenantTx,
  input: { tenantId: string; now: number },
): Promise<ApiKeyList> {
  const keys = (await selectApiKeys(trx, input.tenantId)).map((row) =>
    toApiKeyView(row, input.now),
  );
  return {
    keys,
    active: keys.filter((k) => k.status === 'active').length,
    limit: MAX_ACTIVE_API_KEYS,
  };
}
