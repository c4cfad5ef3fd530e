import { Link, isRouteErrorResponse, useRouteLoaderData } from '@remix-run/react';
import type { StaffAreas } from '@cardshop/domain';
import { useT, type MessageKey } from '@cardshop/ui';
import { shopNav, supplierNav } from './area-nav';
import { ConsoleShell } from './shell';

/** The body of a 403 from requirePermission. */
export interface ForbiddenData {
  reason: 'forbidden';
  area: 'shop' | 'supplier' | 'platform';
  role: string;
  permission: string;
  write: boolean;
  /** The refusal in Chinese, from the domain (used when a key is missing). */
  message: string;
}

export function forbiddenOf(error: unknown): ForbiddenData | null {
  if (!isRouteErrorResponse(error) || error.status !== 403) return null;
  const data = error.data as Partial<ForbiddenData> | null;
  return data && data.reason === 'forbidden' ? (data as ForbiddenData) : null;
}

/** "Your role can look but not change" / "cannot open", naming the role and the permission. */
export function ForbiddenNotice({ forbidden, back }: { forbidden: ForbiddenData; back: string }) {
  const t = useT();
  const role = t(`team.role.${forbidden.area}.${forbidden.role}` as MessageKey);
  const permission = t(`team.permission.${forbidden.area}.${forbidden.permission}` as MessageKey);
  const who = t(`team.forbidden.who.${forbidden.area}` as MessageKey);
  return (
    <div
      role="alert"
      className="rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200 sm:p-8"
    >
      <p className="text-brand text-4xl font-bold">403</p>
      <h1 className="mt-3 text-lg font-semibold">{t('team.forbidden.title')}</h1>
      <p className="mx-auto mt-2 max-w-prose text-slate-600">
        {role && permission
          ? t(forbidden.write ? 'team.forbidden.write' : 'team.forbidden.read', {
              role,
              permission,
              who,
            })
          : forbidden.message}
      </p>
      <Link to={back} className="text-brand mt-5 inline-block underline">
        {t('team.forbidden.back')}
      </Link>
    </div>
  );
}

interface AreaLayoutData {
  user: { email: string; displayName: string };
  areas: StaffAreas;
  permissions: string[];
  shop?: { slug: string };
  supplier?: { slug: string; ownerTenantId: string | null };
}

/**
 * The 403 inside the area's frame: the layout's loader ran (only the page or action refused), so
 * its navigation is still there to go somewhere the role may.
 */
export function ForbiddenPage({
  area,
  forbidden,
}: {
  area: 'shop' | 'supplier' | 'platform';
  forbidden: ForbiddenData;
}) {
  const layout = useRouteLoaderData(
    area === 'shop'
      ? 'routes/shop.$slug'
      : area === 'supplier'
        ? 'routes/supplier.$slug'
        : 'routes/platform',
  ) as AreaLayoutData | undefined;
  let base = area === 'platform' ? '/platform' : '/';
  let nav;
  if (layout?.shop) {
    base = `/shop/${layout.shop.slug}`;
    nav = shopNav(base, layout.permissions ?? []);
  } else if (layout?.supplier) {
    base = `/supplier/${layout.supplier.slug}`;
    nav = supplierNav(base, layout.permissions ?? [], layout.supplier.ownerTenantId !== null);
  }
  return (
    <ConsoleShell user={layout?.user} areas={layout?.areas} current={base} nav={nav}>
      <ForbiddenNotice forbidden={forbidden} back={base} />
    </ConsoleShell>
  );
}
