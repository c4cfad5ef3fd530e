import { formatPrice as format } from '@cardshop/ui';

/** Fen as a price for buyers, thousands grouped: 123456 -> "¥1,234.56". */
export function formatPrice(fen: number): string {
  return format(fen, { grouped: true });
}

/** Where a product image (a storage key such as products/<uuid>.png) is served from. */
export function productImageUrl(key: string): string {
  return `/media/${key}`;
}
