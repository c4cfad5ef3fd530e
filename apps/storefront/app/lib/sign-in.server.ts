import { redirect, type AppLoadContext } from '@remix-run/node';
import { customerCookie } from '../customer.server';
import { adoptGuestCart } from './cart.server';
import { pendingCookie } from './security.server';

/**
 * A session was opened (sign-in, registration, a social identity, the second step): its cookie,
 * and what they put in the cart as a guest moves into the account's cart.
 */
export async function appendSessionCookies(
  headers: Headers,
  request: Request,
  context: AppLoadContext,
  session: { token: string; remember: boolean; customerId: string },
): Promise<void> {
  headers.append('Set-Cookie', customerCookie(context, session.token, session.remember));
  const dropGuestCart = await adoptGuestCart(request, context, session.customerId);
  if (dropGuestCart) headers.append('Set-Cookie', dropGuestCart);
}

/** First factor right, two-step verification on: no session until the second step says so. */
export function redirectToTwoFactor(
  context: AppLoadContext,
  pendingToken: string,
  redirectTo: string,
  headers: Headers = new Headers(),
): Response {
  headers.append('Set-Cookie', pendingCookie(context, pendingToken));
  return redirect(`/login/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`, { headers });
}
