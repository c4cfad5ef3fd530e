import { Form, NavLink } from '@remix-run/react';
import type { StaffAreas } from '@cardshop/domain';
import { cx, useLang, useT, type MessageKey } from '@cardshop/ui';

export interface NavItem {
  to: string;
  label: MessageKey;
  end?: boolean;
}

/** The console frame: title, area switcher, language, sign-out, and the area's tabs. */
export function ConsoleShell({
  user,
  areas,
  current,
  nav,
  children,
}: {
  user?: { displayName: string; email: string };
  areas?: StaffAreas;
  current?: string;
  nav?: NavItem[];
  children: React.ReactNode;
}) {
  const t = useT();
  const lang = useLang();
  const options = areas
    ? [
        ...(areas.platform ? [{ value: '/platform', label: t('console.area.platform') }] : []),
        ...areas.shops.map((s) => ({
          value: `/shop/${s.slug}`,
          label: `${t('console.area.shop')} · ${s.name}`,
        })),
        ...areas.suppliers.map((s) => ({
          value: `/supplier/${s.slug}`,
          label: `${t('console.area.supplier')} · ${s.name}`,
        })),
      ]
    : [];
  return (
    <div className="min-h-screen">
      <header className="bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex min-w-0 items-center gap-3">
            <span className="font-semibold whitespace-nowrap">{t('console.title')}</span>
            {options.length > 1 ? (
              <Form method="get" action="/switch" className="min-w-0">
                <label className="sr-only" htmlFor="area">
                  {t('console.area.switch')}
                </label>
                <select
                  id="area"
                  name="to"
                  defaultValue={current}
                  onChange={(e) => e.currentTarget.form?.requestSubmit()}
                  className="max-w-[14rem] truncate rounded-md bg-white/10 px-2 py-1 text-sm text-white"
                >
                  {options.map((o) => (
                    <option key={o.value} value={o.value} className="text-slate-900">
                      {o.label}
                    </option>
                  ))}
                </select>
                <noscript>
                  <button className="ml-2 text-sm underline">{t('console.area.switch')}</button>
                </noscript>
              </Form>
            ) : null}
          </div>
          <div className="flex items-center gap-4 text-sm">
            <a
              href={`?lang=${lang === 'en' ? 'zh-CN' : 'en'}`}
              className="text-white/80 hover:underline"
            >
              {t('lang.switch')}
            </a>
            {user ? (
              <>
                <NavLink
                  to="/account"
                  title={user.email}
                  className="text-white/80 hover:text-white hover:underline"
                >
                  <span className="hidden sm:inline">{user.displayName}</span>
                  <span className="sm:hidden">{t('console.account.short')}</span>
                </NavLink>
                <Form method="post" action="/logout">
                  <button className="rounded-md bg-white/10 px-3 py-1 hover:bg-white/20">
                    {t('console.logout')}
                  </button>
                </Form>
              </>
            ) : null}
          </div>
        </div>
        {nav?.length ? (
          <nav className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-2">
            {nav.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  cx(
                    'rounded-t-md px-4 py-2 text-sm whitespace-nowrap',
                    isActive ? 'bg-slate-100 text-slate-900' : 'text-white/80 hover:text-white',
                  )
                }
              >
                {t(item.label)}
              </NavLink>
            ))}
          </nav>
        ) : null}
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
