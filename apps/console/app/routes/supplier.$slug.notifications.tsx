import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { listSupplierNotifications, markSupplierNotificationsRead } from '@cardshop/domain';
import { attempt, text, type FormResult } from '../forms.server';
import { requireSupplierWith } from '../permissions.server';
import { NotificationList } from '../notifications';
import { asSupplier } from '../scopes.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier } = await requireSupplierWith(
    request,
    context,
    params.slug,
    'notifications.view',
  );
  return asSupplier(context, supplier, (trx) => listSupplierNotifications(trx, { limit: 100 }));
}

// Reading notices changes nothing a supplier sells, so every role may mark them read.
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier } = await requireSupplierWith(
    request,
    context,
    params.slug,
    'notifications.view',
  );
  const form = await request.formData();
  const ids = text(form, 'intent') === 'all' ? ('all' as const) : [text(form, 'id')];
  const done = await attempt(() =>
    asSupplier(context, supplier, (trx) => markSupplierNotificationsRead(trx, ids)),
  );
  if (!done.ok) return done.response;
  return data<FormResult>({ notice: 'read' });
}

export default function SupplierNotifications() {
  const { items, unread } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  return <NotificationList items={items} unread={unread} error={result?.formError} />;
}
