import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useT } from '@cardshop/ui';
import { requireAreas } from '../areas.server';
import { ConsoleShell } from '../shell';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, areas } = await requireAreas(request, context);
  return { user: { email: user.email, displayName: user.displayName }, areas };
}

/** For a signed-in person who belongs to no shop, supplier or the platform (yet). */
export default function Account() {
  const { user, areas } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <ConsoleShell user={user} areas={areas}>
      <div className="rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">{user.displayName}</h1>
        <p className="mt-1 text-slate-500">{user.email}</p>
        <p className="mt-6 text-slate-700">{t('console.account.noAreas')}</p>
      </div>
    </ConsoleShell>
  );
}
