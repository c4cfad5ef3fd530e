import type { AppLoadContext } from '@remix-run/node';
import { isDomainError, withTenant, type Tenant, type TenantTx } from '@cardshop/domain';

/**
 * The shop this request is for. The root loader answers unknown hosts (404) and closed shops
 * (503) with their own pages; a page loader only needs to stop there too.
 */
export function requireShop(context: AppLoadContext): Tenant {
  const { host } = context;
  if (host.kind !== 'shop' || host.tenant.status !== 'active') {
    throw Response.json({ reason: 'not-a-shop' }, { status: 404 });
  }
  return host.tenant;
}

/**
 * Runs one storefront read in the shop's tenant transaction. A domain error becomes an error
 * response for the route's ErrorBoundary: `reason` is the route's name for the error code (from
 * `reasons`; the client bundle does not load the domain), with its message and the details.
 */
export async function shopRead<T>(
  context: AppLoadContext,
  read: (trx: TenantTx, tenantId: string) => Promise<T>,
  options: { reasons?: Record<string, string>; details?: Record<string, string> } = {},
): Promise<T> {
  const tenant = requireShop(context);
  try {
    return await withTenant(context.runtime.db, tenant.id, (trx) => read(trx, tenant.id));
  } catch (error) {
    if (isDomainError(error)) {
      throw Response.json(
        {
          reason: options.reasons?.[error.code] ?? 'other',
          message: error.userMessage,
          ...options.details,
        },
        { status: error.status },
      );
    }
    throw error;
  }
}
