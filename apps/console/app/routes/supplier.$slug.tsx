import type { LoaderFunctionArgs } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { permissionsOf } from '@cardshop/domain';
import { requireSupplierArea } from '../areas.server';
import { supplierNav } from '../area-nav';
import { ConsoleShell } from '../shell';
import { AreaError } from './shop.$slug';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, areas, supplier } = await requireSupplierArea(request, context, params.slug);
  return {
    user: { email: user.email, displayName: user.displayName },
    areas,
    supplier,
    permissions: [...permissionsOf('supplier', supplier.role)] as string[],
  };
}

export default function SupplierArea() {
  const { user, areas, supplier, permissions } = useLoaderData<typeof loader>();
  const base = `/supplier/${supplier.slug}`;
  // Only the pages this role may open (each page checks its permission on the server too).
  const nav = supplierNav(base, permissions, supplier.ownerTenantId !== null);
  return (
    <ConsoleShell user={user} areas={areas} current={base} nav={nav}>
      <Outlet />
    </ConsoleShell>
  );
}

export function ErrorBoundary() {
  return <AreaError what="supplier" />;
}
