import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOutStaff } from '@cardshop/domain';
import { clearSessionCookie, getStaff } from '../auth.server';
import { staffCtx } from '../security.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await getStaff(request, context);
  // Recorded: the person sees it in 我的安全记录, operators in the audit log.
  if (staff)
    await signOutStaff(staffCtx(context), { userId: staff.user.id, sessionId: staff.sessionId });
  return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie(context) } });
}

export function loader() {
  return redirect('/');
}
