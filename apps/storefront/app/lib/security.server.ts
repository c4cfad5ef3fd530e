import { redirect, type AppLoadContext } from '@remix-run/node';
import {
  confirmCustomerIdentity,
  isDomainError,
  isSensitiveAction,
  PENDING_SIGN_IN_TTL_MS,
  type CustomerAuth,
  type CustomerContext,
  type SensitiveAction,
} from '@cardshop/domain';

/** "First factor right, second step due": a short-lived cookie only the sign-in pages read. */
export const PENDING_COOKIE = 'cs_customer_2fa';

function secure(context: AppLoadContext) {
  return context.runtime.env.PUBLIC_SCHEME === 'https' ? '; Secure' : '';
}

export function pendingCookie(context: AppLoadContext, token: string): string {
  return `${PENDING_COOKIE}=${encodeURIComponent(token)}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=${PENDING_SIGN_IN_TTL_MS / 1000}${secure(context)}`;
}

export function clearPendingCookie(context: AppLoadContext): string {
  return `${PENDING_COOKIE}=; Path=/login; HttpOnly; SameSite=Lax; Max-Age=0${secure(context)}`;
}

export function readPendingToken(request: Request): string | null {
  const cookie = request.headers.get('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${PENDING_COOKIE}=([^;]+)`).exec(cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export interface SecurityFormResult {
  formError?: string;
  fieldErrors?: Record<string, string>;
  /** Refused for want of a recent confirmation (or its check failed): show the confirmation. */
  confirm?: SensitiveAction;
}

/**
 * A domain error as a security form's answer. The inline identity check's errors name the
 * `verify*` fields; CONFIRMATION_REQUIRED asks the page to show the confirmation.
 */
export function securityFailure(
  error: unknown,
  options: { confirming?: SensitiveAction | undefined } = {},
): { body: SecurityFormResult; status: number } {
  if (!isDomainError(error)) throw error;
  if (error.code === 'CONFIRMATION_REQUIRED') {
    const action = error.details?.action;
    return {
      body: {
        formError: error.userMessage,
        ...(isSensitiveAction(action) ? { confirm: action } : {}),
      },
      status: 403,
    };
  }
  const raw = (error.details?.fieldErrors ?? undefined) as Record<string, string> | undefined;
  const confirmStep =
    options.confirming && (error.code === 'CONFIRMATION_FAILED' || error.code === 'LOCKED_OUT');
  const fieldErrors =
    raw && confirmStep
      ? Object.fromEntries(
          Object.entries(raw).map(([k, v]) => [
            k === 'password' ? 'verifyPassword' : k === 'code' ? 'verifyCode' : k,
            v,
          ]),
        )
      : raw;
  return {
    body: {
      formError: error.userMessage,
      ...(fieldErrors ? { fieldErrors } : {}),
      ...(confirmStep ? { confirm: options.confirming } : {}),
    },
    status: error.status,
  };
}

/**
 * The inline second confirmation of a sensitive form: when the form carries `verifyMethod`
 * (with `verifyPassword` or `verifyCode`), the customer's identity is checked and recorded on
 * the session first. Returns whether it did.
 */
export async function confirmFromForm(
  ctx: CustomerContext,
  auth: CustomerAuth,
  form: FormData,
): Promise<boolean> {
  const method = form.get('verifyMethod');
  if (method !== 'password' && method !== 'totp' && method !== 'code') return false;
  await confirmCustomerIdentity(
    ctx,
    auth,
    method === 'password'
      ? { method, password: String(form.get('verifyPassword') ?? '') }
      : { method, code: String(form.get('verifyCode') ?? '') },
  );
  return true;
}

export function confirmationUrl(action: SensitiveAction, returnTo: string): string {
  return `/account/confirm?action=${action}&redirectTo=${encodeURIComponent(returnTo)}`;
}

/**
 * For other storefront actions that call requireCustomerRecentConfirmation: turns the refusal
 * into a redirect to the confirmation page, which comes back to `returnTo`.
 */
export function redirectToConfirmation(error: unknown, returnTo: string): never {
  if (isDomainError(error) && error.code === 'CONFIRMATION_REQUIRED') {
    const action = error.details?.action;
    if (isSensitiveAction(action)) throw redirect(confirmationUrl(action, returnTo));
  }
  throw error;
}
