import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData, useSearchParams } from '@remix-run/react';
import { getStaffSecurity, listStaffNotices, markAllStaffNoticesRead } from '@cardshop/domain';
import { Alert, useLang, useT, type MessageKey } from '@cardshop/ui';
import { requireAreas } from '../areas.server';
import { requireStaff } from '../auth.server';
import { formatTime } from '../components';
import { NoticeList } from '../security-ui';
import { ConsoleShell } from '../shell';
import { StaffSecuritySections } from '../staff-security-sections';
import { loadStaffAccountSecurity } from '../staff-security.server';
import { Badge, Btn, LinkBtn, Panel } from '../ui';
import { titleMeta } from '../meta';

export const meta = titleMeta('console.account.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, sessionId, areas } = await requireAreas(request, context);
  const auth = { userId: user.id, sessionId };
  const security = await getStaffSecurity({ db: context.runtime.db, now: Date.now }, auth, user);
  const notices = await listStaffNotices(context.runtime.db, user.id, 10);
  return {
    user: { email: user.email, displayName: user.displayName, platformRole: user.platformRole },
    areas,
    twoFactor: {
      enabled: security.twoFactor.enabled,
      enabledAt: security.twoFactor.enabledAt?.toISOString() ?? null,
      recoveryCodesLeft: security.twoFactor.recoveryCodesLeft,
      required: security.required,
    },
    notices: notices.items.map((n) => ({
      ...n,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    unread: notices.unread,
    accountSecurity: await loadStaffAccountSecurity(context, auth),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, context);
  const form = await request.formData();
  if (form.get('intent') === 'read-notices') {
    await markAllStaffNoticesRead(context.runtime.db, user.id);
  }
  return { ok: true };
}

/** The person's own console account: who they are, where they work, and its security. */
export default function Account() {
  const { user, areas, twoFactor, notices, unread, accountSecurity } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const recoveryLeft = params.get('recoveryLeft');
  const t = useT();
  const lang = useLang();
  const roles = [
    ...(user.platformRole
      ? [`${t('console.area.platform')} · ${t(`console.role.${user.platformRole}` as MessageKey)}`]
      : []),
    ...areas.shops.map(
      (s) => `${t('console.area.shop')} · ${s.name} · ${t(`console.role.${s.role}` as MessageKey)}`,
    ),
    ...areas.suppliers.map(
      (s) =>
        `${t('console.area.supplier')} · ${s.name} · ${t(`console.role.${s.role}` as MessageKey)}`,
    ),
  ];
  return (
    <ConsoleShell user={user} areas={areas}>
      <div className="mx-auto max-w-3xl space-y-4">
        <Panel>
          <h1 className="text-xl font-semibold">{user.displayName}</h1>
          <p className="mt-1 break-all text-slate-500">{user.email}</p>
          {roles.length ? (
            <ul className="mt-4 flex flex-wrap gap-2">
              {roles.map((r) => (
                <li key={r}>
                  <Badge>{r}</Badge>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-6 text-slate-700">{t('console.account.noAreas')}</p>
          )}
        </Panel>

        {recoveryLeft !== null ? (
          <Alert tone="info">
            {t('security.recovery.usedOne', { count: Number(recoveryLeft) || 0 })}
          </Alert>
        ) : null}

        <Panel
          title={t('security.twoFactor.title')}
          actions={
            twoFactor.enabled ? (
              <Badge tone="green">{t('security.twoFactor.on')}</Badge>
            ) : (
              <Badge tone={twoFactor.required ? 'red' : 'amber'}>
                {t('security.twoFactor.off')}
              </Badge>
            )
          }
        >
          <p className="text-sm text-slate-600">{t('security.twoFactor.intro')}</p>
          {twoFactor.enabled ? (
            <p className="mt-2 text-sm text-slate-700">
              {t('security.twoFactor.since', { date: formatTime(twoFactor.enabledAt!, lang) })}
              {' · '}
              {t('security.twoFactor.codesLeft', { count: twoFactor.recoveryCodesLeft })}
            </p>
          ) : null}
          {twoFactor.required ? (
            <p className="mt-2 text-sm text-amber-800">{t('security.required.note')}</p>
          ) : null}
          <div className="mt-4">
            <LinkBtn to="/account/two-factor" variant={twoFactor.enabled ? 'secondary' : 'primary'}>
              {t(twoFactor.enabled ? 'security.twoFactor.manage' : 'security.twoFactor.enable')}
            </LinkBtn>
          </div>
        </Panel>

        <Panel title={t('console.password.title')}>
          <p className="text-sm text-slate-600">{t('console.password.intro')}</p>
          <div className="mt-4">
            <LinkBtn to="/account/password">{t('console.password.title')}</LinkBtn>
          </div>
        </Panel>

        <StaffSecuritySections security={accountSecurity} />

        <Panel
          title={
            <>
              {t('security.notices.title')}
              {unread ? (
                <span className="ml-2 align-middle">
                  <Badge tone="blue">{t('security.notices.unread', { count: unread })}</Badge>
                </span>
              ) : null}
            </>
          }
          actions={
            unread ? (
              <Form method="post">
                <Btn name="intent" value="read-notices" variant="ghost" size="sm">
                  {t('security.notices.markRead')}
                </Btn>
              </Form>
            ) : null
          }
        >
          <NoticeList notices={notices} />
        </Panel>
      </div>
    </ConsoleShell>
  );
}
