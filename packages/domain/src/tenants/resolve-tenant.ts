import type { Database } from '@cardshop/db';
import type { ChangeFeed } from '../changes/change-feed.js';
import { findTenantBySlug, findTenantByVerifiedHost, type Tenant } from './tenants.queries.js';

export type HostResolution =
  | { kind: 'shop'; tenant: Tenant }
  /** The bare platform domain (or www.): the platform's own landing page. */
  | { kind: 'platform' }
  | { kind: 'unknown'; hostname: string };

export interface TenantResolver {
  resolve(host: string | null | undefined): Promise<HostResolution>;
  /** Drop cached answers, e.g. after a shop is renamed, suspended or verifies a domain. */
  invalidate(): void;
}

/** Host without port, lower-cased, trailing dot removed; null when it is not a host name. */
export function normalizeHost(host: string | null | undefined): string | null {
  if (!host) return null;
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) return null; // IPv6 literal: never a shop
  h = h.replace(/:\d+$/, '').replace(/\.$/, '');
  return /^[a-z0-9.-]{1,253}$/.test(h) ? h : null;
}

/**
 * Resolves the Host header to a shop: `<slug>.<platformDomain>`, or a verified custom domain.
 * Answers (including "unknown") are cached so every page view does not query for them: for
 * `liveTtlMs` while the change feed is live (it drops them all when any shop or domain changes),
 * for `ttlMs` otherwise.
 */
export function createTenantResolver(options: {
  db: Database;
  platformDomain: string;
  changes?: Pick<ChangeFeed, 'live' | 'subscribe'>;
  ttlMs?: number;
  liveTtlMs?: number;
  maxEntries?: number;
}): TenantResolver {
  const shortTtl = options.ttlMs ?? 10_000;
  const liveTtl = options.liveTtlMs ?? 5 * 60_000;
  const max = options.maxEntries ?? 10_000;
  const suffix = `.${options.platformDomain}`;
  const cache = new Map<string, { at: number; value: Promise<HostResolution> }>();
  options.changes?.subscribe((topic) => {
    if (topic === '*' || topic.startsWith('tenant:')) cache.clear();
  });

  async function lookup(hostname: string): Promise<HostResolution> {
    if (hostname === options.platformDomain || hostname === `www${suffix}`)
      return { kind: 'platform' };
    let tenant: Tenant | undefined;
    if (hostname.endsWith(suffix)) {
      const slug = hostname.slice(0, -suffix.length);
      if (!slug.includes('.')) tenant = await findTenantBySlug(options.db, slug);
    } else {
      tenant = await findTenantByVerifiedHost(options.db, hostname);
    }
    return tenant ? { kind: 'shop', tenant } : { kind: 'unknown', hostname };
  }

  return {
    async resolve(host) {
      const hostname = normalizeHost(host);
      if (!hostname) return { kind: 'unknown', hostname: String(host ?? '') };
      const now = Date.now();
      const hit = cache.get(hostname);
      const ttl = options.changes?.live ? liveTtl : shortTtl;
      if (hit && now - hit.at < ttl) return hit.value;
      const value = lookup(hostname);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(hostname, { at: now, value });
      value.catch(() => cache.delete(hostname));
      return value;
    },
    invalidate() {
      cache.clear();
    },
  };
}
