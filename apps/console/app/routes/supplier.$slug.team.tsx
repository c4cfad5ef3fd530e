import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import type { FormResult } from '../forms.server';
import { requireSupplierWith } from '../permissions.server';
import { loadTeam, supplierTeam, teamAction } from '../team.server';
import { PrivateSupplierTeam, TeamScreen } from '../team-ui';

export const meta: MetaFunction = () => [{ title: '团队成员 · 卡盟云' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, user, areas } = await requireSupplierWith(
    request,
    context,
    params.slug,
    'staff.manage',
  );
  if (supplier.ownerTenantId) {
    // A shop's private supplier: its people are the shop's team.
    const shop = areas.shops.find((s) => s.tenantId === supplier.ownerTenantId);
    return { private: true as const, shopHref: shop ? `/shop/${shop.slug}/team` : null };
  }
  return {
    private: false as const,
    ...(await loadTeam(request, context, supplierTeam(supplier), user)),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier, user } = await requireSupplierWith(
    request,
    context,
    params.slug,
    'staff.manage',
  );
  return teamAction(request, context, supplierTeam(supplier), user);
}

export default function SupplierTeam() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  if (data.private) return <PrivateSupplierTeam shopHref={data.shopHref} />;
  return <TeamScreen data={data} {...(result ? { result } : {})} />;
}
