import { redirect, type AppLoadContext } from '@remix-run/node';
import {
  confirmStaffIdentity,
  isDomainError,
  isSensitiveAction,
  PENDING_SIGN_IN_TTL_MS,
  staffAuthContext,
  type SensitiveAction,
  type StaffAuth,
  type StaffAuthContext,
} from '@cardshop/domain';

/** The sign-in and account-security use-cases' context for this console request. */
export function staffCtx(context: AppLoadContext): StaffAuthContext {
  // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d; keep one spelling per address.
  const ip = context.ip?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') ?? null;
  return staffAuthContext(context.runtime, { ip, userAgent: context.userAgent });
}

/** "Password right, second step due": a short-lived cookie only the second-step page reads. */
export const PENDING_COOKIE = 'cs_staff_2fa';

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
  /** The operation was refused for want of a recent confirmation: show the confirmation form. */
  confirm?: SensitiveAction;
}

/**
 * A domain error as the security forms' answer. Errors of the inline identity check name the
 * `confirm*` fields; CONFIRMATION_REQUIRED asks the page to show the confirmation form.
 */
export function securityFailure(
  error: unknown,
  options: { confirming?: boolean } = {},
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
  const fieldErrors =
    raw && options.confirming
      ? Object.fromEntries(
          Object.entries(raw).map(([k, v]) => [
            k === 'password' ? 'verifyPassword' : k === 'code' ? 'verifyCode' : k,
            v,
          ]),
        )
      : raw;
  return {
    body: { formError: error.userMessage, ...(fieldErrors ? { fieldErrors } : {}) },
    status: error.status,
  };
}

/**
 * The inline second confirmation of a sensitive form: when the form carries `verifyMethod`
 * (with `verifyPassword` or `verifyCode`), the person's identity is checked and recorded on the
 * session first. Returns whether it did.
 */
export async function confirmFromForm(
  ctx: StaffAuthContext,
  auth: StaffAuth,
  form: FormData,
): Promise<boolean> {
  const method = form.get('verifyMethod');
  if (method !== 'password' && method !== 'totp') return false;
  await confirmStaffIdentity(
    ctx,
    auth,
    method === 'password'
      ? { method, password: String(form.get('verifyPassword') ?? '') }
      : { method, code: String(form.get('verifyCode') ?? '') },
  );
  return true;
}

/** The confirmation page for an operation elsewhere, coming back to `returnTo` afterwards. */
export function confirmationUrl(action: SensitiveAction, returnTo: string): string {
  return `/account/confirm?action=${action}&redirectTo=${encodeURIComponent(returnTo)}`;
}

/**
 * For other console actions that call requireStaffRecentConfirmation: turns its refusal into a
 * redirect to the confirmation page, which comes back to `returnTo`. Anything else is rethrown.
 */
export function redirectToConfirmation(error: unknown, returnTo: string): never {
  if (isDomainError(error) && error.code === 'CONFIRMATION_REQUIRED') {
    const action = error.details?.action;
    if (isSensitiveAction(action)) throw redirect(confirmationUrl(action, returnTo));
  }
  throw error;
}
