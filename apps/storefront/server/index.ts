import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import { clientIp, createAppServer, listen, type AppEnv } from '@cardshop/api';
import { normalizeHost, type HostResolution, type Runtime } from '@cardshop/domain';
import { pickLang } from '@cardshop/ui';
import type { PageCacheNote } from '../app/lib/page-cache.server';
import { createPageCache, pageBody, type PageCache } from './page-cache.js';

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../build');

/** Cookies that do not change what a shop's public pages show; any other one skips the cache. */
const NEUTRAL_COOKIES = new Set(['lang', 'cs_orders']);
/** Query parameters a cached page may vary by; any other one skips the cache. */
const CACHEABLE_PARAMS: Record<string, RegExp> = {
  page: /^\d{1,4}$/,
  lang: /^(en|zh-CN)$/,
  _routes: /^[\w$.,/-]{1,200}$/,
};
/** Headers of a rendered page worth keeping; the rest are per response. */
const KEPT_HEADERS = new Set(['content-type', 'cache-control', 'x-remix-response', 'vary']);

/** A Buffer as the Uint8Array a Response takes, without copying. */
const bytes = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);

/** The request's URL when its page may come from or go to the cache, else null. */
function cacheableUrl(c: Context<AppEnv>): URL | null {
  if (c.req.method !== 'GET') return null;
  const cookie = c.req.header('cookie');
  if (cookie) {
    for (const part of cookie.split(';')) {
      const name = part.split('=', 1)[0]!.trim();
      if (name && !NEUTRAL_COOKIES.has(name)) return null;
    }
  }
  const url = new URL(c.req.url);
  for (const [name, value] of url.searchParams) {
    if (!CACHEABLE_PARAMS[name]?.test(value)) return null;
  }
  return url.pathname.length <= 200 ? url : null;
}

/** The storefront: every shop on one server, the shop chosen by the Host header. */
export async function createStorefrontServer(
  runtime: Runtime,
  options: { pageCache?: boolean } = {},
) {
  const cacheBytes = runtime.env.STOREFRONT_PAGE_CACHE_MB * 1024 * 1024;
  const cache: PageCache | null =
    options.pageCache !== false && cacheBytes > 0
      ? createPageCache({ changes: runtime.changes, maxBytes: cacheBytes })
      : null;
  /** What the cache middleware learnt of a request, so the load context does not redo it. */
  const seen = new WeakMap<Request, { host: HostResolution; note?: PageCacheNote }>();

  const app = await createAppServer({
    runtime,
    buildDir,
    async middleware(c, next) {
      const url = cache ? cacheableUrl(c) : null;
      if (!cache || !url) return next();
      const host = await runtime.tenants.resolve(c.req.header('host'));
      if (host.kind !== 'shop' || host.tenant.status !== 'active') {
        seen.set(c.req.raw, { host });
        return next();
      }
      const key = `${normalizeHost(c.req.header('host'))}|${pickLang(c.req.raw)}|${c.req.path}${url.search}`;
      const page = cache.get(key);
      if (page) {
        const { body, encoding } = pageBody(page, c.req.header('accept-encoding'));
        const headers = new Headers(page.headers);
        if (encoding) headers.set('Content-Encoding', encoding);
        headers.set('Vary', 'Accept-Encoding, Accept-Language, Cookie');
        headers.set('X-Cache', 'HIT');
        headers.set('Age', String(Math.floor((Date.now() - page.storedAt) / 1000)));
        c.set('cspNonce', page.nonce);
        return new Response(bytes(body), { status: page.status, headers });
      }

      const startedAt = cache.begin();
      const note: PageCacheNote = { optedIn: false, refused: false, productIds: new Set() };
      seen.set(c.req.raw, { host, note });
      await next();
      const res = c.res;
      if (
        !note.optedIn ||
        note.refused ||
        res.status !== 200 ||
        res.headers.has('set-cookie') ||
        res.headers.has('content-encoding')
      ) {
        c.header('X-Cache', 'BYPASS');
        return;
      }
      const body = Buffer.from(await res.arrayBuffer());
      const headers = [...res.headers].filter(([name]) => KEPT_HEADERS.has(name));
      cache.put(
        key,
        { status: res.status, headers, body, nonce: c.get('cspNonce') },
        { tenantId: host.tenant.id, productIds: note.productIds, startedAt },
      );
      c.res = new Response(bytes(body), { status: res.status, headers: res.headers });
      c.header('Vary', 'Accept-Encoding, Accept-Language, Cookie');
      c.header('X-Cache', 'MISS');
    },
    async getLoadContext(c) {
      const hostHeader = c.req.header('host') ?? '';
      const lang = pickLang(c.req.raw);
      const known = seen.get(c.req.raw);
      return {
        runtime,
        host: known?.host ?? (await runtime.tenants.resolve(hostHeader)),
        hostHeader,
        lang,
        requestId: c.get('requestId'),
        ip: clientIp(c),
        ...(known?.note ? { pageCache: known.note } : {}),
      };
    },
  });
  return Object.assign(app, { pageCache: cache });
}

export async function startStorefront(runtime: Runtime) {
  const app = await createStorefrontServer(runtime);
  return listen(app, runtime.env.STOREFRONT_PORT, runtime.env.HOST);
}
