import { Link } from '@remix-run/react';
import type { PageInfo } from '@cardshop/domain';
import { useT } from '@cardshop/ui';

/** Previous / next links that keep the other query parameters (e.g. q). */
export function Pager({ info, params }: { info: PageInfo; params?: Record<string, string> }) {
  const t = useT();
  if (info.pageCount <= 1) return null;
  const href = (page: number) => {
    const search = new URLSearchParams(params);
    if (page > 1) search.set('page', String(page));
    const query = search.toString();
    return query ? `?${query}` : '?';
  };
  const linkClass =
    'rounded-lg bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-200 hover:text-brand';
  return (
    <nav className="mt-6 flex items-center justify-center gap-3" aria-label="pagination">
      {info.page > 1 ? (
        <Link to={href(info.page - 1)} className={linkClass} rel="prev">
          {t('shop.pager.prev')}
        </Link>
      ) : null}
      <span className="text-sm text-slate-500">
        {t('shop.pager.page', { page: info.page, pages: info.pageCount })}
      </span>
      {info.page < info.pageCount ? (
        <Link to={href(info.page + 1)} className={linkClass} rel="next">
          {t('shop.pager.next')}
        </Link>
      ) : null}
    </nav>
  );
}
