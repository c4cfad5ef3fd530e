import type { NavItem } from './shell';

// The tabs of the shop and supplier areas, each with the permission it needs: a role sees only
// the pages it may open (the pages check the same permission on the server).

type Gated = NavItem & { permission?: string };

function allowed(items: Gated[], permissions: readonly string[]): NavItem[] {
  return items
    .filter((item) => !item.permission || permissions.includes(item.permission))
    .map(({ permission: _permission, ...item }) => item);
}

export function shopNav(base: string, permissions: readonly string[]): NavItem[] {
  return allowed(
    [
      { to: base, label: 'console.shop.nav.overview', end: true },
      { to: `${base}/orders`, label: 'console.shop.nav.orders', permission: 'orders.view' },
      { to: `${base}/catalog`, label: 'console.shop.nav.catalog', permission: 'listings.view' },
      { to: `${base}/listings`, label: 'console.shop.nav.listings', permission: 'listings.view' },
      {
        to: `${base}/categories`,
        label: 'console.shop.nav.categories',
        permission: 'listings.view',
      },
      {
        to: `${base}/notifications`,
        label: 'console.shop.nav.notifications',
        permission: 'notifications.view',
      },
      { to: `${base}/finance`, label: 'console.shop.nav.finance', permission: 'finance.view' },
      { to: `${base}/settings`, label: 'console.shop.nav.settings', permission: 'settings.view' },
      { to: `${base}/team`, label: 'team.nav', permission: 'staff.manage' },
      { to: `${base}/api`, label: 'console.shop.nav.api', permission: 'api.manage' },
    ],
    permissions,
  );
}

export function supplierNav(
  base: string,
  permissions: readonly string[],
  isPrivate: boolean,
): NavItem[] {
  return allowed(
    [
      { to: base, label: 'console.supplier.nav.overview', end: true },
      {
        to: `${base}/products`,
        label: 'console.supplier.nav.products',
        permission: 'products.view',
      },
      { to: `${base}/batches`, label: 'console.supplier.nav.batches', permission: 'products.view' },
      {
        to: `${base}/fulfilment`,
        label: 'console.supplier.nav.fulfilment',
        permission: 'fulfilment.view',
      },
      {
        to: `${base}/finance`,
        label: 'console.supplier.nav.finance',
        permission: 'finance.view',
      },
      {
        to: `${base}/notifications`,
        label: 'console.supplier.nav.notifications',
        permission: 'notifications.view',
      },
      // A private supplier's people are its shop's team.
      ...(isPrivate
        ? []
        : [{ to: `${base}/team`, label: 'team.nav' as const, permission: 'staff.manage' }]),
    ],
    permissions,
  );
}
