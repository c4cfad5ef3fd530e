import { gunzipSync, gzipSync } from 'node:zlib';
import type { ChangeFeed } from '@cardshop/domain';

/**
 * Rendered storefront pages for anonymous visitors, kept until what they show changes
 * (docs/decisions/004). The database's change feed names what changed after each commit: a shop
 * (`tenant:<id>`, `t:<id>`), a product (`p:<id>`) or anything (`*`); the pages of that shop or
 * showing that product are dropped at once. A render that overlapped a change it depends on is not
 * kept, so a page stored after an invalidation never predates it. While the feed is not live
 * nothing is served from or put into the cache.
 *
 * Bodies are kept gzipped (a 24 KiB category page is about 4 KiB), sent as they are to clients that
 * accept gzip (every browser) and unzipped for the rest. Least recently used pages go first once
 * the cache holds `maxBytes`.
 */
export interface CachedPage {
  status: number;
  headers: Array<[string, string]>;
  /** The CSP nonce the page was rendered with: its responses carry that one in their policy. */
  nonce: string;
  gzipped: Buffer;
  storedAt: number;
}

interface Entry extends CachedPage {
  key: string;
  tenantId: string;
  productIds: string[];
  bytes: number;
}

export interface PageCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  stored: number;
  skippedStale: number;
  evicted: number;
}

export interface PageCache {
  /** A fresh copy of the page, or undefined. */
  get(key: string): CachedPage | undefined;
  /** The change sequence a render starts at; pass it to put. */
  begin(): number;
  put(
    key: string,
    page: { status: number; headers: Array<[string, string]>; body: Buffer; nonce: string },
    deps: { tenantId: string; productIds: Iterable<string>; startedAt: number },
  ): boolean;
  readonly stats: PageCacheStats;
  readonly live: boolean;
  clear(): void;
}

const ENTRY_OVERHEAD_BYTES = 512;
const MAX_TRACKED_TAGS = 200_000;

export function createPageCache(options: {
  changes: Pick<ChangeFeed, 'live' | 'subscribe'>;
  maxBytes: number;
  /** A safety net: no page is served older than this even if no change was heard. */
  maxAgeMs?: number;
}): PageCache {
  const maxAge = options.maxAgeMs ?? 10 * 60_000;
  const entries = new Map<string, Entry>();
  const byTag = new Map<string, Set<string>>();
  /** Sequence of the last change of each tag, and of the last change of everything. */
  const changedAt = new Map<string, number>();
  let everythingChangedAt = 0;
  let seq = 0;
  let bytes = 0;
  const stats: PageCacheStats = {
    entries: 0,
    bytes: 0,
    hits: 0,
    misses: 0,
    stored: 0,
    skippedStale: 0,
    evicted: 0,
  };

  const tagsOf = (entry: Pick<Entry, 'tenantId' | 'productIds'>) => [
    `t:${entry.tenantId}`,
    ...entry.productIds.map((id) => `p:${id}`),
  ];

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
    for (const tag of tagsOf(entry)) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  }

  function clear() {
    entries.clear();
    byTag.clear();
    changedAt.clear();
    bytes = 0;
    everythingChangedAt = ++seq;
  }

  options.changes.subscribe((topic) => {
    if (topic === '*') {
      clear();
      return;
    }
    // tenant:<id> (the shop itself) and t:<id> (what it sells) both stale the shop's pages.
    const tag = topic.startsWith('tenant:') ? `t:${topic.slice(7)}` : topic;
    seq += 1;
    if (changedAt.size >= MAX_TRACKED_TAGS) {
      // Forgetting which tags changed when: treat every render in flight as overlapping a change.
      changedAt.clear();
      everythingChangedAt = seq;
    }
    changedAt.set(tag, seq);
    const keys = byTag.get(tag);
    if (keys) for (const key of [...keys]) remove(key);
  });

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry || !options.changes.live) {
        stats.misses += 1;
        return undefined;
      }
      if (Date.now() - entry.storedAt > maxAge) {
        remove(key);
        stats.misses += 1;
        return undefined;
      }
      // Most recently used last.
      entries.delete(key);
      entries.set(key, entry);
      stats.hits += 1;
      return entry;
    },

    begin: () => seq,

    put(key, page, deps) {
      if (!options.changes.live) return false;
      const productIds = [...new Set(deps.productIds)];
      const tags = tagsOf({ tenantId: deps.tenantId, productIds });
      if (
        everythingChangedAt > deps.startedAt ||
        tags.some((tag) => (changedAt.get(tag) ?? 0) > deps.startedAt)
      ) {
        stats.skippedStale += 1;
        return false;
      }
      const gzipped = gzipSync(page.body, { level: 6 });
      const entry: Entry = {
        key,
        status: page.status,
        headers: page.headers,
        nonce: page.nonce,
        gzipped,
        storedAt: Date.now(),
        tenantId: deps.tenantId,
        productIds,
        bytes: gzipped.length + ENTRY_OVERHEAD_BYTES + key.length * 2,
      };
      if (entry.bytes > options.maxBytes / 4) return false;
      remove(key);
      entries.set(key, entry);
      bytes += entry.bytes;
      for (const tag of tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
      while (bytes > options.maxBytes) {
        const oldest = entries.keys().next().value as string;
        remove(oldest);
        stats.evicted += 1;
      }
      stats.stored += 1;
      return true;
    },

    get stats() {
      return { ...stats, entries: entries.size, bytes };
    },
    get live() {
      return options.changes.live;
    },
    clear,
  };
}

/** The page's body for a client: gzipped as kept when it takes gzip, else unzipped. */
export function pageBody(page: CachedPage, acceptEncoding: string | undefined) {
  return /\bgzip\b/.test(acceptEncoding ?? '')
    ? { body: page.gzipped, encoding: 'gzip' as const }
    : { body: gunzipSync(page.gzipped), encoding: null };
}
