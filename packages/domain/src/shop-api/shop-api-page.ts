import { DomainError } from '../errors.js';
import { ShopApiErrors } from './shop-api.errors.js';

/** One page of a list: its items, whether more follow, and the cursor that fetches them. */
export interface ApiPage<T> {
  items: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

// Cursors are opaque to callers (base64url of what the next page starts after), so the way a list
// pages can change without breaking them.
export function encodeCursor(parts: string[]): string {
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, pattern: RegExp): string[] {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = pattern.exec(text);
  if (!match) {
    throw new DomainError(ShopApiErrors.INVALID_REQUEST, {
      message: `bad cursor ${cursor}`,
      userMessage: 'cursor 无效：请原样使用上一页返回的 next_cursor。',
      status: 422,
      details: { fieldErrors: { cursor: 'cursor 无效' } },
    });
  }
  return match.slice(1);
}

/** Rows fetched with one extra to learn whether another page follows. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  cursorAfter: (row: R) => string,
): ApiPage<T> {
  const hasMore = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    hasMore,
    nextCursor: hasMore && last !== undefined ? cursorAfter(last) : null,
  };
}
