import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useParams,
  useSearchParams,
} from '@remix-run/react';
import {
  adjustPhysicalStock,
  getSupplierProduct,
  listCodeBatches,
  listStockAdjustments,
  updateSku,
  voidUnsoldCodes,
  type UpdateSkuInput,
} from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { BatchTable } from '../batches';
import { PageHeader } from '../components';
import {
  attempt,
  badRequest,
  formStrings,
  orNotFound,
  text,
  type FormResult,
} from '../forms.server';
import { parseIntField } from '../money';
import { AdjustmentTable, AdjustStockForm, PhysicalStockStats } from '../physical-stock';
import { requirePermission } from '../permissions.server';
import { asSupplier } from '../scopes.server';
import { SkuForm, type SkuFormResult } from '../sku-form';
import { readSkuForm } from '../sku-form.server';
import { requireSupplier } from '../supplier-area.server';
import { Btn, FormMessage, LinkBtn, NotFoundBoundary, Panel, ReadOnlyNote, Stat } from '../ui';

async function loadSku(
  context: Parameters<typeof asSupplier>[0],
  supplier: Parameters<typeof asSupplier>[1],
  productId: string,
  skuId: string,
) {
  return orNotFound(() =>
    asSupplier(context, supplier, async (trx) => {
      const product = await getSupplierProduct(trx, productId);
      const sku = product.skus.find((s) => s.id === skuId);
      if (!sku) throw Response.json({ reason: 'no-sku' }, { status: 404 });
      const batches = product.type === 'card_code' ? await listCodeBatches(trx, skuId) : [];
      const adjustments =
        product.type === 'physical_card' ? await listStockAdjustments(trx, skuId) : [];
      return { product, sku, batches, adjustments };
    }),
  );
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, canEdit, can, base } = await requireSupplier(request, context, params.slug);
  const { product, sku, batches, adjustments } = await loadSku(
    context,
    supplier,
    params.productId ?? '',
    params.skuId ?? '',
  );
  const url = new URL(request.url);
  return {
    product: { id: product.id, name: product.name, type: product.type, status: product.status },
    sku,
    batches,
    adjustments,
    canEdit,
    canManageCodes: can('codes.import'),
    canExportCodes: can('codes.export'),
    base,
    notice: url.searchParams.get('notice'),
    count: Number(url.searchParams.get('count') ?? 0) || 0,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier, base, user } = await requireSupplier(request, context, params.slug);
  const form = await request.formData();
  const intent = text(form, 'intent');
  requirePermission(
    request,
    'supplier',
    supplier.role,
    intent === 'void' ? 'codes.import' : 'products.manage',
  );
  const productId = params.productId ?? '';
  const skuId = params.skuId ?? '';
  const here = `${base}/products/${productId}/skus/${skuId}`;

  if (intent === 'void') {
    const batchId = text(form, 'batchId');
    const done = await attempt(
      () => asSupplier(context, supplier, (trx) => voidUnsoldCodes(trx, { batchId })),
      { intent },
    );
    if (!done.ok) return done.response;
    return redirect(`${here}?notice=voided&count=${done.value}`);
  }

  if (intent === 'stock') {
    // A physical card's quantity on hand: set, add or remove, with a reason.
    const values = formStrings(form);
    const quantity = parseIntField(text(form, 'quantity'), '数量', { min: 0, max: 1_000_000 });
    if (!quantity.ok) {
      return badRequest({ intent, values, fieldErrors: { quantity: quantity.error } });
    }
    const done = await attempt(
      () =>
        asSupplier(context, supplier, (trx) =>
          adjustPhysicalStock(
            trx,
            {
              skuId,
              mode: text(form, 'mode') as 'set' | 'add' | 'remove',
              quantity: quantity.value,
              reason: text(form, 'reason'),
            },
            { type: 'staff', id: user.id, ip: context.ip },
          ),
        ),
      { intent, values },
    );
    if (!done.ok) return done.response;
    return redirect(`${here}?notice=stockAdjusted&count=${done.value.after.onHand}`);
  }

  const { product } = await loadSku(context, supplier, productId, skuId);
  const sku = readSkuForm(form, product.type);
  if (!sku.ok) {
    return badRequest({ intent: 'save', values: sku.values, fieldErrors: sku.fieldErrors });
  }
  const input: UpdateSkuInput = {
    ...sku.input,
    status: sku.input.status as UpdateSkuInput['status'],
  };
  const done = await attempt(
    () => asSupplier(context, supplier, (trx) => updateSku(trx, skuId, input)),
    { intent: 'save', values: sku.values },
  );
  if (!done.ok) return done.response;
  // Shops listing the SKU are repriced/told by a job written in that transaction: run it now.
  if (done.value.listingSyncJobId) context.runtime.kickOutbox();
  return redirect(`${base}/products/${productId}?notice=skuSaved`);
}

export default function SkuPage() {
  const {
    product,
    sku,
    batches,
    adjustments,
    canEdit,
    canManageCodes,
    canExportCodes,
    base,
    notice,
    count,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormResult & SkuFormResult) | undefined;
  const [search] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const here = `${base}/products/${product.id}/skus/${sku.id}`;
  const voiding = batches.find((b) => b.id === search.get('void'));
  const hasCodes = sku.stock.available + sku.stock.reserved + sku.stock.sold > 0;
  const canImport =
    canManageCodes &&
    product.type === 'card_code' &&
    sku.status !== 'delisted' &&
    product.status !== 'delisted';

  return (
    <>
      <p className="text-sm">
        <Link to={`${base}/products/${product.id}`} className="text-slate-500 hover:underline">
          {product.name}
        </Link>
      </p>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageHeader title={t('console.sku.editTitle', { name: sku.name })} />
        <div className="mb-4 flex flex-wrap gap-2">
          {canExportCodes && product.type === 'card_code' && sku.stock.available > 0 ? (
            <LinkBtn to={`${base}/codes/export?sku=${sku.id}`}>
              {t('console.export.action')}
            </LinkBtn>
          ) : null}
          {canImport ? (
            <LinkBtn to={`${here}/import`} variant="primary">
              {t('console.import.action')}
            </LinkBtn>
          ) : null}
        </div>
      </div>
      {notice === 'voided' ? (
        <div className="mb-4">
          <FormMessage notice={t('console.batches.voided.notice', { count })} />
        </div>
      ) : null}
      {notice === 'stockAdjusted' ? (
        <div className="mb-4">
          <FormMessage notice={t('console.physicalStock.adjusted', { count })} />
        </div>
      ) : null}
      {result?.intent === 'void' ? (
        <div className="mb-4">
          <FormMessage error={result.formError} />
        </div>
      ) : null}

      {product.type === 'card_code' ? (
        <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4">
          <Stat
            label={t('console.stock.available')}
            value={sku.stock.available}
            {...(sku.stock.available <= sku.lowStockThreshold ? { tone: 'warn' as const } : {})}
            hint={t('console.stock.threshold', { n: sku.lowStockThreshold })}
          />
          <Stat label={t('console.stock.reserved')} value={sku.stock.reserved} />
          <Stat label={t('console.stock.sold')} value={sku.stock.sold} />
          <Stat label={t('console.stock.batches')} value={batches.length} />
        </div>
      ) : null}

      {product.type === 'physical_card' ? (
        <PhysicalStockStats stock={sku.stock} lowStockThreshold={sku.lowStockThreshold} />
      ) : null}

      <div className="space-y-6">
        {product.type === 'physical_card' && canEdit ? (
          <AdjustStockForm
            stock={sku.stock}
            result={result?.intent === 'stock' ? result : undefined}
            resetKey={adjustments[0]?.id ?? 'none'}
          />
        ) : null}
        <Panel title={t('console.sku.details')} className="max-w-3xl">
          {canEdit ? (
            <SkuForm
              mode="edit"
              productType={product.type}
              defaults={sku}
              result={result?.intent === 'save' ? result : undefined}
              cancelTo={`${base}/products/${product.id}`}
              codeKindLocked={hasCodes}
            />
          ) : (
            <ReadOnlyNote />
          )}
        </Panel>

        {product.type === 'card_code' ? (
          <div className="min-w-0 space-y-4">
            {voiding && canManageCodes ? (
              <Panel title={t('console.batches.voidTitle')}>
                <Form method="post" className="space-y-3">
                  <input type="hidden" name="intent" value="void" />
                  <input type="hidden" name="batchId" value={voiding.id} />
                  <p className="text-sm text-slate-700">
                    {t('console.batches.voidConfirm', { count: voiding.available })}
                  </p>
                  <div className="flex gap-2">
                    <Btn variant="danger" disabled={navigation.state === 'submitting'}>
                      {t('console.batches.voidYes')}
                    </Btn>
                    <LinkBtn to="?">{t('console.common.cancel')}</LinkBtn>
                  </div>
                </Form>
              </Panel>
            ) : null}
            <div>
              <h2 className="mb-2 text-base font-semibold">{t('console.batches.title')}</h2>
              <BatchTable
                batches={batches}
                {...(canManageCodes ? { voidHref: (b) => `?void=${b.id}` } : {})}
                {...(canExportCodes
                  ? { exportHref: (b) => `${base}/codes/export?batch=${b.id}` }
                  : {})}
              />
            </div>
          </div>
        ) : null}
        {product.type === 'physical_card' ? <AdjustmentTable rows={adjustments} /> : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const { slug, productId } = useParams();
  return (
    <NotFoundBoundary
      what="console.sku.notFound"
      back={`/supplier/${slug}/products/${productId}`}
    />
  );
}
