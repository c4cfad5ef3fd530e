import { Link } from '@remix-run/react';
import { useLang, useT } from '@cardshop/ui';
import { DataTable, formatTime } from './components';
import { Badge } from './ui';

export interface BatchRow {
  id: string;
  source: 'paste' | 'file' | 'cli';
  filename: string | null;
  status: 'importing' | 'done' | 'failed';
  totalLines: number;
  imported: number;
  duplicatesInFile: number;
  duplicatesInStock: number;
  malformed: number;
  voided: number;
  available: number;
  createdAt: string | Date;
  /** Where the SKU's page is, when the table mixes SKUs. */
  sku?: { label: string; href: string };
}

/** Import batches with their counters, and links to void or export a batch's unsold codes. */
export function BatchTable({
  batches,
  voidHref,
  exportHref,
}: {
  batches: BatchRow[];
  voidHref?: (batch: BatchRow) => string | null;
  exportHref?: (batch: BatchRow) => string | null;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <DataTable
      rows={batches}
      rowKey={(b) => b.id}
      columns={[
        { header: t('console.batches.time'), cell: (b) => formatTime(b.createdAt, lang) },
        ...(batches.some((b) => b.sku)
          ? [
              {
                header: t('console.sku.name'),
                cell: (b: BatchRow) =>
                  b.sku ? (
                    <Link to={b.sku.href} className="text-brand hover:underline">
                      {b.sku.label}
                    </Link>
                  ) : null,
              },
            ]
          : []),
        {
          header: t('console.batches.source'),
          cell: (b) => (
            <span className="break-all">
              {t(`console.batches.source.${b.source}`)}
              {b.filename ? ` · ${b.filename}` : ''}
            </span>
          ),
        },
        {
          header: t('console.batches.status'),
          cell: (b) => (
            <Badge tone={b.status === 'done' ? 'green' : b.status === 'failed' ? 'red' : 'amber'}>
              {t(`console.batches.status.${b.status}`)}
            </Badge>
          ),
        },
        { header: t('console.batches.imported'), cell: (b) => b.imported },
        {
          header: t('console.batches.skipped'),
          cell: (b) =>
            t('console.batches.skippedLine', {
              file: b.duplicatesInFile,
              stock: b.duplicatesInStock,
              malformed: b.malformed,
            }),
        },
        { header: t('console.batches.voided'), cell: (b) => b.voided },
        { header: t('console.batches.available'), cell: (b) => b.available },
        ...(voidHref || exportHref
          ? [
              {
                header: t('console.listings.actions'),
                cell: (b: BatchRow) => {
                  const toVoid = b.available > 0 ? (voidHref?.(b) ?? null) : null;
                  const toExport = b.available > 0 ? (exportHref?.(b) ?? null) : null;
                  return toVoid || toExport ? (
                    <span className="inline-flex flex-wrap justify-end gap-x-3 gap-y-1">
                      {toExport ? (
                        <Link to={toExport} className="text-brand text-sm hover:underline">
                          {t('console.batches.export')}
                        </Link>
                      ) : null}
                      {toVoid ? (
                        <Link to={toVoid} className="text-sm text-red-700 hover:underline">
                          {t('console.batches.void')}
                        </Link>
                      ) : null}
                    </span>
                  ) : (
                    '—'
                  );
                },
              },
            ]
          : []),
      ]}
    />
  );
}
