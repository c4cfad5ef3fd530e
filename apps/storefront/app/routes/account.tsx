import { data, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { cx, useT, type MessageKey } from '@cardshop/ui';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { requireCustomer } from '../customer.server';
import type { RootData } from '../root';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, setCookie } = await requireCustomer(request, context);
  return data(
    { displayName: customer.displayName },
    setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined,
  );
}

// A remembered session's cookie follows its sliding expiry; account pages must never be cached.
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const out = new Headers({ 'Cache-Control': 'private, no-store' });
  const cookie = loaderHeaders.get('Set-Cookie');
  if (cookie) out.set('Set-Cookie', cookie);
  return out;
};

const nav: Array<{ to: string; label: MessageKey; end?: boolean }> = [
  { to: '/account', label: 'account.nav.overview', end: true },
  { to: '/account/orders', label: 'account.nav.orders' },
  { to: '/account/balance', label: 'account.nav.balance' },
  { to: '/account/claim', label: 'claim.nav' },
  { to: '/account/security', label: 'account.nav.security' },
  { to: '/account/sessions', label: 'account.nav.sessions' },
  { to: '/account/password', label: 'account.nav.password' },
  { to: '/account/connections', label: 'oauth.connections.nav' },
];

export default function AccountLayout() {
  const root = useRouteLoaderData('root') as RootData;
  const { displayName } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto max-w-2xl space-y-4">
        <div className="flex items-center justify-between gap-4">
          <p className="truncate text-lg font-semibold">{displayName}</p>
          <Form method="post" action="/logout">
            <button className="text-sm text-slate-600 underline-offset-4 hover:underline">
              {t('account.logout')}
            </button>
          </Form>
        </div>
        <nav className="-mx-4 flex gap-2 overflow-x-auto px-4 sm:mx-0 sm:px-0">
          {nav.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              end={item.end ?? false}
              className={({ isActive }) =>
                cx(
                  'rounded-full px-3 py-1.5 text-sm whitespace-nowrap',
                  isActive
                    ? 'bg-brand text-white'
                    : 'bg-white text-slate-700 ring-1 ring-slate-200',
                )
              }
            >
              {t(item.label)}
            </NavLink>
          ))}
        </nav>
        <Outlet />
      </div>
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  return <ShopRouteError describe={() => null} />;
}
