import type { AppLoadContext } from '@remix-run/node';

/**
 * What a render tells the storefront's page cache (apps/storefront/server/page-cache.ts). A page is
 * kept only when a loader of the request opted in with `cachePage` and none called `noPageCache`;
 * it is dropped when its shop or one of the products it names changes (docs/decisions/004).
 */
export interface PageCacheNote {
  optedIn: boolean;
  refused: boolean;
  productIds: Set<string>;
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Absent when the request cannot be cached at all (a signed-in or carted visitor, a POST). */
    pageCache?: PageCacheNote;
  }
}

/**
 * This page is the same for every anonymous visitor of the shop and shows these products: it may
 * be kept until the shop or one of them changes.
 */
export function cachePage(context: AppLoadContext, productIds: Iterable<string>) {
  const note = context.pageCache;
  if (!note) return;
  note.optedIn = true;
  for (const id of productIds) note.productIds.add(id);
}

/** This render must not be kept (it shows something of this visitor's, or of this moment). */
export function noPageCache(context: AppLoadContext) {
  if (context.pageCache) context.pageCache.refused = true;
}
