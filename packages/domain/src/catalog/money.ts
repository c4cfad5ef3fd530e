/** Fen as yuan with two decimals, for messages: 1234 -> "12.34". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The largest price the catalog accepts: 1,000,000 yuan. */
export const MAX_PRICE_FEN = 100_000_000;
