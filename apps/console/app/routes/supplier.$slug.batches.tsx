import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { listSupplierBatches } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { BatchTable } from '../batches';
import { PageHeader } from '../components';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, base, can } = await requireSupplier(request, context, params.slug);
  const batches = await asSupplier(context, supplier, (trx) =>
    listSupplierBatches(trx, { limit: 100 }),
  );
  return {
    batches: batches.map((b) => {
      const skuHref = `${base}/products/${b.sku.productId}/skus/${b.sku.id}`;
      return {
        ...b,
        sku: { label: `${b.sku.productName} · ${b.sku.name}`, href: skuHref },
        voidHref: can('codes.import') ? `${skuHref}?void=${b.id}` : null,
        exportHref: can('codes.export') ? `${base}/codes/export?batch=${b.id}` : null,
      };
    }),
  };
}

export default function SupplierBatches() {
  const { batches } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t('console.batches.title')} subtitle={t('console.batches.subtitle')} />
      <BatchTable
        batches={batches}
        voidHref={(b) => (b as { voidHref?: string }).voidHref ?? null}
        exportHref={(b) => (b as { exportHref?: string | null }).exportHref ?? null}
      />
    </>
  );
}
