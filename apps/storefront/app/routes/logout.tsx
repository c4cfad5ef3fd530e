import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOutCustomer } from '@cardshop/domain';
import { clearCustomerCookie, customerCtx, readCustomerToken } from '../customer.server';

// Signing out changes state, so only a POST does it (a GET could be triggered by any page).
export function loader() {
  return redirect('/account');
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = readCustomerToken(request);
  if (token) await signOutCustomer(customerCtx(request, context), token);
  return redirect('/', { headers: { 'Set-Cookie': clearCustomerCookie(context) } });
}
