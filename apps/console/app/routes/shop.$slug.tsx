import type { LoaderFunctionArgs } from '@remix-run/node';
import { isRouteErrorResponse, Outlet, useLoaderData, useRouteError } from '@remix-run/react';
import { permissionsOf } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { requireShopArea } from '../areas.server';
import { shopNav } from '../area-nav';
import { ForbiddenPage, forbiddenOf } from '../forbidden';
import { ConsoleShell } from '../shell';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, areas, shop } = await requireShopArea(request, context, params.slug);
  return {
    user: { email: user.email, displayName: user.displayName },
    areas,
    shop,
    permissions: [...permissionsOf('shop', shop.role)] as string[],
  };
}

export default function ShopArea() {
  const { user, areas, shop, permissions } = useLoaderData<typeof loader>();
  const base = `/shop/${shop.slug}`;
  // Only the pages this role may open (each page checks its permission on the server too).
  const nav = shopNav(base, permissions);
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
  const forbidden = forbiddenOf(error);
  if (forbidden) return <ForbiddenPage area={what} forbidden={forbidden} />;
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
