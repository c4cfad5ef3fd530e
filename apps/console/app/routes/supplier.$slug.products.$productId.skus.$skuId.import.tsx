import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useParams,
} from '@remix-run/react';
import {
  fileLines,
  getSupplierProduct,
  importCodes,
  isDomainError,
  listCodeBatches,
  previewCodeImport,
  type CodeImportPreview,
  type CodeImportProgress,
} from '@cardshop/domain';
import { cx, useT } from '@cardshop/ui';
import { PageHeader } from '../components';
import { checkbox, domainFailure, orNotFound, text } from '../forms.server';
import { asSupplier, codeVault } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';
import {
  Btn,
  CheckboxField,
  FormMessage,
  LinkBtn,
  NotFoundBoundary,
  Panel,
  Stat,
  TextAreaField,
} from '../ui';
import {
  discardStagedImport,
  findStagedImport,
  MAX_IMPORT_BYTES,
  stageImportForm,
  UploadTooLarge,
  type StagedImport,
} from '../uploads.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, can, base } = await requireSupplier(request, context, params.slug);
  const url = new URL(request.url);
  const batchId = url.searchParams.get('batch');
  const { product, sku, batch } = await orNotFound(() =>
    asSupplier(context, supplier, async (trx) => {
      const product = await getSupplierProduct(trx, params.productId ?? '');
      const sku = product.skus.find((s) => s.id === params.skuId);
      if (!sku || product.type !== 'card_code') {
        throw Response.json({ reason: 'no-sku' }, { status: 404 });
      }
      const batch = batchId
        ? ((await listCodeBatches(trx, sku.id)).find((b) => b.id === batchId) ?? null)
        : null;
      return { product, sku, batch };
    }),
  );
  const progress = {
    commits: Number(url.searchParams.get('commits') ?? 0) || 0,
    lines: Number(url.searchParams.get('lines') ?? 0) || 0,
    ms: Number(url.searchParams.get('ms') ?? 0) || 0,
  };
  return {
    product: { id: product.id, name: product.name },
    sku: { id: sku.id, name: sku.name, stock: sku.stock, codeKind: sku.codeKind },
    batch,
    progress,
    canEdit: can('codes.import'),
    skuHref: `${base}/products/${product.id}/skus/${sku.id}`,
  };
}

type ImportResult =
  | { step: 'input'; formError: string }
  | {
      step: 'preview';
      token: string;
      source: 'paste' | 'file';
      filename: string | null;
      preview: CodeImportPreview;
      formError?: string;
    };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier, base, user } = await requireSupplier(
    request,
    context,
    params.slug,
    'codes.import',
  );
  const skuId = params.skuId ?? '';
  const owner = { supplierId: supplier.supplierId, skuId };
  const here = `${base}/products/${params.productId}/skus/${skuId}/import`;
  const vault = codeVault(context);

  const preview = async (staged: StagedImport, formError?: string) => {
    const result = await asSupplier(context, supplier, (trx) =>
      previewCodeImport(trx, vault, { skuId, lines: fileLines(staged.path) }),
    );
    return data<ImportResult>(
      {
        step: 'preview',
        token: staged.token,
        source: staged.source,
        filename: staged.filename,
        preview: result,
        ...(formError ? { formError } : {}),
      },
      formError ? 422 : 200,
    );
  };

  // Step 1: the pasted text or the file is staged on disk and previewed; nothing is imported.
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    let staged: StagedImport | null;
    try {
      ({ staged } = await stageImportForm(request, context, owner));
    } catch (error) {
      if (error instanceof UploadTooLarge) {
        return data<ImportResult>(
          {
            step: 'input',
            formError: `内容太大：一次最多导入 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请把文件拆开分几次导入`,
          },
          413,
        );
      }
      throw error;
    }
    if (!staged) {
      return data<ImportResult>(
        { step: 'input', formError: '请粘贴卡密，或选择一个 .txt / .csv 文件' },
        400,
      );
    }
    try {
      return await preview(staged);
    } catch (error) {
      await discardStagedImport(context, staged);
      if (!isDomainError(error) || error.status >= 500) throw error;
      return data<ImportResult>({ step: 'input', formError: error.userMessage }, error.status);
    }
  }

  // Step 2: the supplier confirmed the preview; the staged input is imported.
  const form = await request.formData();
  const staged = await findStagedImport(context, text(form, 'token'), owner);
  if (!staged) {
    return data<ImportResult>(
      { step: 'input', formError: '预览已过期或已经导入过，请重新粘贴或上传' },
      410,
    );
  }
  const started = Date.now();
  let last: CodeImportProgress | undefined;
  try {
    const result = await importCodes(context.runtime.db, vault, {
      supplier: { id: supplier.supplierId, ownerTenantId: supplier.ownerTenantId },
      skuId,
      source: staged.source,
      ...(staged.filename ? { filename: staged.filename } : {}),
      lines: fileLines(staged.path),
      skipMalformed: checkbox(form, 'skipMalformed'),
      onProgress: (progress) => {
        last = progress;
      },
      createdBy: user.id,
    });
    await discardStagedImport(context, staged);
    const figures = new URLSearchParams({
      batch: result.batchId,
      commits: String(last?.batches ?? 0),
      lines: String(last?.linesRead ?? result.totalLines),
      ms: String(Date.now() - started),
    });
    return redirect(`${here}?${figures.toString()}`);
  } catch (error) {
    if (!isDomainError(error) || error.status >= 500) {
      await discardStagedImport(context, staged);
      throw error;
    }
    // Refused before anything was written (malformed lines not confirmed, SKU delisted...):
    // show the preview again with the reason, so the supplier can confirm or start over.
    try {
      return await preview(staged, error.userMessage);
    } catch (again) {
      await discardStagedImport(context, staged);
      return domainFailure(again);
    }
  }
}

export default function ImportCodes() {
  const { product, sku, batch, progress, canEdit, skuHref } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    ImportResult | { formError?: string } | undefined;
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const step = result && 'step' in result ? result : undefined;

  return (
    <>
      <p className="text-sm">
        <Link to={skuHref} className="text-slate-500 hover:underline">
          {product.name} · {sku.name}
        </Link>
      </p>
      <PageHeader
        title={t('console.import.title', { name: sku.name })}
        subtitle={t('console.import.stockNow', { n: sku.stock.available })}
      />
      {!canEdit ? <FormMessage error={t('console.readOnly')} /> : null}
      {result && !step && result.formError ? <FormMessage error={result.formError} /> : null}

      {batch && !step ? (
        <ImportDone
          batch={batch}
          progress={progress}
          available={sku.stock.available}
          skuHref={skuHref}
        />
      ) : step?.step === 'preview' ? (
        <PreviewStep step={step} busy={busy} />
      ) : canEdit ? (
        <Panel>
          <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate>
            {step?.formError ? <FormMessage error={step.formError} /> : null}
            <TextAreaField
              label={t('console.import.paste')}
              name="codes"
              rows={10}
              spellCheck={false}
              autoComplete="off"
              placeholder={'CARD0001 PASS0001\nCARD0002,PASS0002,2027-12-31\nCODE-ONLY-0003'}
              hint={t('console.import.formatHint')}
              className="font-mono text-xs"
            />
            <div className="space-y-1">
              <label htmlFor="file" className="block text-sm font-medium text-slate-700">
                {t('console.import.file')}
              </label>
              <input
                id="file"
                type="file"
                name="file"
                accept=".txt,.csv,text/plain,text/csv"
                className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm"
              />
              <p className="text-xs text-slate-500">{t('console.import.fileHint')}</p>
            </div>
            <div className="flex gap-2">
              <Btn type="submit" disabled={busy}>
                {busy ? t('console.import.reading') : t('console.import.previewSubmit')}
              </Btn>
              <LinkBtn to={skuHref}>{t('console.common.cancel')}</LinkBtn>
            </div>
          </Form>
        </Panel>
      ) : null}
    </>
  );
}

function PreviewStep({
  step,
  busy,
}: {
  step: Extract<ImportResult, { step: 'preview' }>;
  busy: boolean;
}) {
  const t = useT();
  const p = step.preview;
  const unlisted = p.malformed - p.malformedLines.length;
  return (
    <div className="space-y-4">
      {step.formError ? <FormMessage error={step.formError} /> : null}
      <Panel
        title={t('console.import.previewTitle')}
        actions={
          <span className="text-sm text-slate-500">
            {step.source === 'file'
              ? t('console.import.fromFile', { name: step.filename ?? '' })
              : t('console.import.fromPaste')}
          </span>
        }
      >
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
          <Stat label={t('console.import.totalLines')} value={p.totalLines} />
          <Stat
            label={t('console.import.valid')}
            value={p.valid}
            hint={
              p.sellableUnits !== p.valid
                ? t('console.import.units', { n: p.sellableUnits })
                : undefined
            }
          />
          <Stat
            label={t('console.import.malformed')}
            value={p.malformed}
            {...(p.malformed ? { tone: 'warn' as const } : {})}
          />
          <Stat label={t('console.import.dupInFile')} value={p.duplicatesInFile} />
          <Stat label={t('console.import.dupInStock')} value={p.duplicatesInStock} />
        </div>
        {p.malformed > 0 ? (
          <div className="mt-4">
            <h3 className="mb-2 text-sm font-semibold text-red-700">
              {t('console.import.malformedTitle')}
            </h3>
            <ol className="max-h-64 space-y-1 overflow-auto rounded-lg bg-red-50 p-3 text-sm text-red-900">
              {p.malformedLines.map((m) => (
                <li key={m.line}>
                  <span className="font-mono font-medium">
                    {t('console.import.lineNo', { n: m.line })}
                  </span>
                  ：{m.reason}
                </li>
              ))}
              {unlisted > 0 ? (
                <li className="text-red-700">
                  {t('console.import.moreMalformed', { n: unlisted })}
                </li>
              ) : null}
            </ol>
          </div>
        ) : null}
      </Panel>

      <Panel>
        {p.valid === 0 ? (
          <div className="space-y-3">
            <FormMessage error={t('console.import.nothing')} />
            <LinkBtn to="?">{t('console.import.again')}</LinkBtn>
          </div>
        ) : (
          <Form method="post" className="space-y-4">
            <input type="hidden" name="token" value={step.token} />
            {p.malformed > 0 ? (
              <CheckboxField
                name="skipMalformed"
                required
                label={t('console.import.skipMalformed')}
                hint={t('console.import.skipMalformedHint', { n: p.malformed })}
              />
            ) : null}
            <div className="flex flex-wrap gap-2">
              <Btn type="submit" disabled={busy}>
                {busy ? t('console.import.importing') : t('console.import.confirm', { n: p.valid })}
              </Btn>
              <LinkBtn to="?">{t('console.import.again')}</LinkBtn>
            </div>
          </Form>
        )}
      </Panel>
    </div>
  );
}

function ImportDone({
  batch,
  progress,
  available,
  skuHref,
}: {
  batch: {
    id: string;
    status: string;
    totalLines: number;
    imported: number;
    duplicatesInFile: number;
    duplicatesInStock: number;
    malformed: number;
  };
  progress: { commits: number; lines: number; ms: number };
  available: number;
  skuHref: string;
}) {
  const t = useT();
  return (
    <div className="space-y-4">
      <div
        role="status"
        className={cx(
          'rounded-lg border px-4 py-3 text-sm',
          batch.status === 'done'
            ? 'border-emerald-200 bg-emerald-50 text-emerald-800'
            : 'border-amber-200 bg-amber-50 text-amber-900',
        )}
      >
        {batch.status === 'done'
          ? t('console.import.done', { n: batch.imported, available })
          : t('console.import.notDone')}
      </div>
      <Panel title={t('console.import.resultTitle')}>
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
          <Stat label={t('console.import.totalLines')} value={batch.totalLines} />
          <Stat label={t('console.batches.imported')} value={batch.imported} />
          <Stat label={t('console.import.malformed')} value={batch.malformed} />
          <Stat label={t('console.import.dupInFile')} value={batch.duplicatesInFile} />
          <Stat label={t('console.import.dupInStock')} value={batch.duplicatesInStock} />
        </div>
        {progress.commits > 0 ? (
          <p className="mt-3 text-sm text-slate-500">
            {t('console.import.progress', {
              lines: progress.lines,
              commits: progress.commits,
              seconds: (progress.ms / 1000).toFixed(1),
            })}
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap gap-2">
          <LinkBtn to="?" variant="primary">
            {t('console.import.more')}
          </LinkBtn>
          <LinkBtn to={skuHref}>{t('console.import.backToSku')}</LinkBtn>
        </div>
      </Panel>
    </div>
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
