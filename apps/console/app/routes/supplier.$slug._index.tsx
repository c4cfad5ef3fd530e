import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listSupplierBatches, listSupplierProducts } from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { formatTime, PageHeader } from '../components';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';
import { Badge, LinkBtn, Panel, Stat } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, canEdit, base } = await requireSupplier(request, context, params.slug);
  const { products, batches } = await asSupplier(context, supplier, async (trx) => {
    const products = await listSupplierProducts(trx, { pageSize: 100 });
    const batches = await listSupplierBatches(trx, { limit: 5 });
    return { products, batches };
  });
  const items = products.items;
  return {
    supplier: { name: supplier.name, isPrivate: supplier.ownerTenantId !== null },
    base,
    canEdit,
    counts: {
      products: products.total,
      onSale: items.filter((p) => p.status === 'active').length,
      skus: items.reduce((n, p) => n + p.skuCount, 0),
      available: items
        .filter((p) => p.type !== 'direct_topup')
        .reduce((n, p) => n + p.available, 0),
      soldOut: items.filter(
        (p) =>
          p.type !== 'direct_topup' &&
          p.status === 'active' &&
          p.activeSkuCount > 0 &&
          p.available === 0,
      ).length,
    },
    batches: batches.map((b) => ({
      id: b.id,
      createdAt: b.createdAt,
      imported: b.imported,
      status: b.status,
      label: `${b.sku.productName} · ${b.sku.name}`,
      href: `${base}/products/${b.sku.productId}/skus/${b.sku.id}`,
    })),
  };
}

export default function SupplierOverview() {
  const { supplier, base, canEdit, counts, batches } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <PageHeader
          title={supplier.name}
          subtitle={
            supplier.isPrivate
              ? t('console.supplierOverview.private')
              : t('console.supplierOverview.subtitle')
          }
        />
        {canEdit ? (
          <LinkBtn to={`${base}/products/new`} variant="primary">
            {t('console.products.new')}
          </LinkBtn>
        ) : null}
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Stat
          label={t('console.supplierOverview.products')}
          value={counts.products}
          to={`${base}/products`}
        />
        <Stat label={t('console.supplierOverview.onSale')} value={counts.onSale} />
        <Stat label={t('console.supplierOverview.skus')} value={counts.skus} />
        <Stat label={t('console.supplierOverview.available')} value={counts.available} />
        <Stat
          label={t('console.supplierOverview.soldOut')}
          value={counts.soldOut}
          {...(counts.soldOut ? { tone: 'warn' as const } : {})}
        />
      </div>
      <div className="mt-6">
        <Panel
          title={t('console.supplierOverview.recentBatches')}
          actions={
            <Link to={`${base}/batches`} className="text-brand text-sm hover:underline">
              {t('console.shopOverview.all')}
            </Link>
          }
        >
          {batches.length === 0 ? (
            <p className="text-sm text-slate-500">{t('console.batches.none')}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {batches.map((b) => (
                <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link to={b.href} className="text-brand hover:underline">
                    {b.label}
                  </Link>
                  <span className="flex items-center gap-2 text-slate-500">
                    {t('console.supplierOverview.batchLine', { n: b.imported })}
                    <Badge
                      tone={b.status === 'done' ? 'green' : b.status === 'failed' ? 'red' : 'amber'}
                    >
                      {t(`console.batches.status.${b.status}`)}
                    </Badge>
                    <span className="text-xs">{formatTime(b.createdAt, lang)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </>
  );
}
