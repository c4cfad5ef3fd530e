import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './types.js';

/**
 * The Content-Security-Policy of every HTML page: scripts only with this response's nonce (and what
 * they load, through 'strict-dynamic'), no plugins, no <base> tricks, forms only to this site, and
 * no framing. Inline style attributes stay allowed (shop branding sets CSS variables that way);
 * images may come from this site or any HTTPS host (product images on a CDN, WeChat avatars).
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'self'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * A fresh nonce per request (c.get('cspNonce'), handed to the Remix entry through the load context)
 * and the policy on HTML responses. Not Hono's secureHeaders CSP: a page served from the storefront's
 * page cache carries the nonce it was rendered with, so the handler must be able to replace it.
 */
export function cspNonce(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('cspNonce', randomBytes(16).toString('base64'));
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.res.headers.set('Content-Security-Policy', contentSecurityPolicy(c.get('cspNonce')));
    }
  };
}
