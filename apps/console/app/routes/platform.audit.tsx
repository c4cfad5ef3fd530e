import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { platformRecentAudit } from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { DataTable, formatTime, PageHeader } from '../components';
import { withPlatformStaff } from '../platform.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  return {
    entries: await withPlatformStaff(request, context, 'console: read audit log', (trx) =>
      platformRecentAudit(trx, 100),
    ),
  };
}

export default function Audit() {
  const { entries } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <PageHeader title={t('console.audit.title')} />
      <DataTable
        rows={entries}
        rowKey={(r) => r.id}
        columns={[
          { header: t('console.audit.time'), cell: (r) => formatTime(r.occurredAt, lang) },
          {
            header: t('console.audit.actor'),
            cell: (r) => `${r.actorType}${r.actorId ? ` ${r.actorId.slice(0, 8)}` : ''}`,
          },
          {
            header: t('console.audit.action'),
            cell: (r) => <code className="text-xs">{r.action}</code>,
          },
          {
            header: t('console.audit.details'),
            cell: (r) => (
              <code className="text-xs break-all text-slate-500">{JSON.stringify(r.data)}</code>
            ),
          },
        ]}
      />
    </>
  );
}
