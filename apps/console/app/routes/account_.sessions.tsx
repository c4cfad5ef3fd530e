import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { isDomainError, revokeOtherStaffSessions, revokeStaffSession } from '@cardshop/domain';
import { clearSessionCookie, requireStaff } from '../auth.server';
import { staffCtx } from '../security.server';

/**
 * The account page's 登录设备 forms: sign one of my console sessions out, or all but this one.
 * Signing this very session out is signing out. Answers by going back to the account page.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireStaff(request, context, { allowWithoutTwoFactor: true });
  const auth = { userId: user.id, sessionId };
  const form = await request.formData();
  if (form.get('intent') === 'revoke-others') {
    const n = await revokeOtherStaffSessions(staffCtx(context), auth);
    return redirect(`/account?sessions=others-${n}`);
  }
  const target = form.get('sessionId');
  try {
    await revokeStaffSession(staffCtx(context), auth, typeof target === 'string' ? target : '');
  } catch (error) {
    if (isDomainError(error) && error.status === 404) return redirect('/account?sessions=missing');
    throw error;
  }
  if (target === sessionId) {
    return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie(context) } });
  }
  return redirect('/account?sessions=revoked');
}

export function loader() {
  return redirect('/account');
}
