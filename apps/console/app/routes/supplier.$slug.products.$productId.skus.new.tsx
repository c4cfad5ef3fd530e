import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useParams } from '@remix-run/react';
import { createSku, getSupplierProduct } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { PageHeader } from '../components';
import { attempt, badRequest, orNotFound } from '../forms.server';
import { asSupplier } from '../scopes.server';
import { SkuForm, type SkuFormResult } from '../sku-form';
import { readSkuForm } from '../sku-form.server';
import { requireSupplier } from '../supplier-area.server';
import { NotFoundBoundary, Panel, ReadOnlyNote } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, canEdit, base } = await requireSupplier(request, context, params.slug);
  const product = await orNotFound(() =>
    asSupplier(context, supplier, (trx) => getSupplierProduct(trx, params.productId ?? '')),
  );
  return { product: { id: product.id, name: product.name, type: product.type }, canEdit, base };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier, base } = await requireSupplier(
    request,
    context,
    params.slug,
    'products.manage',
  );
  const productId = params.productId ?? '';
  const product = await orNotFound(() =>
    asSupplier(context, supplier, (trx) => getSupplierProduct(trx, productId)),
  );
  const form = await request.formData();
  const sku = readSkuForm(form, product.type);
  if (!sku.ok) return badRequest({ values: sku.values, fieldErrors: sku.fieldErrors });
  const created = await attempt(
    () =>
      asSupplier(context, supplier, (trx) =>
        createSku(trx, {
          ...sku.input,
          productId,
          status: sku.input.status as 'active' | 'inactive',
        }),
      ),
    { values: sku.values },
  );
  if (!created.ok) return created.response;
  return redirect(`${base}/products/${productId}?notice=skuCreated`);
}

export default function NewSku() {
  const { product, canEdit, base } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as SkuFormResult | undefined;
  const t = useT();
  const back = `${base}/products/${product.id}`;
  return (
    <>
      <p className="text-sm">
        <Link to={back} className="text-slate-500 hover:underline">
          {product.name}
        </Link>
      </p>
      <PageHeader title={t('console.sku.newTitle', { name: product.name })} />
      <Panel>
        {canEdit ? (
          <SkuForm
            mode="create"
            productType={product.type}
            defaults={{
              name: '',
              faceValueFen: null,
              wholesalePriceFen: null,
              minPerOrder: 1,
              maxPerOrder: 10,
              codeKind: 'single',
              reuseLimit: null,
              lowStockThreshold: 10,
              sortOrder: 0,
              status: 'active',
            }}
            result={result}
            cancelTo={back}
          />
        ) : (
          <ReadOnlyNote />
        )}
      </Panel>
    </>
  );
}

export function ErrorBoundary() {
  const { slug } = useParams();
  return <NotFoundBoundary what="console.product.notFound" back={`/supplier/${slug}/products`} />;
}
