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
import { getSupplierProduct, setProductStatus, type ProductStatus } from '@cardshop/domain';
import { useT } from '@cardshop/ui';
import { DataTable } from '../components';
import { attempt, orNotFound, text, type FormResult } from '../forms.server';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';
import {
  Badge,
  Btn,
  FormMessage,
  LinkBtn,
  MARKDOWN_CLASS,
  Money,
  NotFoundBoundary,
  Panel,
} from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, canEdit, base } = await requireSupplier(request, context, params.slug);
  const product = await orNotFound(() =>
    asSupplier(context, supplier, (trx) => getSupplierProduct(trx, params.productId ?? '')),
  );
  return {
    product,
    canEdit,
    base,
    notice: new URL(request.url).searchParams.get('notice'),
  };
}

const STATUSES: ProductStatus[] = ['active', 'draft', 'delisted'];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier, base } = await requireSupplier(
    request,
    context,
    params.slug,
    'products.manage',
  );
  const form = await request.formData();
  const status = text(form, 'status') as ProductStatus;
  const id = params.productId ?? '';
  const done = await attempt(
    () => asSupplier(context, supplier, (trx) => setProductStatus(trx, id, status)),
    { intent: 'status' },
  );
  if (!done.ok) return done.response;
  // Shops that list it are updated by a job written in that transaction: run it now.
  if (done.value.listingSyncJobId) context.runtime.kickOutbox();
  return redirect(`${base}/products/${id}?notice=${STATUSES.includes(status) ? status : 'saved'}`);
}

const STATUS_TONE = { active: 'green', draft: 'amber', delisted: 'slate' } as const;

export default function SupplierProduct() {
  const { product, canEdit, base, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const [search] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === 'submitting';
  const here = `${base}/products/${product.id}`;
  const confirmDelist = search.get('confirm') === 'delist';
  const notices: Record<string, string> = {
    created: t('console.product.created'),
    saved: t('console.product.saved'),
    active: t('console.product.nowActive'),
    draft: t('console.product.nowDraft'),
    delisted: t('console.product.nowDelisted'),
    skuCreated: t('console.sku.created'),
    skuSaved: t('console.sku.saved'),
  };

  return (
    <>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 gap-3">
          {product.imageKey ? (
            <img
              src={`/media/${product.imageKey}`}
              alt=""
              className="h-16 w-16 shrink-0 rounded-lg object-cover ring-1 ring-slate-200"
            />
          ) : null}
          <div className="min-w-0">
            <p className="text-sm">
              <Link to={`${base}/products`} className="text-slate-500 hover:underline">
                {t('console.products.title')}
              </Link>
            </p>
            <h1 className="text-xl font-semibold">{product.name}</h1>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
              <Badge tone={STATUS_TONE[product.status]}>
                {t(`console.productStatus.${product.status}`)}
              </Badge>
              <span>{t(`console.productType.${product.type}`)}</span>
              {product.regionLock ? <Badge tone="amber">{product.regionLock}</Badge> : null}
            </p>
          </div>
        </div>
        {canEdit ? (
          <div className="flex flex-wrap gap-2">
            <LinkBtn to={`${here}/edit`}>{t('console.product.edit')}</LinkBtn>
            {product.status !== 'active' ? (
              <Form method="post">
                <input type="hidden" name="status" value="active" />
                <Btn disabled={busy}>{t('console.product.putOnSale')}</Btn>
              </Form>
            ) : null}
            {product.status === 'active' ? (
              <Form method="post">
                <input type="hidden" name="status" value="draft" />
                <Btn variant="secondary" disabled={busy}>
                  {t('console.product.toDraft')}
                </Btn>
              </Form>
            ) : null}
            {product.status !== 'delisted' ? (
              <LinkBtn to="?confirm=delist" className="text-red-700">
                {t('console.product.delist')}
              </LinkBtn>
            ) : null}
          </div>
        ) : null}
      </div>

      {notice && notices[notice] ? (
        <div className="mb-4">
          <FormMessage notice={notices[notice]} />
        </div>
      ) : null}
      {result?.formError ? (
        <div className="mb-4">
          <FormMessage error={result.formError} />
        </div>
      ) : null}
      {confirmDelist && canEdit && product.status !== 'delisted' ? (
        <div className="mb-4">
          <Panel title={t('console.product.delistTitle')}>
            <Form method="post" className="space-y-3">
              <input type="hidden" name="status" value="delisted" />
              <p className="text-sm text-slate-700">{t('console.product.delistConfirm')}</p>
              <div className="flex gap-2">
                <Btn variant="danger" disabled={busy}>
                  {t('console.product.delistYes')}
                </Btn>
                <LinkBtn to="?">{t('console.common.cancel')}</LinkBtn>
              </div>
            </Form>
          </Panel>
        </div>
      ) : null}

      <Panel
        title={t('console.sku.title')}
        actions={
          canEdit ? (
            <LinkBtn to={`${here}/skus/new`} size="sm" variant="primary">
              {t('console.sku.new')}
            </LinkBtn>
          ) : null
        }
        className="mb-4"
      >
        <DataTable
          rows={product.skus}
          rowKey={(s) => s.id}
          columns={[
            {
              header: t('console.sku.name'),
              cell: (s) => (
                <Link
                  to={`${here}/skus/${s.id}`}
                  className="text-brand font-medium hover:underline"
                >
                  {s.name}
                </Link>
              ),
            },
            { header: t('console.sku.faceValue'), cell: (s) => <Money fen={s.faceValueFen} /> },
            {
              header: t('console.sku.wholesale'),
              cell: (s) => <Money fen={s.wholesalePriceFen} />,
            },
            {
              header: t('console.sku.perOrder'),
              cell: (s) => `${s.minPerOrder}–${s.maxPerOrder}`,
            },
            ...(product.type === 'card_code' || product.type === 'physical_card'
              ? [
                  {
                    header: t('console.sku.stock'),
                    cell: (s: (typeof product.skus)[number]) => (
                      <span
                        className={
                          s.stock.available <= s.lowStockThreshold
                            ? 'font-medium text-amber-700'
                            : undefined
                        }
                      >
                        {t('console.sku.stockLine', {
                          available: s.stock.available,
                          reserved: s.stock.reserved,
                          sold: s.stock.sold,
                        })}
                      </span>
                    ),
                  },
                ]
              : []),
            ...(product.type === 'card_code'
              ? [
                  {
                    header: t('console.sku.codeKind'),
                    cell: (s: (typeof product.skus)[number]) =>
                      s.codeKind === 'reusable'
                        ? t('console.sku.reusableTimes', { n: s.reuseLimit ?? 0 })
                        : t('console.sku.single'),
                  },
                ]
              : []),
            {
              header: t('console.products.status'),
              cell: (s) => (
                <Badge tone={s.status === 'active' ? 'green' : 'slate'}>
                  {t(`console.skuStatus.${s.status}`)}
                </Badge>
              ),
            },
            ...(canEdit && product.type === 'card_code'
              ? [
                  {
                    header: t('console.listings.actions'),
                    cell: (s: (typeof product.skus)[number]) =>
                      s.status !== 'delisted' && product.status !== 'delisted' ? (
                        <LinkBtn to={`${here}/skus/${s.id}/import`} size="sm">
                          {t('console.import.action')}
                        </LinkBtn>
                      ) : (
                        '—'
                      ),
                  },
                ]
              : []),
            ...(canEdit && product.type === 'physical_card'
              ? [
                  {
                    header: t('console.listings.actions'),
                    cell: (s: (typeof product.skus)[number]) => (
                      <LinkBtn to={`${here}/skus/${s.id}`} size="sm">
                        {t('console.physicalStock.adjustAction')}
                      </LinkBtn>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Panel>

      <div className="grid gap-4 md:grid-cols-2">
        <Panel title={t('console.product.description')}>
          {product.descriptionMd.trim() ? (
            <div
              className={MARKDOWN_CLASS}
              // renderDescription escapes raw HTML and allows only safe links.
              dangerouslySetInnerHTML={{ __html: product.descriptionHtml }}
            />
          ) : (
            <p className="text-sm text-slate-400">{t('console.product.previewEmpty')}</p>
          )}
        </Panel>
        {product.type === 'direct_topup' ? (
          <Panel title={t('console.product.topupTitle')}>
            <ul className="space-y-2 text-sm">
              {product.topupFields.map((f) => (
                <li key={f.key} className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{f.label}</span>
                  <code className="text-xs text-slate-500">{f.key}</code>
                  <Badge>{t(`console.topupKind.${f.kind}`)}</Badge>
                  {f.pattern ? <code className="text-xs">{f.pattern}</code> : null}
                  {f.required ? (
                    <Badge tone="blue">{t('console.product.topupRequired')}</Badge>
                  ) : null}
                </li>
              ))}
            </ul>
          </Panel>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const { slug } = useParams();
  return <NotFoundBoundary what="console.product.notFound" back={`/supplier/${slug}/products`} />;
}
