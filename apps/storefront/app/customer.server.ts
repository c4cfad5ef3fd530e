import { redirect, type AppLoadContext } from '@remix-run/node';
import {
  authenticateCustomer,
  customerContext,
  isDomainError,
  type Customer,
  type CustomerContext,
} from '@cardshop/domain';
import { requireShop } from './lib/shop.server';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The client's address (clientIp of @cardshop/api), for rate limits and the sessions list. */
    ip?: string | null;
  }
}

/**
 * The shop customer's session cookie. Host-only (no Domain attribute), so a session of
 * a.<platform> is never sent to b.<platform>; the session row is also tenant-owned, so a token
 * carried to another shop by hand is not found there either.
 */
export const CUSTOMER_COOKIE = 'cs_customer';
const THIRTY_DAYS_S = 30 * 24 * 60 * 60;

export function readCustomerToken(request: Request): string | null {
  const cookie = request.headers.get('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${CUSTOMER_COOKIE}=([^;]+)`).exec(cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

function secure(context: AppLoadContext) {
  return context.runtime.env.PUBLIC_SCHEME === 'https' ? '; Secure' : '';
}

/** Max-Age only with "remember me"; otherwise a browser-session cookie. */
export function customerCookie(context: AppLoadContext, token: string, remember: boolean): string {
  const maxAge = remember ? `; Max-Age=${THIRTY_DAYS_S}` : '';
  return `${CUSTOMER_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax${maxAge}${secure(context)}`;
}

export function clearCustomerCookie(context: AppLoadContext): string {
  return `${CUSTOMER_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure(context)}`;
}

/** The customer use-cases' context for this request: the shop, the client's address and device. */
export function customerCtx(request: Request, context: AppLoadContext): CustomerContext {
  const tenant = requireShop(context);
  return customerContext(context.runtime, {
    tenant: { id: tenant.id, name: tenant.name },
    // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d; keep one spelling per address.
    ip: context.ip?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') ?? null,
    userAgent: request.headers.get('user-agent'),
  });
}

export interface SignedInCustomer {
  customer: Customer;
  sessionId: string;
  /** Send this Set-Cookie back: a remembered session's cookie follows its sliding expiry. */
  setCookie: string | null;
}

export async function getCustomer(
  request: Request,
  context: AppLoadContext,
): Promise<SignedInCustomer | null> {
  const tenant = requireShop(context);
  const token = readCustomerToken(request);
  if (!token) return null;
  const result = await authenticateCustomer(context.runtime.db, tenant.id, token);
  if (!result) return null;
  return {
    customer: result.customer,
    sessionId: result.session.id,
    setCookie:
      result.session.refreshed && result.session.remember
        ? customerCookie(context, token, true)
        : null,
  };
}

/** The signed-in customer, or a redirect to /login that comes back here afterwards. */
export async function requireCustomer(
  request: Request,
  context: AppLoadContext,
): Promise<SignedInCustomer> {
  const signedIn = await getCustomer(request, context);
  if (!signedIn) {
    const url = new URL(request.url);
    const headers: HeadersInit = readCustomerToken(request)
      ? { 'Set-Cookie': clearCustomerCookie(context) }
      : {};
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`, {
      headers,
    });
  }
  return signedIn;
}

/** Only a path on this site: never a protocol-relative or absolute URL (open redirect). */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = '/account',
) {
  if (
    typeof to !== 'string' ||
    !to.startsWith('/') ||
    to.startsWith('//') ||
    to.startsWith('/\\')
  ) {
    return fallback;
  }
  return to;
}

export interface FormFailure {
  formError?: string;
  fieldErrors?: Record<string, string>;
}

/**
 * A domain error as a form's answer: its safe message and field errors, with its status. Any
 * other error is rethrown (it is a bug, answered by the error page with a request id).
 */
export function formFailure(error: unknown): { body: FormFailure; status: number } {
  if (!isDomainError(error)) throw error;
  const fieldErrors = (error.details?.fieldErrors ?? undefined) as
    Record<string, string> | undefined;
  return {
    body:
      fieldErrors && error.status === 422
        ? { fieldErrors }
        : { formError: error.userMessage, ...(fieldErrors ? { fieldErrors } : {}) },
    status: error.status,
  };
}

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
