import { redirect, type AppLoadContext } from '@remix-run/node';
import {
  availableOAuthProviders,
  isBrowserSecret,
  oauthDeps,
  type OAuthDeps,
  type OAuthProviderId,
} from '@cardshop/domain';

/**
 * The browser's half of a WeChat / QQ sign-in: a random secret the `state` is signed with, so a
 * state (or a pending identity) is only accepted back in the browser that started it. Host-only,
 * HttpOnly and SameSite=Lax: the provider's redirect back is a top-level GET, which Lax allows.
 */
export const OAUTH_COOKIE = 'cs_oauth';
const OAUTH_COOKIE_MAX_AGE_S = 30 * 60;

export function readOAuthSecret(request: Request): string | null {
  const cookie = request.headers.get('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${OAUTH_COOKIE}=([^;]+)`).exec(cookie);
  const value = match?.[1] ? decodeURIComponent(match[1]) : null;
  return isBrowserSecret(value) ? value : null;
}

function secure(context: AppLoadContext) {
  return context.runtime.env.PUBLIC_SCHEME === 'https' ? '; Secure' : '';
}

export function oauthCookie(context: AppLoadContext, secret: string): string {
  return `${OAUTH_COOKIE}=${secret}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=${OAUTH_COOKIE_MAX_AGE_S}${secure(context)}`;
}

export function clearOAuthCookie(context: AppLoadContext): string {
  return `${OAUTH_COOKIE}=; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=0${secure(context)}`;
}

export function oauthOf(context: AppLoadContext): OAuthDeps {
  return oauthDeps(context.runtime.env);
}

/** The providers whose buttons this deployment shows (none when not configured). */
export function oauthButtons(context: AppLoadContext): OAuthProviderId[] {
  return availableOAuthProviders(oauthOf(context));
}

/** This request's public origin, e.g. https://demo.example.com (the shop's host as asked for). */
export function requestOrigin(context: AppLoadContext): string {
  return `${context.runtime.env.PUBLIC_SCHEME}://${context.hostHeader.trim().toLowerCase()}`;
}

/**
 * Why starting or finishing a sign-in did not work, as a short code for the page it returns to
 * (never the message itself: a URL must not carry text someone else wrote).
 */
export type OAuthNotice =
  'unavailable' | 'rate' | 'already' | 'taken' | 'failed' | 'linked' | 'unlinked';

export function backWithNotice(path: string, notice: OAuthNotice, headers?: HeadersInit) {
  const url = new URL(path, 'http://x');
  url.searchParams.set('oauth', notice);
  return redirect(`${url.pathname}${url.search}`, headers ? { headers } : undefined);
}
