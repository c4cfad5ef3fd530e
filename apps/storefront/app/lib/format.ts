/** Fen as a price for buyers: 1250 -> "¥12.50". */
export function formatPrice(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${fen < 0 ? '-' : ''}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Where a product image (a storage key such as products/<uuid>.png) is served from. */
export function productImageUrl(key: string): string {
  return `/media/${key}`;
}
