import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import {
  isDomainError,
  isOAuthProviderId,
  newBrowserSecret,
  OAuthErrors,
  startOAuth,
} from '@cardshop/domain';
import { customerCtx, requireCustomer, safeRedirect, text } from '../customer.server';
import {
  backWithNotice,
  oauthCookie,
  oauthOf,
  readOAuthSecret,
  requestOrigin,
} from '../lib/oauth.server';
import { redirectToConfirmation } from '../lib/security.server';
import { requireShop } from '../lib/shop.server';

// POST /auth/wechat (or /auth/qq): the login page's provider buttons (intent sign_in, with the
// form's "remember me" and redirectTo) and the account page's link buttons (intent link). Answers
// with a redirect to the provider; a problem sends the person back where they came from.

export function loader() {
  return redirect('/login');
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireShop(context);
  const provider = params.provider;
  if (!isOAuthProviderId(provider)) throw new Response('Not Found', { status: 404 });
  const form = await request.formData();
  const intent = text(form, 'intent') === 'link' ? 'link' : 'sign_in';
  const signedIn = intent === 'link' ? await requireCustomer(request, context) : null;
  const back =
    intent === 'link'
      ? '/account/connections'
      : `/login?redirectTo=${encodeURIComponent(safeRedirect(form.get('redirectTo')))}`;
  const secret = readOAuthSecret(request) ?? newBrowserSecret();
  try {
    const { url } = await startOAuth(customerCtx(request, context), oauthOf(context), {
      provider,
      intent,
      auth: signedIn ? { customerId: signedIn.customer.id, sessionId: signedIn.sessionId } : null,
      remember: form.get('remember') === 'on',
      returnTo: safeRedirect(form.get('redirectTo'), intent === 'link' ? back : '/account'),
      shopOrigin: requestOrigin(context),
      browserSecret: secret,
    });
    return redirect(url, { headers: { 'Set-Cookie': oauthCookie(context, secret) } });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.code === OAuthErrors.PROVIDER_UNAVAILABLE) return backWithNotice(back, 'unavailable');
    if (error.code === OAuthErrors.ALREADY_LINKED) return backWithNotice(back, 'already');
    if (error.status === 429) return backWithNotice(back, 'rate');
    // Linking wants a recent second confirmation: confirm, then press the button again.
    return redirectToConfirmation(error, back);
  }
}
