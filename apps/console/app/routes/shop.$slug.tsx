import type { LoaderFunctionArgs } from '@remix-run/node';
import { isRouteErrorResponse, Outlet, useLoaderData, useRouteError } from '@remix-run/react';
import { useT } from '@cardshop/ui';
import { requireShopArea } from '../areas.server';
import { ConsoleShell, type NavItem } from '../shell';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, areas, shop } = await requireShopArea(request, context, params.slug);
  return { user: { email: user.email, displayName: user.displayName }, areas, shop };
}

export default function ShopArea() {
  const { user, areas, shop } = useLoaderData<typeof loader>();
  const base = `/shop/${shop.slug}`;
  const nav: NavItem[] = [
    { to: base, label: 'console.shop.nav.overview', end: true },
    { to: `${base}/catalog`, label: 'console.shop.nav.catalog' },
    { to: `${base}/listings`, label: 'console.shop.nav.listings' },
    { to: `${base}/categories`, label: 'console.shop.nav.categories' },
    { to: `${base}/notifications`, label: 'console.shop.nav.notifications' },
    { to: `${base}/settings`, label: 'console.shop.nav.settings' },
  ];
  return (
    <ConsoleShell user={user} areas={areas} current={base} nav={nav}>
      <Outlet />
    </ConsoleShell>
  );
}

export function ErrorBoundary() {
  return <AreaError what="shop" />;
}

export function AreaError({ what }: { what: 'shop' | 'supplier' }) {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ConsoleShell>
        <div className="rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
          <p className="text-slate-700">
            {t('console.area.notFound', {
              what: t(what === 'shop' ? 'console.area.shop' : 'console.area.supplier'),
            })}
          </p>
          <a href="/" className="text-brand mt-4 inline-block underline">
            {t('common.backHome')}
          </a>
        </div>
      </ConsoleShell>
    );
  }
  throw error;
}
