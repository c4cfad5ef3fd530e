import type { AppLoadContext } from '@remix-run/node';
import {
  assertPermission,
  hasPermission,
  isDomainError,
  type PermissionArea,
  type PermissionOf,
  type PlatformPermission,
  type RoleOf,
  type ShopPermission,
  type SupplierPermission,
} from '@cardshop/domain';
import { requireShopArea, requireSupplierArea } from './areas.server';
import type { ForbiddenData } from './forbidden';
import { requireOperator } from './scopes.server';

/**
 * The server-side check of every console page and action: a 403 with the reason in the person's
 * words (rendered by the area's error boundary) unless their role holds the permission. A GET is
 * "cannot open this page"; anything else is "can look, cannot change".
 */
export function requirePermission<A extends PermissionArea>(
  request: Request,
  area: A,
  role: RoleOf<A>,
  permission: PermissionOf<A>,
): void {
  try {
    assertPermission(area, role, permission, {
      write: request.method !== 'GET' && request.method !== 'HEAD',
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const body: ForbiddenData = {
      reason: 'forbidden',
      area,
      role,
      permission,
      write: request.method !== 'GET' && request.method !== 'HEAD',
      message: error.userMessage,
    };
    throw Response.json(body, { status: 403 });
  }
}

/** The shop area for :slug when the member's role holds `permission`; `can` asks about others. */
export async function requireShop(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
  permission: ShopPermission,
) {
  const area = await requireShopArea(request, context, slug);
  requirePermission(request, 'shop', area.shop.role, permission);
  return {
    ...area,
    can: (p: ShopPermission) => hasPermission('shop', area.shop.role, p),
    base: `/shop/${area.shop.slug}`,
  };
}

/** The supplier area for :slug when the member's role holds `permission`. */
export async function requireSupplierWith(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
  permission: SupplierPermission,
) {
  const area = await requireSupplierArea(request, context, slug);
  requirePermission(request, 'supplier', area.supplier.role, permission);
  return {
    ...area,
    can: (p: SupplierPermission) => hasPermission('supplier', area.supplier.role, p),
    base: `/supplier/${area.supplier.slug}`,
  };
}

/** The signed-in platform staff member when their platform role holds `permission`. */
export async function requirePlatform(
  request: Request,
  context: AppLoadContext,
  permission: PlatformPermission,
) {
  const operator = await requireOperator(request, context);
  requirePermission(request, 'platform', operator.role, permission);
  return {
    ...operator,
    can: (p: PlatformPermission) => hasPermission('platform', operator.role, p),
  };
}
