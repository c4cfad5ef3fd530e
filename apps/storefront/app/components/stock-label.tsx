import type { StockView } from '@cardshop/domain';
import { cx, useT } from '@cardshop/ui';

/** The shop's chosen wording for a stock level (see stockView in the domain). */
export function useStockText() {
  const t = useT();
  return (stock: StockView): string => {
    if (stock.level === 'out') return t('stock.out');
    switch (stock.mode) {
      case 'exact':
        return t('stock.exact', { count: stock.count ?? 0 });
      case 'range':
        return stock.level === 'few'
          ? t('stock.range.few', { count: stock.count ?? 0 })
          : t(stock.level === 'plenty' ? 'stock.range.plenty' : 'stock.range.some');
      case 'status':
        return t(stock.level === 'few' ? 'stock.status.few' : 'stock.status.plenty');
    }
  };
}

export function stockTone(stock: StockView): string {
  return stock.level === 'out'
    ? 'text-slate-400'
    : stock.level === 'few'
      ? 'text-amber-600'
      : 'text-emerald-600';
}

export function StockLabel({ stock, className }: { stock: StockView; className?: string }) {
  const text = useStockText();
  return (
    <span className={cx('text-xs font-medium', stockTone(stock), className)}>{text(stock)}</span>
  );
}
