import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import type { StaffAuth } from '../identity/staff-auth-context.js';
import { selectAreaRole } from '../team/area-members.queries.js';
import { assertPermission } from '../team/permissions.js';
import { ApiKeyErrors } from './api-keys.errors.js';

/** A shop with the name its people know it by. */
export interface ApiKeyShop {
  tenantId: string;
  name: string;
}

/**
 * The person's role on the shop's team, read in the transaction (not from the page they loaded),
 * refused unless it holds api.manage.
 */
export async function requireApiKeyManager(
  trx: TenantTx,
  shop: ApiKeyShop,
  auth: StaffAuth,
): Promise<void> {
  const role = await selectAreaRole(trx, { kind: 'shop', tenantId: shop.tenantId }, auth.userId);
  if (!role) {
    throw new DomainError(ApiKeyErrors.NOT_A_MEMBER, {
      message: `${auth.userId} is not on the team of ${shop.tenantId}`,
      userMessage: '你已不是这个店铺的成员，不能管理 API 密钥。',
      status: 403,
    });
  }
  assertPermission('shop', role, 'api.manage', { write: true });
}
