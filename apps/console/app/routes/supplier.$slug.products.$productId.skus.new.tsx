import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useParams } from '@remix-run/react';
import { adjustPhysicalStock, createSku, getSupplierProduct } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { PageHeader } from '../components';
import { attempt, badRequest, orNotFound, text } from '../forms.server';
import { parseIntField } from '../money';
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
  const { supplier, base, user } = await requireSupplier(
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
  // A physical card's SKU can start with the cards on hand (set like any later adjustment).
  const initial =
    product.type === 'physical_card' && text(form, 'initialStock') !== ''
      ? parseIntField(text(form, 'initialStock'), '初始库存', { min: 0, max: 1_000_000 })
      : null;
  const fieldErrors = {
    ...sku.fieldErrors,
    ...(initial && !initial.ok ? { initialStock: initial.error } : {}),
  };
  if (!sku.ok || (initial && !initial.ok)) return badRequest({ values: sku.values, fieldErrors });
  const initialStock = initial?.ok ? initial.value : 0;
  const created = await attempt(
    () =>
      asSupplier(context, supplier, async (trx) => {
        const row = await createSku(trx, {
          ...sku.input,
          productId,
          status: sku.input.status as 'active' | 'inactive',
        });
        if (initialStock > 0) {
          await adjustPhysicalStock(
            trx,
            { skuId: row.id, mode: 'set', quantity: initialStock, reason: '初始库存' },
            { type: 'staff', id: user.id, ip: context.ip },
          );
        }
        return row;
      }),
    { values: sku.values },
    (errors) => ('quantity' in errors ? { initialStock: errors.quantity! } : errors),
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
