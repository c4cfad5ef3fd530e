import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteLoaderData,
  useSearchParams,
} from '@remix-run/react';
import {
  createAccountFromOAuth,
  getPendingOAuth,
  isDomainError,
  linkPendingOAuth,
  OAuthErrors,
  sendVerificationCode,
  signInCustomer,
  signInWithCode,
  type CodeSent,
  type OAuthProviderId,
} from '@cardshop/domain';
import { Alert, Button, Field, cx, translate, useT, type MessageKey } from '@cardshop/ui';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { CodeField } from '../components/code-field';
import { ProviderMark } from '../components/social-sign-in';
import { customerCtx, formFailure, getCustomer, text, type FormFailure } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { backWithNotice, clearOAuthCookie, readOAuthSecret } from '../lib/oauth.server';
import { redirectToConfirmation } from '../lib/security.server';
import { appendSessionCookies, redirectToTwoFactor } from '../lib/sign-in.server';
import type { RootData } from '../root';

// An identity the shop does not know came back from WeChat / QQ. It is never attached to an
// account by itself: the person opens a new account with it (a phone or email proved with a
// code, no password) or signs in to their existing account here, which links it.

type Panel = 'create' | 'bind';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const ctx = customerCtx(request, context);
  const signedIn = await getCustomer(request, context);
  const headers = { 'Cache-Control': 'private, no-store' };
  try {
    const pending = await getPendingOAuth(ctx, {
      flowId: url.searchParams.get('flow') ?? '',
      browserSecret: readOAuthSecret(request),
    });
    return data(
      {
        expired: false as const,
        provider: pending.provider,
        nickname: pending.nickname,
        avatarUrl: pending.avatarUrl,
        signedInAs: signedIn?.customer.displayName ?? null,
      },
      { headers },
    );
  } catch (error) {
    if (isDomainError(error) && error.code === OAuthErrors.PENDING_EXPIRED) {
      return data({ expired: true as const }, { status: 410, headers });
    }
    throw error;
  }
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'oauth.continue.title'));

type ActionResult = FormFailure & {
  panel?: Panel;
  identifier?: string;
  codeSent?: CodeSent;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const url = new URL(request.url);
  const form = await request.formData();
  const ctx = customerCtx(request, context);
  const ref = {
    flowId: url.searchParams.get('flow') ?? '',
    browserSecret: readOAuthSecret(request),
  };
  const intent = text(form, 'intent');
  const panel: Panel = text(form, 'panel') === 'create' ? 'create' : 'bind';
  const identifier = text(form, 'identifier');
  try {
    const pending = await getPendingOAuth(ctx, ref);
    const headers = new Headers({ 'Set-Cookie': clearOAuthCookie(context) });

    if (intent === 'send-code') {
      const codeSent = await sendVerificationCode(ctx, {
        identifier,
        purpose: panel === 'create' ? 'register' : 'sign_in',
      });
      return data<ActionResult>({ panel, codeSent, identifier });
    }
    if (intent === 'create') {
      const { session, returnTo } = await createAccountFromOAuth(ctx, ref, {
        identifier,
        code: text(form, 'code'),
      });
      await appendSessionCookies(headers, request, context, session);
      return redirect(returnTo, { headers });
    }
    if (intent === 'link-current') {
      const signedIn = await getCustomer(request, context);
      if (!signedIn) return redirect(url.pathname + url.search);
      try {
        const { returnTo } = await linkPendingOAuth(ctx, ref, {
          customerId: signedIn.customer.id,
          sessionId: signedIn.sessionId,
        });
        return redirect(returnTo, { headers });
      } catch (error) {
        // A session that was open before: confirm it is you, then come back here to link.
        return redirectToConfirmation(error, `${url.pathname}${url.search}`);
      }
    }
    // An existing account: signing in to it is the proof that it is theirs.
    const result =
      intent === 'code'
        ? await signInWithCode(ctx, {
            identifier,
            code: text(form, 'code'),
            remember: pending.remember,
          })
        : await signInCustomer(ctx, {
            identifier,
            password: text(form, 'password'),
            remember: pending.remember,
          });
    if (!result.session) {
      // Two-step verification first; signed in, the person comes back here to link.
      const back = `/auth/continue?flow=${encodeURIComponent(ref.flowId)}`;
      return redirectToTwoFactor(context, result.twoFactor.pendingToken, back);
    }
    await appendSessionCookies(headers, request, context, result.session);
    try {
      const { returnTo } = await linkPendingOAuth(ctx, ref, {
        customerId: result.session.customerId,
        sessionId: result.session.id,
      });
      return redirect(returnTo, { headers });
    } catch (error) {
      // Signed in all the same; the account page says why nothing was linked.
      if (!isDomainError(error)) throw error;
      const notice = error.code === OAuthErrors.IDENTITY_TAKEN ? 'taken' : 'already';
      return backWithNotice(`/account/connections?provider=${pending.provider}`, notice, headers);
    }
  } catch (error) {
    if (isDomainError(error) && error.code === OAuthErrors.PENDING_EXPIRED) {
      return data<ActionResult>({ formError: error.userMessage, panel }, 410);
    }
    const { body, status } = formFailure(error);
    return data<ActionResult>({ ...body, panel, identifier }, status);
  }
}

export default function OAuthContinue() {
  const root = useRouteLoaderData('root') as RootData;
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const bindTab = params.get('tab') === 'code' ? 'code' : 'password';
  const tabHref = (to: 'password' | 'code') => {
    const next = new URLSearchParams(params);
    next.set('tab', to);
    return `?${next.toString()}`;
  };
  const forPanel = (panel: Panel) => (result?.panel === panel ? result : undefined);
  const create = forPanel('create');
  const bind = forPanel('bind');

  if (page.expired) {
    return (
      <ShopLayout shop={root.shop!}>
        <div className="mx-auto w-full max-w-sm space-y-4 rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200 sm:p-8">
          <h1 className="text-xl font-semibold">{t('oauth.continue.expiredTitle')}</h1>
          <p className="text-sm text-slate-600">{t('oauth.continue.expiredBody')}</p>
          <Link
            to="/login"
            className="bg-brand inline-flex rounded-lg px-4 py-2.5 text-sm font-medium text-white"
          >
            {t('oauth.failed.toLogin')}
          </Link>
        </div>
      </ShopLayout>
    );
  }

  const provider = page.provider as OAuthProviderId;
  const providerName = t(`oauth.provider.${provider}` as MessageKey);
  const card = 'space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6';
  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto w-full max-w-md space-y-4">
        <header className="flex items-center gap-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          {page.avatarUrl ? (
            <img
              src={page.avatarUrl}
              alt=""
              referrerPolicy="no-referrer"
              className="h-12 w-12 shrink-0 rounded-full bg-slate-100 object-cover"
            />
          ) : (
            <ProviderMark provider={provider} className="h-12 w-12 shrink-0" />
          )}
          <div className="min-w-0">
            <h1 className="truncate text-lg font-semibold">
              {page.nickname ?? t('oauth.continue.noNickname', { provider: providerName })}
            </h1>
            <p className="text-sm text-slate-600">
              {t('oauth.continue.intro', { provider: providerName })}
            </p>
          </div>
        </header>

        {result?.formError && !result.panel ? <Alert>{result.formError}</Alert> : null}

        {page.signedInAs ? (
          <section className={card}>
            <h2 className="font-semibold">
              {t('oauth.continue.current.title', { name: page.signedInAs })}
            </h2>
            <p className="text-sm text-slate-600">
              {t('oauth.continue.current.body', { provider: providerName })}
            </p>
            <Form method="post">
              <Button
                type="submit"
                name="intent"
                value="link-current"
                disabled={busy}
                className="w-full"
              >
                {t('oauth.continue.current.submit', { provider: providerName })}
              </Button>
            </Form>
          </section>
        ) : null}

        <section className={card} aria-labelledby="oauth-create">
          <div>
            <h2 id="oauth-create" className="font-semibold">
              {t('oauth.continue.create.title')}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{t('oauth.continue.create.body')}</p>
          </div>
          {create?.formError ? <Alert>{create.formError}</Alert> : null}
          {create?.codeSent ? (
            <Alert tone="info">{t('account.code.sent', { to: create.codeSent.sentTo })}</Alert>
          ) : null}
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="panel" value="create" />
            <button
              type="submit"
              name="intent"
              value="create"
              tabIndex={-1}
              aria-hidden
              className="absolute -left-[9999px] h-0 w-0"
            />
            <Field
              id="create-identifier"
              label={t('account.field.identifier')}
              name="identifier"
              autoComplete="username"
              placeholder={t('account.field.identifier.placeholder')}
              defaultValue={create?.identifier}
              error={create?.fieldErrors?.identifier}
            />
            <CodeField id="create-code" error={create?.fieldErrors?.code} busy={busy} />
            <Button type="submit" name="intent" value="create" className="w-full" disabled={busy}>
              {t('oauth.continue.create.submit')}
            </Button>
          </Form>
        </section>

        <section className={card} aria-labelledby="oauth-bind">
          <div>
            <h2 id="oauth-bind" className="font-semibold">
              {t('oauth.continue.bind.title')}
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              {t('oauth.continue.bind.body', { provider: providerName })}
            </p>
          </div>
          <nav className="grid grid-cols-2 rounded-lg bg-slate-100 p-1 text-sm">
            {(['password', 'code'] as const).map((name) => (
              <Link
                key={name}
                to={tabHref(name)}
                replace
                aria-current={bindTab === name ? 'page' : undefined}
                className={cx(
                  'rounded-md px-3 py-2 text-center font-medium',
                  bindTab === name ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600',
                )}
              >
                {t(name === 'password' ? 'account.login.tab.password' : 'account.login.tab.code')}
              </Link>
            ))}
          </nav>
          {bind?.formError ? <Alert>{bind.formError}</Alert> : null}
          {bind?.codeSent ? (
            <Alert tone="info">{t('account.code.sent', { to: bind.codeSent.sentTo })}</Alert>
          ) : null}
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="panel" value="bind" />
            <button
              type="submit"
              name="intent"
              value={bindTab}
              tabIndex={-1}
              aria-hidden
              className="absolute -left-[9999px] h-0 w-0"
            />
            <Field
              id="bind-identifier"
              label={t('account.field.identifier')}
              name="identifier"
              autoComplete="username"
              placeholder={t('account.field.identifier.placeholder')}
              defaultValue={bind?.identifier}
              error={bind?.fieldErrors?.identifier}
            />
            {bindTab === 'password' ? (
              <Field
                id="bind-password"
                label={t('account.field.password')}
                name="password"
                type="password"
                autoComplete="current-password"
                error={bind?.fieldErrors?.password}
              />
            ) : (
              <CodeField id="bind-code" error={bind?.fieldErrors?.code} busy={busy} />
            )}
            <Button type="submit" name="intent" value={bindTab} className="w-full" disabled={busy}>
              {t('oauth.continue.bind.submit', { provider: providerName })}
            </Button>
          </Form>
        </section>
        <p className="text-center text-sm">
          <Link to="/login" className="text-slate-500 hover:underline">
            {t('oauth.continue.cancel')}
          </Link>
        </p>
      </div>
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  return <ShopRouteError describe={() => null} />;
}
