/** Fen as yuan with two decimals: 1234 -> "12.34" (with `grouped`, 123456 -> "1,234.56"). */
export function formatYuan(fen: number, options: { grouped?: boolean } = {}): string {
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100);
  const yuan = options.grouped ? whole.toLocaleString('en-US') : String(whole);
  return `${fen < 0 ? '-' : ''}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen as a price: 1250 -> "¥12.50"; negative amounts as "-¥3.00". */
export function formatPrice(fen: number, options: { grouped?: boolean } = {}): string {
  const plain = formatYuan(fen, options);
  return plain.startsWith('-') ? `-¥${plain.slice(1)}` : `¥${plain}`;
}
