/**
 * A card code as the order page shows it before 显示卡密: enough to tell codes apart and match
 * a screenshot (first and last two characters), never enough to use. Short codes show less.
 */
export function maskCode(code: string): string {
  const chars = [...code];
  const n = chars.length;
  if (n <= 4) return '*'.repeat(Math.max(n, 4));
  const keep = n >= 8 ? 2 : 1;
  const hidden = Math.min(n - keep * 2, 8);
  return `${chars.slice(0, keep).join('')}${'*'.repeat(hidden)}${chars.slice(n - keep).join('')}`;
}

/** A card password is short and all secret: nothing of it is shown. */
export function maskPassword(): string {
  return '******';
}
