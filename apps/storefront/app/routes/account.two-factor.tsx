import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  confirmCustomerTwoFactorEnrolment,
  getCustomerTwoFactor,
  startCustomerTwoFactorEnrolment,
} from '@cardshop/domain';
import { Alert, Button, Field, translate, useT } from '@cardshop/ui';
import { EnrolmentQr, RecoveryCodes } from '../components/security-ui';
import {
  customerCtx,
  formFailure,
  requireCustomer,
  text,
  type FormFailure,
} from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  // Already on (or just turned on by this request's action, whose recovery codes show once).
  if ((await getCustomerTwoFactor(ctx, auth)).enabled) return { enrolment: null };
  const view = await startCustomerTwoFactorEnrolment(ctx, auth);
  return {
    enrolment: { qrSvg: view.qrSvg, manualKey: view.manualKey, accountName: view.accountName },
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'security.enrol.title'));

type ActionResult = FormFailure & { recoveryCodes?: string[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const form = await request.formData();
  try {
    const { recoveryCodes } = await confirmCustomerTwoFactorEnrolment(
      customerCtx(request, context),
      { customerId: customer.id, sessionId },
      { code: text(form, 'code') },
    );
    return data<ActionResult>({ recoveryCodes });
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>(body, status);
  }
}

/** Turning two-step verification on: scan, type the first code, keep the recovery codes. */
export default function TwoFactorEnrolment() {
  const { enrolment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  if (result?.recoveryCodes) {
    return (
      <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <Alert tone="info">{t('security.twoFactor.enabled')}</Alert>
        <h1 className="text-lg font-semibold">{t('security.recovery.title')}</h1>
        <RecoveryCodes codes={result.recoveryCodes} fileName="recovery-codes.txt" />
        <Link
          to="/account/security"
          className="bg-brand inline-flex h-10 items-center rounded-lg px-4 text-sm font-medium text-white"
        >
          {t('security.recovery.done')}
        </Link>
      </section>
    );
  }
  if (!enrolment) {
    return (
      <section className="space-y-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-lg font-semibold">{t('security.twoFactor.title')}</h1>
        <p className="text-sm text-slate-700">{t('security.twoFactor.alreadyOn')}</p>
        <Link to="/account/security" className="text-brand text-sm font-medium hover:underline">
          {t('security.twoFactor.manage')}
        </Link>
      </section>
    );
  }
  return (
    <section className="space-y-5 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div>
        <h1 className="text-lg font-semibold">{t('security.enrol.title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('security.twoFactor.introCustomer')}</p>
      </div>
      <EnrolmentQr {...enrolment} />
      <Form method="post" className="max-w-sm space-y-3" noValidate>
        <p className="text-sm text-slate-700">{t('security.enrol.step2')}</p>
        {result?.formError && !result.fieldErrors ? <Alert>{result.formError}</Alert> : null}
        <Field
          label={t('security.enrol.code')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          placeholder="123456"
          required
          error={result?.fieldErrors?.code}
        />
        <Button type="submit" disabled={busy} className="w-full sm:w-auto">
          {t('security.enrol.submit')}
        </Button>
      </Form>
      <Link to="/account/security" className="block text-sm text-slate-500 hover:underline">
        {t('security.back')}
      </Link>
    </section>
  );
}
