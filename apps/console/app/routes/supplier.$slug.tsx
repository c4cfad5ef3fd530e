import type { LoaderFunctionArgs } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { requireSupplierArea } from '../areas.server';
import { ConsoleShell, type NavItem } from '../shell';
import { AreaError } from './shop.$slug';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, areas, supplier } = await requireSupplierArea(request, context, params.slug);
  return { user: { email: user.email, displayName: user.displayName }, areas, supplier };
}

export default function SupplierArea() {
  const { user, areas, supplier } = useLoaderData<typeof loader>();
  const base = `/supplier/${supplier.slug}`;
  const nav: NavItem[] = [
    { to: base, label: 'console.supplier.nav.overview', end: true },
    { to: `${base}/products`, label: 'console.supplier.nav.products' },
    { to: `${base}/batches`, label: 'console.supplier.nav.batches' },
    { to: `${base}/notifications`, label: 'console.supplier.nav.notifications' },
  ];
  return (
    <ConsoleShell user={user} areas={areas} current={base} nav={nav}>
      <Outlet />
    </ConsoleShell>
  );
}

export function ErrorBoundary() {
  return <AreaError what="supplier" />;
}
