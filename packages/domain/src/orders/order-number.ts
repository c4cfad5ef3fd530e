import { randomInt } from 'node:crypto';

const beijingDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: '2-digit',
  month: '2-digit',
  day: '2-digit',
});

/**
 * A human-friendly order number: the Beijing date (YYMMDD) and ten random digits, e.g.
 * 2611254830291746. Unique per shop (the key retries on the rare collision); not guessable, but the
 * lookup password, not the number, is what protects an order.
 */
export function newOrderNumber(now = new Date()): string {
  const date = beijingDate.format(now).replace(/-/g, '');
  const random =
    String(randomInt(0, 100_000)).padStart(5, '0') + String(randomInt(0, 100_000)).padStart(5, '0');
  return `${date}${random}`;
}
