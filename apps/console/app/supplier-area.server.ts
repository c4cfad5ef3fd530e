import type { AppLoadContext } from '@remix-run/node';
import { requireSupplierArea } from './areas.server';
import { canEdit } from './forms.server';

/** The supplier area for :slug, with whether this member may change goods and stock. */
export async function requireSupplier(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
) {
  const area = await requireSupplierArea(request, context, slug);
  return { ...area, canEdit: canEdit(area.supplier.role), base: `/supplier/${area.supplier.slug}` };
}
