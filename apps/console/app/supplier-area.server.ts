import type { AppLoadContext } from '@remix-run/node';
import type { SupplierPermission } from '@cardshop/domain';
import { requireSupplierWith } from './permissions.server';

/**
 * The supplier area for :slug when the member's role holds `permission` (reading the goods by
 * default), with whether it may change goods and stock.
 */
export async function requireSupplier(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
  permission: SupplierPermission = 'products.view',
) {
  const area = await requireSupplierWith(request, context, slug, permission);
  return { ...area, canEdit: area.can('products.manage') };
}
