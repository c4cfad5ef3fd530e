import type { PlatformRole, StaffRole } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { TeamErrors } from './team.errors.js';

/*
 * Who may do what in the console, in one place. Every console loader and action names the
 * permission it needs (requirePermission in the console), and the navigation shows only what
 * the role may use. The labels are what a refusal says.
 *
 * Shop (reseller) area                       owner manager support finance
 *   orders.view        查看订单                  ✓     ✓       ✓       ✓
 *   orders.refund      订单退款                  ✓     ✓
 *   listings.view      查看选品和在售商品         ✓     ✓       ✓       ✓
 *   listings.manage    上架、定价和店铺分类       ✓     ✓
 *   settings.view      查看店铺设置              ✓     ✓       ✓       ✓
 *   settings.manage    修改店铺设置              ✓     ✓
 *   notifications.view 查看和处理通知            ✓     ✓       ✓       ✓
 *   finance.view       查看收入和账单            ✓     ✓               ✓
 *   finance.withdraw   申请提现                  ✓                     ✓
 *   staff.manage       管理团队成员和邀请         ✓     ✓
 *   api.manage         管理 API 密钥              ✓     ✓
 *
 * Supplier area                               owner manager support finance
 *   products.view      查看商品和库存            ✓     ✓       ✓       ✓
 *   products.manage    创建和修改商品、规格       ✓     ✓
 *   codes.import       导入和作废卡密            ✓     ✓
 *   codes.export       导出卡密                  ✓
 *   fulfilment.view    查看充值和发货任务         ✓     ✓       ✓       ✓
 *   fulfilment.work    处理充值和发货            ✓     ✓       ✓
 *   notifications.view 查看和处理通知            ✓     ✓       ✓       ✓
 *   finance.view       查看结算和账单            ✓     ✓               ✓
 *   finance.withdraw   申请提现                  ✓                     ✓
 *   staff.manage       管理团队成员和邀请         ✓     ✓
 *
 * Platform area                               admin operator support
 *   tenants.view / suppliers.view / categories.view / settings.view / audit.view
 *                                              ✓     ✓        ✓
 *   categories.manage  管理平台分类              ✓     ✓
 *   settings.manage    修改平台设置              ✓     ✓
 *
 * A shop's owners and managers run its private supplier with their shop role.
 * Granting: a person may give a role (or act on a member holding it) only when every permission
 * of that role is one they hold themselves, so a manager can add managers and support staff but
 * not owners or finance staff (who can withdraw money), and nobody grants more than they have.
 */

export const SHOP_PERMISSIONS = {
  'orders.view': '查看订单',
  'orders.refund': '订单退款',
  'listings.view': '查看选品和在售商品',
  'listings.manage': '上架商品、定价和店铺分类',
  'settings.view': '查看店铺设置',
  'settings.manage': '修改店铺设置',
  'notifications.view': '查看和处理通知',
  'finance.view': '查看收入和账单',
  'finance.withdraw': '申请提现',
  'staff.manage': '管理团队成员和邀请',
  'api.manage': '管理 API 密钥',
} as const;

export const SUPPLIER_PERMISSIONS = {
  'products.view': '查看商品和库存',
  'products.manage': '创建和修改商品、规格',
  'codes.import': '导入和作废卡密',
  'codes.export': '导出卡密',
  'fulfilment.view': '查看充值和发货任务',
  'fulfilment.work': '处理充值和发货',
  'notifications.view': '查看和处理通知',
  'finance.view': '查看结算和账单',
  'finance.withdraw': '申请提现',
  'staff.manage': '管理团队成员和邀请',
} as const;

export const PLATFORM_PERMISSIONS = {
  'tenants.view': '查看店铺',
  'suppliers.view': '查看供货商',
  'categories.view': '查看平台分类',
  'categories.manage': '管理平台分类',
  'settings.view': '查看平台设置',
  'settings.manage': '修改平台设置',
  'audit.view': '查看审计日志',
} as const;

export type ShopPermission = keyof typeof SHOP_PERMISSIONS;
export type SupplierPermission = keyof typeof SUPPLIER_PERMISSIONS;
export type PlatformPermission = keyof typeof PLATFORM_PERMISSIONS;

export type PermissionArea = 'shop' | 'supplier' | 'platform';
export type PermissionOf<A extends PermissionArea> = A extends 'shop'
  ? ShopPermission
  : A extends 'supplier'
    ? SupplierPermission
    : PlatformPermission;
export type RoleOf<A extends PermissionArea> = A extends 'platform' ? PlatformRole : StaffRole;
/** The areas with a team of their own (members, invitations). */
export type TeamKind = 'shop' | 'supplier';

/** Team roles, highest first (the order the console lists them in). */
export const STAFF_ROLES: readonly StaffRole[] = ['owner', 'manager', 'support', 'finance'];

const shopRoles: Record<StaffRole, readonly ShopPermission[]> = {
  owner: Object.keys(SHOP_PERMISSIONS) as ShopPermission[],
  manager: [
    'orders.view',
    'orders.refund',
    'listings.view',
    'listings.manage',
    'settings.view',
    'settings.manage',
    'notifications.view',
    'finance.view',
    'staff.manage',
    'api.manage',
  ],
  support: ['orders.view', 'listings.view', 'settings.view', 'notifications.view'],
  finance: [
    'orders.view',
    'listings.view',
    'settings.view',
    'notifications.view',
    'finance.view',
    'finance.withdraw',
  ],
};

const supplierRoles: Record<StaffRole, readonly SupplierPermission[]> = {
  owner: Object.keys(SUPPLIER_PERMISSIONS) as SupplierPermission[],
  manager: [
    'products.view',
    'products.manage',
    'codes.import',
    'fulfilment.view',
    'fulfilment.work',
    'notifications.view',
    'finance.view',
    'staff.manage',
  ],
  support: ['products.view', 'fulfilment.view', 'fulfilment.work', 'notifications.view'],
  finance: [
    'products.view',
    'fulfilment.view',
    'notifications.view',
    'finance.view',
    'finance.withdraw',
  ],
};

const platformViews: PlatformPermission[] = [
  'tenants.view',
  'suppliers.view',
  'categories.view',
  'settings.view',
  'audit.view',
];
const platformRoles: Record<PlatformRole, readonly PlatformPermission[]> = {
  admin: Object.keys(PLATFORM_PERMISSIONS) as PlatformPermission[],
  operator: [...platformViews, 'categories.manage', 'settings.manage'],
  support: platformViews,
};

/** The role → permission matrix (the table above, as data). */
export const ROLE_PERMISSIONS = {
  shop: shopRoles,
  supplier: supplierRoles,
  platform: platformRoles,
} as const;

const LABELS = {
  shop: SHOP_PERMISSIONS,
  supplier: SUPPLIER_PERMISSIONS,
  platform: PLATFORM_PERMISSIONS,
} as const;

/** Role names as a refusal says them. */
export const ROLE_LABELS: Record<StaffRole | PlatformRole, string> = {
  owner: '店主',
  manager: '管理员',
  support: '客服',
  finance: '财务',
  admin: '平台管理员',
  operator: '运营',
};

/** "Owner" of a supplier reads as its 负责人, of a shop as its 店主. */
export function roleLabel(area: PermissionArea, role: StaffRole | PlatformRole): string {
  return area === 'supplier' && role === 'owner' ? '负责人' : ROLE_LABELS[role];
}

export function permissionsOf<A extends PermissionArea>(
  area: A,
  role: RoleOf<A>,
): readonly PermissionOf<A>[] {
  const table = ROLE_PERMISSIONS[area] as Record<string, readonly PermissionOf<A>[]>;
  return table[role] ?? [];
}

export function hasPermission<A extends PermissionArea>(
  area: A,
  role: RoleOf<A>,
  permission: PermissionOf<A>,
): boolean {
  return permissionsOf(area, role).includes(permission);
}

export function permissionLabel<A extends PermissionArea>(
  area: A,
  permission: PermissionOf<A>,
): string {
  return (LABELS[area] as Record<string, string>)[permission] ?? permission;
}

/**
 * Refuses (403 PERMISSION_DENIED) unless the role holds the permission. `write` words the refusal
 * for a change the person tried to make on a page they could read.
 */
export function assertPermission<A extends PermissionArea>(
  area: A,
  role: RoleOf<A>,
  permission: PermissionOf<A>,
  options: { write?: boolean } = {},
): void {
  if (hasPermission(area, role, permission)) return;
  const who = roleLabel(area, role);
  const what = permissionLabel(area, permission);
  const ask =
    area === 'platform' ? '平台管理员' : area === 'supplier' ? '供货商负责人' : '店主或管理员';
  throw new DomainError(TeamErrors.PERMISSION_DENIED, {
    message: `${area} role ${role} lacks ${permission}`,
    userMessage: options.write
      ? `你的角色只能查看，不能修改：${who}没有「${what}」权限。需要修改请联系${ask}。`
      : `你的角色（${who}）没有「${what}」权限，不能打开这个页面。需要请联系${ask}。`,
    status: 403,
    details: { area, role, permission },
  });
}

/**
 * Whether someone with `actorRole` may give `role` to a person (or change or remove a member who
 * holds it): every permission of that role must be one the actor holds.
 */
export function canGrantRole(kind: TeamKind, actorRole: StaffRole, role: StaffRole): boolean {
  const mine = permissionsOf(kind, actorRole);
  return mine.includes('staff.manage') && permissionsOf(kind, role).every((p) => mine.includes(p));
}

/** The roles someone with `actorRole` may give, highest first. */
export function grantableRoles(kind: TeamKind, actorRole: StaffRole): StaffRole[] {
  return STAFF_ROLES.filter((role) => canGrantRole(kind, actorRole, role));
}
