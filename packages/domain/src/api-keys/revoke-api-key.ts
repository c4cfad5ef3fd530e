import { withTenant, type Database } from '@cardshop/db';
import { recordTenantAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import type { StaffAuth } from '../identity/staff-auth-context.js';
import { parseId } from '../parse-input.js';
import { requireApiKeyManager, type ApiKeyShop } from './api-key-guard.js';
import { toApiKeyView, type ApiKeyView } from './api-key-view.js';
import { ApiKeyErrors } from './api-keys.errors.js';
import { markApiKeyRevoked, selectApiKey } from './api-keys.queries.js';

const notFound = '找不到这个 API 密钥，可能属于别的店铺。';

/**
 * Revokes one of the shop's keys: the next request with it is refused. Revoking a revoked key
 * changes nothing. Audited. No second confirmation: revoking only ever takes access away.
 */
export async function revokeApiKey(
  ctx: { db: Database; ip: string | null; now: () => number },
  auth: StaffAuth,
  shop: ApiKeyShop,
  keyId: unknown,
): Promise<ApiKeyView> {
  const id = parseId(keyId, ApiKeyErrors.NOT_FOUND, notFound);
  const nowMs = ctx.now();
  return withTenant(ctx.db, shop.tenantId, async (trx) => {
    await requireApiKeyManager(trx, shop, auth);
    const key = await selectApiKey(trx, shop.tenantId, id);
    if (!key) {
      throw new DomainError(ApiKeyErrors.NOT_FOUND, { userMessage: notFound, status: 404 });
    }
    const at = new Date(nowMs);
    if (await markApiKeyRevoked(trx, shop.tenantId, id, auth.userId, at)) {
      await recordTenantAudit(trx, {
        tenantId: shop.tenantId,
        actor: { type: 'staff', id: auth.userId, ip: ctx.ip },
        action: 'api_key.revoked',
        target: { type: 'api_key', id },
        data: { name: key.name, prefix: key.prefix },
      });
      return toApiKeyView({ ...key, revokedAt: at }, nowMs);
    }
    return toApiKeyView(key, nowMs);
  });
}
