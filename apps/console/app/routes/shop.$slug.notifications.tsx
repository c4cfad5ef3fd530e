import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { listTenantNotifications, markNotificationsRead } from '@cardshop/domain';
import { attempt, text, type FormResult } from '../forms.server';
import { NotificationList } from '../notifications';
import { requireShop } from '../permissions.server';
import { inShop } from '../scopes.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop } = await requireShop(request, context, params.slug, 'notifications.view');
  return inShop(context, shop, (trx) => listTenantNotifications(trx, { limit: 100 }));
}

// Reading notices is not a change to the shop, so every role may mark its notices read.
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop } = await requireShop(request, context, params.slug, 'notifications.view');
  const form = await request.formData();
  const id = text(form, 'id');
  const ids = text(form, 'intent') === 'all' ? ('all' as const) : [id];
  const done = await attempt(() => inShop(context, shop, (trx) => markNotificationsRead(trx, ids)));
  if (!done.ok) return done.response;
  return data<FormResult>({ notice: 'read' });
}

export default function ShopNotifications() {
  const { items, unread } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  return <NotificationList items={items} unread={unread} error={result?.formError} />;
}
