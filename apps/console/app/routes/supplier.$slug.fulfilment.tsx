import type { LoaderFunctionArgs } from '@remix-run/node';
import { Outlet, useLoaderData, useLocation } from '@remix-run/react';
import { countOpenFulfilment } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { PageHeader } from '../components';
import { FilterTabs } from '../orders-ui';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, base } = await requireSupplier(
    request,
    context,
    params.slug,
    'fulfilment.view',
  );
  const open = await asSupplier(context, supplier, (trx) => countOpenFulfilment(trx));
  return { open, base: `${base}/fulfilment` };
}

export default function Fulfilment() {
  const { open, base } = useLoaderData<typeof loader>();
  const location = useLocation();
  const t = useT();
  const onShipments = location.pathname.startsWith(`${base}/shipments`);
  return (
    <>
      <PageHeader
        title={t('console.fulfilment.title')}
        subtitle={t('console.fulfilment.subtitle', {
          topups: open.topups,
          shipments: open.shipments,
        })}
      />
      <FilterTabs
        variant="underline"
        label={t('console.fulfilment.title')}
        tabs={[
          {
            to: base,
            label: t('console.fulfilment.topups'),
            count: open.topups,
            active: !onShipments,
          },
          {
            to: `${base}/shipments`,
            label: t('console.fulfilment.shipments'),
            count: open.shipments,
            active: onShipments,
          },
        ]}
      />
      <Outlet />
    </>
  );
}
