import { describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import {
  assertPermission,
  canGrantRole,
  grantableRoles,
  hasPermission,
  permissionsOf,
  PLATFORM_PERMISSIONS,
  ROLE_PERMISSIONS,
  SHOP_PERMISSIONS,
  STAFF_ROLES,
  SUPPLIER_PERMISSIONS,
} from './permissions.js';

describe('the role → permission matrix', () => {
  test('the shop roles hold what the matrix says, and nothing else', () => {
    expect(
      Object.fromEntries(STAFF_ROLES.map((r) => [r, [...permissionsOf('shop', r)].sort()])),
    ).toEqual({
      owner: Object.keys(SHOP_PERMISSIONS).sort(),
      manager: [
        'api.manage',
        'finance.view',
        'listings.manage',
        'listings.view',
        'notifications.view',
        'orders.refund',
        'orders.view',
        'settings.manage',
        'settings.view',
        'staff.manage',
      ],
      support: ['listings.view', 'notifications.view', 'orders.view', 'settings.view'],
      finance: [
        'finance.view',
        'finance.withdraw',
        'listings.view',
        'notifications.view',
        'orders.view',
        'settings.view',
      ],
    });
  });

  test('the supplier roles hold what the matrix says, and nothing else', () => {
    expect(
      Object.fromEntries(STAFF_ROLES.map((r) => [r, [...permissionsOf('supplier', r)].sort()])),
    ).toEqual({
      owner: Object.keys(SUPPLIER_PERMISSIONS).sort(),
      manager: [
        'codes.import',
        'finance.view',
        'fulfilment.view',
        'fulfilment.work',
        'notifications.view',
        'products.manage',
        'products.view',
        'staff.manage',
      ],
      support: ['fulfilment.view', 'fulfilment.work', 'notifications.view', 'products.view'],
      finance: [
        'finance.view',
        'finance.withdraw',
        'fulfilment.view',
        'notifications.view',
        'products.view',
      ],
    });
  });

  test('platform support staff only look; admins and operators change categories and settings', () => {
    expect(hasPermission('platform', 'support', 'audit.view')).toBe(true);
    expect(hasPermission('platform', 'support', 'categories.manage')).toBe(false);
    expect(hasPermission('platform', 'support', 'settings.manage')).toBe(false);
    expect(hasPermission('platform', 'operator', 'settings.manage')).toBe(true);
    expect([...permissionsOf('platform', 'admin')].sort()).toEqual(
      Object.keys(PLATFORM_PERMISSIONS).sort(),
    );
  });

  test('every permission in the matrix is a named permission of its area', () => {
    const named = {
      shop: Object.keys(SHOP_PERMISSIONS),
      supplier: Object.keys(SUPPLIER_PERMISSIONS),
      platform: Object.keys(PLATFORM_PERMISSIONS),
    };
    for (const [area, roles] of Object.entries(ROLE_PERMISSIONS)) {
      for (const permissions of Object.values(roles)) {
        for (const p of permissions) expect(named[area as keyof typeof named]).toContain(p);
      }
    }
  });
});

describe('refusals', () => {
  test('a support member changing shop settings is told, in Chinese, what they lack', () => {
    let error: unknown;
    try {
      assertPermission('shop', 'support', 'settings.manage', { write: true });
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error, 'PERMISSION_DENIED')).toBe(true);
    expect(error).toMatchObject({
      status: 403,
      userMessage:
        '你的角色只能查看，不能修改：客服没有「修改店铺设置」权限。需要修改请联系店主或管理员。',
    });
  });

  test('a page the role may not open is refused as such', () => {
    expect(() => assertPermission('supplier', 'finance', 'staff.manage')).toThrow(
      expect.objectContaining({
        userMessage:
          '你的角色（财务）没有「管理团队成员和邀请」权限，不能打开这个页面。需要请联系供货商负责人。',
      }),
    );
    expect(() => assertPermission('supplier', 'owner', 'codes.export')).not.toThrow();
  });
});

describe('granting roles', () => {
  test('owners grant every role; managers grant managers and support, not owners or finance', () => {
    expect(grantableRoles('shop', 'owner')).toEqual(['owner', 'manager', 'support', 'finance']);
    expect(grantableRoles('shop', 'manager')).toEqual(['manager', 'support']);
    expect(grantableRoles('supplier', 'manager')).toEqual(['manager', 'support']);
    expect(canGrantRole('shop', 'manager', 'finance')).toBe(false);
    expect(canGrantRole('shop', 'manager', 'owner')).toBe(false);
  });

  test('support and finance staff grant nothing, not even their own role', () => {
    for (const role of ['support', 'finance'] as const) {
      expect(grantableRoles('shop', role)).toEqual([]);
      expect(grantableRoles('supplier', role)).toEqual([]);
    }
  });
});
