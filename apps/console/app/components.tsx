import type { ReactNode } from 'react';
import { useT } from '@cardshop/ui';

export function PageHeader({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <div className="mb-4">
      <h1 className="text-xl font-semibold">{title}</h1>
      {subtitle ? <p className="text-sm text-slate-500">{subtitle}</p> : null}
    </div>
  );
}

/** A table on wide screens that turns into stacked cards on a phone. */
export function DataTable<Row>({
  rows,
  rowKey,
  columns,
}: {
  rows: Row[];
  rowKey: (row: Row) => string;
  columns: Array<{ header: string; cell: (row: Row) => ReactNode }>;
}) {
  const t = useT();
  if (rows.length === 0) {
    return (
      <p className="rounded-xl bg-white p-8 text-center text-slate-500 ring-1 ring-slate-200">
        {t('console.empty')}
      </p>
    );
  }
  return (
    <div className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table className="w-full text-left text-sm">
        <thead className="hidden bg-slate-50 text-xs text-slate-500 uppercase md:table-header-group">
          <tr>
            {columns.map((c) => (
              <th key={c.header} className="px-4 py-3 font-medium">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="block px-4 py-3 md:table-row md:p-0">
              {columns.map((c) => (
                <td
                  key={c.header}
                  className="flex justify-between gap-4 py-1 md:table-cell md:px-4 md:py-3"
                >
                  <span className="text-slate-500 md:hidden">{c.header}</span>
                  <span className="text-right md:text-left">{c.cell(row)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function formatTime(value: string | Date, lang: string) {
  return new Date(value).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}
