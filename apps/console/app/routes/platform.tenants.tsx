import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { platformListTenants, shopOrigin } from '@cardshop/domain';
import { StatusBadge, useLang, useT } from '@cardshop/ui';
import { DataTable, formatTime, PageHeader } from '../components';
import { withPlatformStaff } from '../platform.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const tenants = await withPlatformStaff(
    request,
    context,
    'console: list shops',
    platformListTenants,
  );
  return {
    tenants: tenants.map((t) => ({ ...t, url: shopOrigin(context.runtime.env, t.slug) })),
  };
}

export default function Tenants() {
  const { tenants } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <PageHeader
        title={t('console.tenants.title')}
        subtitle={t('console.tenants.count', { count: tenants.length })}
      />
      <DataTable
        rows={tenants}
        rowKey={(r) => r.id}
        columns={[
          {
            header: t('console.tenants.name'),
            cell: (r) => (
              <span className="inline-flex items-center gap-2 font-medium">
                <span
                  className="h-3 w-3 rounded-full"
                  style={{ background: r.branding.primaryColor ?? '#94a3b8' }}
                />
                {r.name}
              </span>
            ),
          },
          {
            header: t('console.tenants.slug'),
            cell: (r) => (
              <a
                href={r.url}
                className="text-brand hover:underline"
                target="_blank"
                rel="noreferrer"
              >
                {r.url.replace(/^https?:\/\//, '')}
              </a>
            ),
          },
          {
            header: t('console.tenants.status'),
            cell: (r) => <StatusBadge status={r.status} label={t(`status.${r.status}`)} />,
          },
          { header: t('console.tenants.members'), cell: (r) => r.memberCount },
          { header: t('console.tenants.created'), cell: (r) => formatTime(r.createdAt, lang) },
        ]}
      />
    </>
  );
}
