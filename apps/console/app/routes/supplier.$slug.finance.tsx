import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';

import { bindFromForm, loadFinancePage, supplierFinanceArea } from '../finance.server';
import { FinancePage, type FinanceFormResult } from '../finance-ui';
import { requireSupplierWith } from '../permissions.server';
import { titleMeta } from '../meta';

export const meta = titleMeta('console.finance.title.supplier');

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, user, sessionId, can, base } = await requireSupplierWith(
    request,
    context,
    params.slug,
    'finance.view',
  );
  return loadFinancePage(request, context, supplierFinanceArea(supplier), {
    auth: { userId: user.id, sessionId },
    canBind: can('finance.withdraw'),
    base,
  });
}

/** Binding or changing the payout account: the owner and finance staff (finance.withdraw). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier, user, sessionId, base } = await requireSupplierWith(
    request,
    context,
    params.slug,
    'finance.withdraw',
  );
  return bindFromForm(
    request,
    context,
    supplierFinanceArea(supplier),
    { userId: user.id, sessionId },
    base,
  );
}

export default function SupplierFinance() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FinanceFormResult | undefined;
  return <FinancePage page={page} result={result} />;
}
