import { Link } from '@remix-run/react';
import type { ProductCard as Card } from '@cardshop/domain';
import { cx, useT } from '@cardshop/ui';
import { formatPrice, productImageUrl } from '../lib/format';
import { StockLabel } from './stock-label';

export function ProductGrid({ products }: { products: Card[] }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-5">
      {products.map((product) => (
        <li key={product.productId}>
          <ProductCard product={product} />
        </li>
      ))}
    </ul>
  );
}

export function ProductIcon({
  icon,
  name,
  imagePath,
  className = 'aspect-[4/3] w-full text-4xl',
}: {
  icon: string;
  name: string;
  imagePath: string | null;
  /** Size classes: the default is a card's 4:3 tile. */
  className?: string;
}) {
  if (imagePath) {
    return (
      <img
        src={productImageUrl(imagePath)}
        alt=""
        loading="lazy"
        className={cx('bg-brand/5 rounded-lg object-cover', className)}
      />
    );
  }
  return (
    <span
      aria-hidden
      className={cx(
        'bg-brand/10 text-brand flex items-center justify-center rounded-lg font-bold',
        className,
      )}
    >
      {icon || name.slice(0, 1)}
    </span>
  );
}

export function ProductCard({ product }: { product: Card }) {
  const t = useT();
  const soldOut = product.stock.level === 'out';
  return (
    <Link
      to={`/p/${product.productId}`}
      prefetch="intent"
      className={cx(
        'group flex h-full flex-col rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200 transition hover:shadow-md hover:ring-slate-300',
        soldOut && 'opacity-70',
      )}
    >
      <ProductIcon icon={product.icon} name={product.name} imagePath={product.imagePath} />
      <h3 className="group-hover:text-brand mt-3 line-clamp-2 min-h-[2.5rem] text-sm leading-5 font-medium text-slate-900">
        {product.name}
      </h3>
      <div className="mt-auto pt-2">
        <p className="text-brand text-base font-semibold">
          {formatPrice(product.minPriceFen)}
          {product.skuCount > 1 ? (
            <span className="ml-1 text-xs font-normal text-slate-500">{t('shop.card.from')}</span>
          ) : null}
        </p>
        <div className="mt-1 flex items-center justify-between gap-2">
          <StockLabel stock={product.stock} />
          {product.skuCount > 1 ? (
            <span className="text-xs text-slate-400">
              {t('shop.card.skus', { count: product.skuCount })}
            </span>
          ) : null}
        </div>
      </div>
    </Link>
  );
}
