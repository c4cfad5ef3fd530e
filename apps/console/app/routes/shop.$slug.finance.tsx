import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';

import { bindFromForm, loadFinancePage, shopFinanceArea } from '../finance.server';
import { FinancePage, type FinanceFormResult } from '../finance-ui';
import { requireShop } from '../permissions.server';
import { titleMeta } from '../meta';

export const meta = titleMeta('console.finance.title.shop');

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, user, sessionId, can, base } = await requireShop(
    request,
    context,
    params.slug,
    'finance.view',
  );
  return loadFinancePage(request, context, shopFinanceArea(shop), {
    auth: { userId: user.id, sessionId },
    canBind: can('finance.withdraw'),
    base,
  });
}

/** Binding or changing the payout account: owners and finance staff (finance.withdraw). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop, user, sessionId, base } = await requireShop(
    request,
    context,
    params.slug,
    'finance.withdraw',
  );
  return bindFromForm(
    request,
    context,
    shopFinanceArea(shop),
    { userId: user.id, sessionId },
    base,
  );
}

export default function ShopFinance() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FinanceFormResult | undefined;
  return <FinancePage page={page} result={result} />;
}
