import { redirect, type AppLoadContext } from '@remix-run/node';
import { staffTwoFactorRequired, validateStaffSession, type StaffIdentity } from '@cardshop/domain';

export const SESSION_COOKIE = 'cs_staff';

export function readSessionToken(request: Request): string | null {
  const cookie = request.headers.get('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

function secure(context: AppLoadContext) {
  return context.runtime.env.PUBLIC_SCHEME === 'https' ? '; Secure' : '';
}

export function sessionCookie(context: AppLoadContext, token: string, expiresAt: Date): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure(context)}`;
}

export function clearSessionCookie(context: AppLoadContext): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure(context)}`;
}

export async function getStaff(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: StaffIdentity; sessionId: string } | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const result = await validateStaffSession(context.runtime.db, token);
  return result ? { user: result.user, sessionId: result.session.id } : null;
}

/** Where staff who must use two-step verification and have not set it up are sent. */
export const TWO_FACTOR_SETUP_PATH = '/account/two-factor';

/**
 * The signed-in staff member, or a redirect to the sign-in page that comes back here. Platform
 * staff and owners / finance staff without two-step verification are sent to set it up, on every
 * page and action but that one (`allowWithoutTwoFactor`).
 */
export async function requireStaff(
  request: Request,
  context: AppLoadContext,
  options: { allowWithoutTwoFactor?: boolean } = {},
) {
  const staff = await getStaff(request, context);
  if (!staff) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (
    !options.allowWithoutTwoFactor &&
    !staff.user.twoFactorEnabled &&
    context.runtime.env.STAFF_2FA_REQUIRED &&
    (await staffTwoFactorRequired(context.runtime.db, staff.user))
  ) {
    const url = new URL(request.url);
    const back = request.method === 'GET' ? url.pathname + url.search : '/';
    throw redirect(`${TWO_FACTOR_SETUP_PATH}?required=1&redirectTo=${encodeURIComponent(back)}`);
  }
  return staff;
}

/** Only a path on this site: never a protocol-relative or absolute URL (open redirect). */
export function safeRedirect(to: FormDataEntryValue | string | null, fallback = '/') {
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
