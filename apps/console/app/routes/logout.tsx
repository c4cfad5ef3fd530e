import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { invalidateStaffSession } from '@cardshop/domain';
import { clearSessionCookie, getStaff } from '../auth.server';

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await getStaff(request, context);
  if (staff) await invalidateStaffSession(context.runtime.db, staff.sessionId);
  return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie(context) } });
}

export function loader() {
  return redirect('/');
}
