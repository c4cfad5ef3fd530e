import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import type { FormResult } from '../forms.server';
import { requireShop } from '../permissions.server';
import { loadTeam, shopTeam, teamAction } from '../team.server';
import { TeamScreen } from '../team-ui';

export const meta: MetaFunction = () => [{ title: '团队成员 · 卡盟云' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, user } = await requireShop(request, context, params.slug, 'staff.manage');
  return loadTeam(request, context, shopTeam(shop), user);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop, user } = await requireShop(request, context, params.slug, 'staff.manage');
  return teamAction(request, context, shopTeam(shop), user);
}

export default function ShopTeam() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  return <TeamScreen data={data} {...(result ? { result } : {})} />;
}
