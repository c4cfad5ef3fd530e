import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, isRouteErrorResponse, Outlet, useLoaderData, useRouteError } from '@remix-run/react';
import { useT } from '@cardshop/ui';
import { requireAreas } from '../areas.server';
import { ForbiddenPage, forbiddenOf } from '../forbidden';
import { ConsoleShell, type NavItem } from '../shell';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, areas } = await requireAreas(request, context);
  if (!user.platformRole) {
    throw Response.json({ reason: 'not-platform-staff', email: user.email }, { status: 403 });
  }
  return {
    user: { email: user.email, displayName: user.displayName, role: user.platformRole },
    areas,
  };
}

const nav: NavItem[] = [
  { to: '/platform/tenants', label: 'console.nav.tenants' },
  { to: '/platform/suppliers', label: 'console.nav.suppliers' },
  { to: '/platform/categories', label: 'console.nav.categories' },
  { to: '/platform/settings', label: 'console.nav.settings' },
  { to: '/platform/audit', label: 'console.nav.audit' },
];

export default function PlatformLayout() {
  const { user, areas } = useLoaderData<typeof loader>();
  return (
    <ConsoleShell user={user} areas={areas} current="/platform" nav={nav}>
      <Outlet />
    </ConsoleShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const forbidden = forbiddenOf(error);
  if (forbidden) return <ForbiddenPage area="platform" forbidden={forbidden} />;
  if (isRouteErrorResponse(error) && error.status === 403) {
    const email = (error.data as { email?: string } | undefined)?.email ?? '';
    return (
      <ConsoleShell>
        <div className="rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold">{t('console.forbidden.title')}</h1>
          <p className="mt-2 text-slate-600">{t('console.forbidden.body', { email })}</p>
          <Form method="post" action="/logout" className="mt-6">
            <button className="text-brand underline">{t('console.logout')}</button>
          </Form>
        </div>
      </ConsoleShell>
    );
  }
  throw error;
}
