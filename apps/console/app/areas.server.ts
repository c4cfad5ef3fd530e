import type { AppLoadContext } from '@remix-run/node';
import { listStaffAreas } from '@cardshop/domain';
import { requireStaff } from './auth.server';

/** The signed-in staff member and every console area they may open. */
export async function requireAreas(request: Request, context: AppLoadContext) {
  const staff = await requireStaff(request, context);
  const areas = await listStaffAreas(context.runtime.db, staff.user);
  return { ...staff, areas };
}

/** Where to land after sign-in: the platform, else the first shop, else the first supplier. */
export function homeFor(areas: Awaited<ReturnType<typeof listStaffAreas>>): string {
  if (areas.platform) return '/platform/tenants';
  if (areas.shops[0]) return `/shop/${areas.shops[0].slug}`;
  if (areas.suppliers[0]) return `/supplier/${areas.suppliers[0].slug}`;
  return '/account';
}

/** The shop area for :slug, or a 404 that does not say whether the shop exists elsewhere. */
export async function requireShopArea(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
) {
  const staff = await requireAreas(request, context);
  const shop = staff.areas.shops.find((s) => s.slug === slug);
  if (!shop) throw Response.json({ reason: 'no-area', what: 'shop', slug }, { status: 404 });
  return { ...staff, shop };
}

/** The supplier area for :slug, for its staff (or a shop's owners for its private supplier). */
export async function requireSupplierArea(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
) {
  const staff = await requireAreas(request, context);
  const supplier = staff.areas.suppliers.find((s) => s.slug === slug);
  if (!supplier)
    throw Response.json({ reason: 'no-area', what: 'supplier', slug }, { status: 404 });
  return { ...staff, supplier };
}
