import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  CLAIM_LIST_LIMIT,
  claimGuestOrders,
  getOrderClaims,
  sendClaimCode,
  verifyClaimContact,
  type CodeSent,
} from '@cardshop/domain';
import { Alert, Button, Field, translate, useT, type MessageKey } from '@cardshop/ui';
import { OrderStatusBadge, useWhen } from '../components/order-status';
import {
  customerCtx,
  formFailure,
  requireCustomer,
  text,
  type FormFailure,
} from '../customer.server';
import { formatPrice } from '../lib/format';
import { rootDataOf, shopMeta } from '../lib/meta';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const claims = await getOrderClaims(customerCtx(request, context), {
    customerId: customer.id,
    sessionId,
  });
  return {
    contacts: claims.contacts,
    orders: claims.orders.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    limit: claims.orders.length >= CLAIM_LIST_LIMIT ? CLAIM_LIST_LIMIT : null,
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'claim.title'));

type Kind = 'phone' | 'email';
type ActionResult = FormFailure & {
  kind?: Kind;
  codeSent?: CodeSent;
  verified?: Kind;
  claimed?: string[];
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  const form = await request.formData();
  const intent = text(form, 'intent');
  const kind: Kind = text(form, 'kind') === 'email' ? 'email' : 'phone';
  try {
    if (intent === 'send-code') {
      return data<ActionResult>({ kind, codeSent: await sendClaimCode(ctx, auth, { kind }) });
    }
    if (intent === 'verify') {
      await verifyClaimContact(ctx, auth, { kind, code: text(form, 'code') });
      return data<ActionResult>({ verified: kind });
    }
    const orderIds = form.getAll('orderId').filter((v): v is string => typeof v === 'string');
    const { claimed } = await claimGuestOrders(ctx, auth, { orderIds });
    return data<ActionResult>({ claimed: claimed.map((o) => o.number) });
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>({ ...body, ...(intent === 'claim' ? {} : { kind }) }, status);
  }
}

const KIND_LABEL: Record<Kind, MessageKey> = {
  phone: 'account.overview.phone',
  email: 'account.overview.email',
};

export default function AccountClaim() {
  const { contacts, orders, limit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const when = useWhen();
  const verifiedAny = contacts.some((c) => c.verified);
  const forKind = (kind: Kind) => (result?.kind === kind ? result : undefined);
  const claimError = result && !result.kind ? result.formError : undefined;
  return (
    <div className="space-y-4">
      <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div>
          <h1 className="text-lg font-semibold">{t('claim.title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('claim.intro')}</p>
        </div>
        {result?.claimed ? (
          <Alert tone="info">
            {t('claim.done', { count: result.claimed.length })}{' '}
            <Link to="/account/orders" className="font-medium underline">
              {t('claim.toOrders')}
            </Link>
          </Alert>
        ) : null}
        {contacts.length === 0 ? (
          <p className="text-sm text-slate-500">{t('claim.noContact')}</p>
        ) : (
          <ul className="space-y-3">
            {contacts.map((contact) => {
              const mine = forKind(contact.kind);
              return (
                <li key={contact.kind} className="rounded-xl border border-slate-200 p-4">
                  <div className="flex items-center justify-between gap-3">
                    <div className="min-w-0">
                      <p className="text-xs text-slate-500">{t(KIND_LABEL[contact.kind])}</p>
                      <p className="font-medium">{contact.masked}</p>
                    </div>
                    {contact.verified ? (
                      <span className="shrink-0 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-600/20">
                        {t('claim.verified')}
                      </span>
                    ) : null}
                  </div>
                  {contact.verified ? null : (
                    <Form method="post" className="mt-3 space-y-3" noValidate>
                      <input type="hidden" name="kind" value={contact.kind} />
                      <button
                        type="submit"
                        name="intent"
                        value="verify"
                        tabIndex={-1}
                        aria-hidden
                        className="absolute -left-[9999px] h-0 w-0"
                      />
                      <p className="text-sm text-slate-600">
                        {t(contact.kind === 'phone' ? 'claim.verifyPhone' : 'claim.verifyEmail')}
                      </p>
                      {mine?.formError ? <Alert>{mine.formError}</Alert> : null}
                      {mine?.codeSent ? (
                        <Alert tone="info">
                          {t('account.code.sent', { to: mine.codeSent.sentTo })}
                        </Alert>
                      ) : null}
                      <div className="flex items-end gap-2">
                        <div className="flex-1">
                          <Field
                            id={`claim-code-${contact.kind}`}
                            label={t('account.field.code')}
                            name="code"
                            inputMode="numeric"
                            autoComplete="one-time-code"
                            maxLength={6}
                            error={mine?.fieldErrors?.code}
                          />
                        </div>
                        <button
                          type="submit"
                          name="intent"
                          value="send-code"
                          formNoValidate
                          disabled={busy}
                          className="border-brand text-brand h-10 shrink-0 rounded-lg border px-3 text-sm font-medium disabled:opacity-50"
                        >
                          {t('account.code.send')}
                        </button>
                      </div>
                      <Button type="submit" name="intent" value="verify" disabled={busy}>
                        {t('claim.verify')}
                      </Button>
                    </Form>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {verifiedAny ? (
        <section className="space-y-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="font-semibold">{t('claim.orders.title')}</h2>
          {claimError ? <Alert>{claimError}</Alert> : null}
          {orders.length === 0 ? (
            <p className="text-sm text-slate-500">{t('claim.orders.empty')}</p>
          ) : (
            <Form method="post" className="space-y-3">
              <ul className="divide-y divide-slate-100">
                {orders.map((order) => (
                  <li key={order.id}>
                    <label className="flex cursor-pointer items-start gap-3 py-3">
                      <input
                        type="checkbox"
                        name="orderId"
                        value={order.id}
                        defaultChecked
                        className="mt-1 h-4 w-4 shrink-0"
                      />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate text-sm font-medium text-slate-900">
                          {order.title}
                        </span>
                        <span className="mt-0.5 block text-xs text-slate-500">
                          {when(order.createdAt)} ·{' '}
                          {t('orderLookup.items', { count: order.itemCount })}
                        </span>
                        <span className="mt-0.5 block font-mono text-xs text-slate-400">
                          {order.number}
                        </span>
                      </span>
                      <span className="flex shrink-0 flex-col items-end gap-1">
                        <OrderStatusBadge status={order.status} />
                        <span className="text-sm font-semibold text-slate-900">
                          {formatPrice(order.totalFen)}
                        </span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
              {limit ? (
                <p className="text-xs text-slate-500">{t('claim.orders.more', { count: limit })}</p>
              ) : null}
              <Button
                type="submit"
                name="intent"
                value="claim"
                disabled={busy}
                className="w-full sm:w-auto"
              >
                {t('claim.submit')}
              </Button>
            </Form>
          )}
        </section>
      ) : null}
    </div>
  );
}
