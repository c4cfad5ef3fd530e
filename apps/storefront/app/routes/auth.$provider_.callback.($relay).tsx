import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import {
  finishOAuth,
  isDomainError,
  isOAuthProviderId,
  normalizeHost,
  openRelayToken,
  type OAuthProviderId,
} from '@cardshop/domain';
import { translate, useT } from '@cardshop/ui';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { customerCtx, getCustomer } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { clearOAuthCookie, oauthOf, readOAuthSecret, requestOrigin } from '../lib/oauth.server';
import { requireShop } from '../lib/shop.server';
import { appendSessionCookies, redirectToTwoFactor } from '../lib/sign-in.server';
import type { RootData } from '../root';

// The provider sends the person back here with ?code&state (WeChat and QQ both use GET). With
// OAUTH_CALLBACK_ORIGIN every shop's callback arrives at that one host first, with the shop's
// origin signed in the last path segment: that host only passes the request on to the shop, which
// then finishes it (the browser's cookie and the flow live there).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = params.provider;
  if (!isOAuthProviderId(provider)) throw new Response('Not Found', { status: 404 });
  const url = new URL(request.url);
  if (params.relay) {
    const origin = openRelayToken(context.runtime.env.APP_SECRET, params.relay);
    if (!origin) throw Response.json({ reason: 'bad-relay' }, { status: 400 });
    if (origin !== requestOrigin(context)) {
      const target = await context.runtime.tenants.resolve(normalizeHost(new URL(origin).host));
      if (target.kind !== 'shop') throw Response.json({ reason: 'bad-relay' }, { status: 400 });
      return redirect(`${origin}${url.pathname}${url.search}`, {
        headers: { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
      });
    }
  }
  requireShop(context);
  const signedIn = await getCustomer(request, context);
  const ctx = customerCtx(request, context);
  try {
    const result = await finishOAuth(ctx, oauthOf(context), {
      provider,
      state: url.searchParams.get('state'),
      code: url.searchParams.get('code'),
      browserSecret: readOAuthSecret(request),
      auth: signedIn ? { customerId: signedIn.customer.id, sessionId: signedIn.sessionId } : null,
    });
    if (result.kind === 'pending') {
      return redirect(`/auth/continue?flow=${result.flowId}`);
    }
    const headers = new Headers({ 'Set-Cookie': clearOAuthCookie(context) });
    if (result.kind === 'two_factor') {
      return redirectToTwoFactor(context, result.twoFactor.pendingToken, result.returnTo, headers);
    }
    if (result.kind === 'linked') {
      return redirect(`/account/connections?oauth=linked&provider=${provider}`, { headers });
    }
    await appendSessionCookies(headers, request, context, result.session);
    return redirect(result.returnTo, { headers });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data(
      { provider, message: error.userMessage, signedIn: signedIn !== null },
      { status: error.status, headers: { 'Cache-Control': 'no-store' } },
    );
  }
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'oauth.failed.title'));

export default function OAuthCallbackFailed() {
  const root = useRouteLoaderData('root') as RootData;
  const { provider, message, signedIn } = useLoaderData<typeof loader>() as {
    provider: OAuthProviderId;
    message: string;
    signedIn: boolean;
  };
  const t = useT();
  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto w-full max-w-sm space-y-4 rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="text-xl font-semibold">
          {t('oauth.failed.heading', { provider: t(`oauth.provider.${provider}`) })}
        </h1>
        <p className="text-sm text-slate-600">{message}</p>
        <div className="flex flex-col gap-2">
          <Link
            to={signedIn ? '/account/connections' : '/login'}
            className="bg-brand rounded-lg px-4 py-2.5 text-sm font-medium text-white"
          >
            {t(signedIn ? 'oauth.failed.toConnections' : 'oauth.failed.toLogin')}
          </Link>
          <Link to="/" className="text-sm text-slate-500 hover:underline">
            {t('common.backHome')}
          </Link>
        </div>
      </div>
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  return (
    <ShopRouteError
      describe={(_status, data) =>
        data.reason === 'bad-relay' ? { title: 'oauth.failed.badRelay' } : null
      }
    />
  );
}
