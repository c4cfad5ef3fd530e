import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { getStaff } from '../auth.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await getStaff(request, context);
  return redirect(staff ? '/platform/tenants' : '/login');
}
