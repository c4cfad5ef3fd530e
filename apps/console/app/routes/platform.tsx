import type { LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  NavLink,
  Outlet,
  useLoaderData,
  useRouteError,
} from '@remix-run/react';
import { cx, useLang, useT } from '@cardshop/ui';
import { requireStaff } from '../auth.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, context);
  if (!user.platformRole) {
    throw Response.json({ reason: 'not-platform-staff', email: user.email }, { status: 403 });
  }
  return { user: { email: user.email, displayName: user.displayName, role: user.platformRole } };
}

function Shell({
  user,
  children,
}: {
  user?: { displayName: string; email: string };
  children: React.ReactNode;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="min-h-screen">
      <header className="bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <span className="font-semibold">{t('console.title')}</span>
          <div className="flex items-center gap-4 text-sm">
            <a
              href={`?lang=${lang === 'en' ? 'zh-CN' : 'en'}`}
              className="text-white/80 hover:underline"
            >
              {t('lang.switch')}
            </a>
            {user ? (
              <>
                <span className="hidden text-white/70 sm:inline" title={user.email}>
                  {user.displayName}
                </span>
                <Form method="post" action="/logout">
                  <button className="rounded-md bg-white/10 px-3 py-1 hover:bg-white/20">
                    {t('console.logout')}
                  </button>
                </Form>
              </>
            ) : null}
          </div>
        </div>
        {user ? (
          <nav className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-2">
            {(
              [
                ['/platform/tenants', 'console.nav.tenants'],
                ['/platform/suppliers', 'console.nav.suppliers'],
                ['/platform/audit', 'console.nav.audit'],
              ] as const
            ).map(([to, key]) => (
              <NavLink
                key={to}
                to={to}
                className={({ isActive }) =>
                  cx(
                    'rounded-t-md px-4 py-2 text-sm whitespace-nowrap',
                    isActive ? 'bg-slate-100 text-slate-900' : 'text-white/80 hover:text-white',
                  )
                }
              >
                {t(key)}
              </NavLink>
            ))}
          </nav>
        ) : null}
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}

export default function PlatformLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <Shell user={user}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 403) {
    const email = (error.data as { email?: string } | undefined)?.email ?? '';
    return (
      <Shell>
        <div className="rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold">{t('console.forbidden.title')}</h1>
          <p className="mt-2 text-slate-600">{t('console.forbidden.body', { email })}</p>
          <Form method="post" action="/logout" className="mt-6">
            <button className="text-brand underline">{t('console.logout')}</button>
          </Form>
        </div>
      </Shell>
    );
  }
  throw error;
}
