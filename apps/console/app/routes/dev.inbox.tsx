import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react';
import { listDevInbox } from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { requireAreas } from '../areas.server';
import { DataTable, formatTime, PageHeader } from '../components';
import { withPlatformStaff } from '../platform.server';
import { ConsoleShell } from '../shell';

export const meta: MetaFunction = () => [{ title: 'Dev inbox' }];

/**
 * Messages the dev senders wrote under DATA_DIR/mail (embedded mode, or no provider configured),
 * so a person can read an SMS code locally. Platform staff only; reading it is audited, since
 * the codes sign customers in. Gone (404) once every channel has a real provider.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { runtime } = context;
  const { user, areas } = await requireAreas(request, context);
  const active = runtime.sms.kind === 'dev' || runtime.email.kind === 'dev';
  const messages = await withPlatformStaff(request, context, 'console: read dev inbox', () =>
    active ? listDevInbox(runtime.env.DATA_DIR, { limit: 100 }) : Promise.resolve(null),
  );
  if (!messages) throw Response.json({ reason: 'dev-inbox-off' }, { status: 404 });
  return {
    user: { email: user.email, displayName: user.displayName },
    areas,
    smsIsDev: runtime.sms.kind === 'dev',
    messages: messages.map((m) => ({
      id: m.id,
      channel: m.channel,
      to: m.to,
      subject: m.subject,
      text: m.text,
      sentAt: m.sentAt,
    })),
  };
}

export default function DevInbox() {
  const { user, areas, messages, smsIsDev } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <ConsoleShell user={user} areas={areas} current="/platform">
      <PageHeader title={t('console.devInbox.title')} subtitle={t('console.devInbox.intro')} />
      {smsIsDev ? null : (
        <p className="mb-4 text-sm text-slate-500">{t('console.devInbox.disabled')}</p>
      )}
      <DataTable
        rows={messages}
        rowKey={(m) => m.id}
        columns={[
          { header: t('console.devInbox.time'), cell: (m) => formatTime(m.sentAt, lang) },
          {
            header: t('console.devInbox.channel'),
            cell: (m) => (m.channel === 'sms' ? 'SMS' : 'Email'),
          },
          {
            header: t('console.devInbox.to'),
            cell: (m) => <code className="text-xs">{m.to}</code>,
          },
          {
            header: t('console.devInbox.content'),
            cell: (m) => (
              <div className="max-w-xl text-sm break-words whitespace-pre-line">
                {m.subject ? <p className="font-medium">{m.subject}</p> : null}
                <p className="text-slate-700">{m.text}</p>
              </div>
            ),
          },
        ]}
      />
    </ConsoleShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 403)) {
    return (
      <ConsoleShell>
        <div className="rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold">
            {error.status === 403 ? t('console.forbidden.title') : t('console.devInbox.title')}
          </h1>
          <p className="mt-2 text-slate-600">
            {error.status === 403
              ? t('console.forbidden.body', {
                  email: (error.data as { email?: string } | undefined)?.email ?? '',
                })
              : t('console.devInbox.disabled')}
          </p>
        </div>
      </ConsoleShell>
    );
  }
  throw error;
}
