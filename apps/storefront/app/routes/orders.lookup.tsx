import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
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
  lookupOrderByPassword,
  lookupOrdersByContact,
  sendOrderLookupCode,
  type CodeSent,
  type OrderListItem,
} from '@cardshop/domain';
import { Alert, Button, cx, Field, translate, useT } from '@cardshop/ui';
import { CodeField } from '../components/code-field';
import { OrderList } from '../components/order-list';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { customerCtx, formFailure, getCustomer, text, type FormFailure } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { grantOrderAccess } from '../lib/order-access.server';
import { grantOrdersAccess, privateHeaders } from '../lib/order-viewer.server';
import { requireShop } from '../lib/shop.server';
import type { RootData } from '../root';

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireShop(context);
  const signedIn = await getCustomer(request, context);
  return data({ signedIn: signedIn !== null }, { headers: privateHeaders(signedIn?.setCookie) });
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const out = new Headers({ 'Cache-Control': 'private, no-store' });
  for (const source of [actionHeaders, loaderHeaders]) {
    for (const cookie of source?.getSetCookie() ?? []) out.append('Set-Cookie', cookie);
  }
  return out;
};

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'orderLookup.title'));

type ActionResult = FormFailure & {
  by: 'password' | 'contact';
  orderNumber?: string;
  identifier?: string;
  codeSent?: CodeSent;
  found?: { sentTo: string; orders: OrderListItem[] };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const tenant = requireShop(context);
  const form = await request.formData();
  const ctx = customerCtx(request, context);
  const intent = text(form, 'intent');
  if (intent === 'password') {
    const orderNumber = text(form, 'orderNumber');
    try {
      const { orderId } = await lookupOrderByPassword(ctx, {
        orderNumber,
        password: text(form, 'password'),
      });
      return redirect(`/orders/${orderId}`, {
        headers: { 'Set-Cookie': grantOrderAccess(request, context, tenant.id, orderId) },
      });
    } catch (error) {
      const { body, status } = formFailure(error);
      return data<ActionResult>({ ...body, by: 'password', orderNumber }, status);
    }
  }
  const identifier = text(form, 'identifier');
  try {
    if (intent === 'send-code') {
      const codeSent = await sendOrderLookupCode(ctx, { identifier });
      return data<ActionResult>({ by: 'contact', identifier, codeSent });
    }
    const found = await lookupOrdersByContact(ctx, { identifier, code: text(form, 'code') });
    const cookie = grantOrdersAccess(
      request,
      context,
      tenant.id,
      found.orders.map((o) => o.id),
    );
    return data<ActionResult>(
      { by: 'contact', identifier, found },
      cookie ? { headers: { 'Set-Cookie': cookie } } : undefined,
    );
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>({ ...body, by: 'contact', identifier }, status);
  }
}

export default function OrderLookup() {
  const root = useRouteLoaderData('root') as RootData;
  const { signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const by = result?.by ?? (params.get('by') === 'contact' ? 'contact' : 'password');
  const tab = (value: 'password' | 'contact') =>
    cx(
      'flex-1 rounded-lg px-3 py-2 text-center text-sm font-medium',
      by === value ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600',
    );

  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto w-full max-w-md space-y-4">
        <section className="space-y-5 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
          <div>
            <h1 className="text-xl font-semibold">{t('orderLookup.title')}</h1>
            <p className="mt-1 text-sm text-slate-600">{t('orderLookup.intro')}</p>
          </div>
          <nav
            className="flex gap-1 rounded-xl bg-slate-100 p-1"
            aria-label={t('orderLookup.title')}
          >
            <Link to="?by=password" replace className={tab('password')}>
              {t('orderLookup.tab.password')}
            </Link>
            <Link to="?by=contact" replace className={tab('contact')}>
              {t('orderLookup.tab.contact')}
            </Link>
          </nav>

          {result?.formError ? <Alert>{result.formError}</Alert> : null}

          {by === 'password' ? (
            <Form method="post" className="space-y-4" noValidate>
              <input type="hidden" name="intent" value="password" />
              <Field
                label={t('orderLookup.field.orderNumber')}
                name="orderNumber"
                inputMode="numeric"
                autoComplete="off"
                placeholder={t('orderLookup.field.orderNumber.placeholder')}
                maxLength={24}
                required
                defaultValue={result?.orderNumber}
                error={result?.fieldErrors?.orderNumber}
              />
              <div className="space-y-1">
                <Field
                  label={t('orderLookup.field.password')}
                  name="password"
                  type="password"
                  autoComplete="off"
                  maxLength={64}
                  required
                  error={
                    result?.fieldErrors?.password !== result?.formError
                      ? result?.fieldErrors?.password
                      : undefined
                  }
                />
                <p className="text-xs text-slate-500">{t('orderLookup.field.password.hint')}</p>
              </div>
              <Button type="submit" className="h-11 w-full text-base" disabled={busy}>
                {t('orderLookup.submit')}
              </Button>
            </Form>
          ) : (
            <Form method="post" className="space-y-4" noValidate>
              <p className="text-sm text-slate-600">{t('orderLookup.contactHint')}</p>
              {result?.codeSent ? (
                <Alert tone="info">
                  {t('orderLookup.codeSent', { to: result.codeSent.sentTo })}
                </Alert>
              ) : null}
              <button
                type="submit"
                name="intent"
                value={result?.codeSent ? 'contact' : 'send-code'}
                tabIndex={-1}
                aria-hidden
                className="absolute -left-[9999px] h-0 w-0"
              />
              <Field
                label={t('account.field.identifier')}
                name="identifier"
                autoComplete="username"
                placeholder={t('account.field.identifier.placeholder')}
                required
                defaultValue={result?.identifier}
                error={result?.fieldErrors?.identifier}
              />
              <CodeField
                error={
                  result?.fieldErrors?.code !== result?.formError
                    ? result?.fieldErrors?.code
                    : undefined
                }
                busy={busy}
              />
              <Button
                type="submit"
                name="intent"
                value="contact"
                className="h-11 w-full text-base"
                disabled={busy}
              >
                {t('orderLookup.submit')}
              </Button>
            </Form>
          )}
        </section>

        {result?.found ? (
          <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 className="font-semibold">
              {t('orderLookup.results', { to: result.found.sentTo })}
            </h2>
            {result.found.orders.length === 0 ? (
              <p className="mt-2 text-sm text-slate-500">{t('orderLookup.noResults')}</p>
            ) : (
              <div className="mt-2">
                <OrderList orders={result.found.orders} />
              </div>
            )}
          </section>
        ) : null}

        <p className="text-center text-sm text-slate-600">
          {signedIn ? (
            <Link to="/account/orders" className="text-brand hover:underline">
              {t('orderLookup.signedIn')}
            </Link>
          ) : (
            t('orderLookup.signedIn')
          )}
        </p>
      </div>
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  return <ShopRouteError describe={() => null} />;
}
