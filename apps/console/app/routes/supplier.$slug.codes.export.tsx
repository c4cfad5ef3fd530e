import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useParams } from '@remix-run/react';
import { previewCodeExport, staffConfirmationMethods, staffConfirmedUntil } from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { formatTime, PageHeader } from '../components';
import { orNotFound } from '../forms.server';
import { asSupplier } from '../scopes.server';
import {
  confirmFromForm,
  securityFailure,
  staffCtx,
  type SecurityFormResult,
} from '../security.server';
import { ConfirmedNote, ConfirmIdentityFields } from '../security-ui';
import { requireSupplier } from '../supplier-area.server';
import { Btn, FormMessage, LinkBtn, NotFoundBoundary, Panel, Stat } from '../ui';
import { titleMeta } from '../meta';

export const meta = titleMeta('console.export.title');

/** Why the last download did not happen (set by the download route): known reasons only. */
const FAILURES = ['empty', 'rate', 'gone', 'failed'] as const;
type Failure = (typeof FAILURES)[number];

function target(request: Request) {
  const url = new URL(request.url);
  const batchId = url.searchParams.get('batch');
  const skuId = url.searchParams.get('sku');
  if (batchId) return { batchId };
  if (skuId) return { skuId };
  throw Response.json({ reason: 'no-target' }, { status: 404 });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, user, sessionId, base } = await requireSupplier(
    request,
    context,
    params.slug,
    'codes.export',
  );
  const which = target(request);
  const preview = await orNotFound(() =>
    asSupplier(context, supplier, (trx) => previewCodeExport(trx, which)),
  );
  const url = new URL(request.url);
  const failed = url.searchParams.get('failed');
  const auth = { userId: user.id, sessionId };
  const confirmedUntil = await staffConfirmedUntil(context.runtime.db, auth, Date.now());
  return {
    preview,
    which,
    skuHref: `${base}/products/${preview.productId}/skus/${preview.skuId}`,
    download: `${base}/codes/export.txt`,
    failed: FAILURES.includes(failed as Failure) ? (failed as Failure) : null,
    waitMinutes: Math.max(1, Math.ceil(Number(url.searchParams.get('wait') ?? 0) / 60)),
    confirmedUntil: confirmedUntil?.toISOString() ?? null,
    confirmMethods: await staffConfirmationMethods(context.runtime.db, user.id),
  };
}

/**
 * The page's own form proves the person's identity (password or authenticator code); the export
 * itself is the download route's, which needs that confirmation within the last 5 minutes.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, sessionId } = await requireSupplier(request, context, params.slug, 'codes.export');
  const form = await request.formData();
  try {
    await confirmFromForm(staffCtx(context), { userId: user.id, sessionId }, form);
    const url = new URL(request.url);
    url.searchParams.delete('failed');
    url.searchParams.delete('wait');
    return redirect(`${url.pathname}${url.search}`);
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming: true });
    return data<SecurityFormResult>(body, status);
  }
}

export default function ExportCodes() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as SecurityFormResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const lang = useLang();
  const { preview } = page;
  const confirmed = page.confirmedUntil !== null && !result;
  const what =
    preview.which === 'batch'
      ? t('console.export.what.batch', {
          product: preview.productName,
          sku: preview.skuName,
          time: preview.batchCreatedAt ? formatTime(preview.batchCreatedAt, lang) : '',
        })
      : t('console.export.what.sku', { product: preview.productName, sku: preview.skuName });
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={t('console.export.title')} subtitle={what} />
      {page.failed ? (
        <FormMessage
          error={t(`console.export.failed.${page.failed}`, { minutes: page.waitMinutes })}
        />
      ) : null}
      <div className="grid grid-cols-2 gap-3">
        <Stat label={t('console.export.count')} value={preview.unsold} />
        <Stat
          label={t('console.export.scope')}
          value={
            <span className="text-base">
              {t(
                preview.which === 'batch'
                  ? 'console.export.scope.batch'
                  : 'console.export.scope.sku',
              )}
            </span>
          }
        />
      </div>
      <div
        role="alert"
        className="space-y-2 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900"
      >
        <p className="font-semibold">{t('console.export.warning.title')}</p>
        <p>{t('console.export.warning.body')}</p>
      </div>
      <Panel>
        <div className="space-y-4">
          <p className="text-sm text-slate-600">{t('console.export.format')}</p>
          {preview.unsold === 0 ? (
            <p className="rounded-lg bg-slate-50 p-4 text-center text-sm text-slate-500">
              {t('console.export.none')}
            </p>
          ) : confirmed ? (
            <>
              <ConfirmedNote until={page.confirmedUntil!} />
              {/* A plain document POST: the answer is a file the browser saves. */}
              <Form method="post" action={page.download} reloadDocument className="space-y-3">
                {'batchId' in page.which ? (
                  <input type="hidden" name="batchId" value={page.which.batchId} />
                ) : (
                  <input type="hidden" name="skuId" value={page.which.skuId} />
                )}
                <div className="space-y-1">
                  <Btn
                    type="submit"
                    name="intent"
                    value="export-off-sale"
                    variant="danger"
                    className="w-full sm:w-auto"
                  >
                    {t('console.export.offSale')}
                  </Btn>
                  <p className="text-xs text-slate-600">
                    {t('console.export.offSaleHint', { count: preview.unsold })}
                  </p>
                </div>
                <div className="space-y-1">
                  <Btn
                    type="submit"
                    name="intent"
                    value="export"
                    variant="secondary"
                    className="w-full sm:w-auto"
                  >
                    {t('console.export.keep')}
                  </Btn>
                  <p className="text-xs text-slate-600">{t('console.export.keepHint')}</p>
                </div>
                <p className="text-xs text-slate-500">{t('console.export.after')}</p>
              </Form>
            </>
          ) : (
            <Form method="post" className="space-y-4" noValidate>
              {result?.formError ? <FormMessage error={result.formError} /> : null}
              <ConfirmIdentityFields
                action="export_codes"
                methods={page.confirmMethods}
                errors={result?.fieldErrors}
              />
              <Btn type="submit" disabled={busy} className="w-full sm:w-auto">
                {t('security.confirm.submitContinue')}
              </Btn>
            </Form>
          )}
          <LinkBtn to={page.skuHref} variant="ghost" className="px-0">
            {t('console.export.back')}
          </LinkBtn>
        </div>
      </Panel>
    </div>
  );
}

export function ErrorBoundary() {
  const { slug } = useParams();
  return <NotFoundBoundary what="console.export.notFound" back={`/supplier/${slug}/batches`} />;
}
