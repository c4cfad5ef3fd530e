import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { resetPasswordWithCode, sendVerificationCode, type CodeSent } from '@cardshop/domain';
import { Alert, Button, Field, translate, useT } from '@cardshop/ui';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { customerCtx, formFailure, text, type FormFailure } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { requireShop } from '../lib/shop.server';
import type { RootData } from '../root';
import { CodeField } from '../components/code-field';

export function loader({ context }: LoaderFunctionArgs) {
  requireShop(context);
  return null;
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.forgot.title'));

type ActionResult = FormFailure & { identifier?: string; codeSent?: CodeSent };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const ctx = customerCtx(request, context);
  const identifier = text(form, 'identifier');
  try {
    if (text(form, 'intent') === 'send-code') {
      const codeSent = await sendVerificationCode(ctx, { identifier, purpose: 'reset_password' });
      return data<ActionResult>({ codeSent, identifier });
    }
    await resetPasswordWithCode(ctx, {
      identifier,
      code: text(form, 'code'),
      password: text(form, 'password'),
    });
    return redirect('/login?reset=1');
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>({ ...body, identifier }, status);
  }
}

export default function Forgot() {
  const root = useRouteLoaderData('root') as RootData;
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto w-full max-w-sm space-y-5 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <div>
          <h1 className="text-xl font-semibold">{t('account.forgot.title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('account.forgot.intro')}</p>
        </div>
        {result?.formError ? <Alert>{result.formError}</Alert> : null}
        {result?.codeSent ? (
          <Alert tone="info">{t('account.code.sent', { to: result.codeSent.sentTo })}</Alert>
        ) : null}
        <Form method="post" className="space-y-4" noValidate>
          <button
            type="submit"
            name="intent"
            value={result?.codeSent ? 'reset' : 'send-code'}
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
          <CodeField error={result?.fieldErrors?.code} busy={busy} />
          <Field
            label={t('account.field.newPassword')}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={8}
            error={result?.fieldErrors?.password}
          />
          <Button type="submit" name="intent" value="reset" className="w-full" disabled={busy}>
            {t('account.forgot.submit')}
          </Button>
        </Form>
        <Link to="/login" className="text-brand block text-sm hover:underline">
          {t('account.forgot.back')}
        </Link>
      </div>
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  return <ShopRouteError describe={() => null} />;
}
