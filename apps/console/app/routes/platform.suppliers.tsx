import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { platformListSuppliers } from '@cardshop/domain';
import { StatusBadge, useLang, useT } from '@cardshop/ui';
import { DataTable, formatTime, PageHeader } from '../components';
import { withPlatformStaff } from '../platform.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  return {
    suppliers: await withPlatformStaff(
      request,
      context,
      'console: list suppliers',
      platformListSuppliers,
    ),
  };
}

export default function Suppliers() {
  const { suppliers } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <PageHeader
        title={t('console.suppliers.title')}
        subtitle={t('console.suppliers.count', { count: suppliers.length })}
      />
      <DataTable
        rows={suppliers}
        rowKey={(r) => r.id}
        columns={[
          {
            header: t('console.suppliers.name'),
            cell: (r) => <span className="font-medium">{r.name}</span>,
          },
          {
            header: t('console.tenants.status'),
            cell: (r) => <StatusBadge status={r.status} label={t(`status.${r.status}`)} />,
          },
          { header: t('console.suppliers.contact'), cell: (r) => r.contactEmail ?? '—' },
          { header: t('console.suppliers.staff'), cell: (r) => r.staffCount },
          { header: t('console.tenants.created'), cell: (r) => formatTime(r.createdAt, lang) },
        ]}
      />
    </>
  );
}
