import { Form, Link, useNavigation } from '@remix-run/react';
import { useLang, useT, type MessageKey } from '@cardshop/ui';
import { formatTime, PageHeader } from './components';
import type { FormResult } from './forms.server';
import { Badge, Btn, FormMessage, LinkBtn, Panel, SelectField, TextField } from './ui';

type Kind = 'shop' | 'supplier';
type Role = 'owner' | 'manager' | 'support' | 'finance';
type Time = string | Date;

export interface TeamScreenData {
  kind: Kind;
  name: string;
  viewerRole: Role;
  invitableRoles: Role[];
  members: Array<{
    userId: string;
    email: string;
    displayName: string;
    role: Role;
    disabled: boolean;
    joinedAt: Time;
    lastSignInAt: Time | null;
    isSelf: boolean;
    roleOptions: Role[];
    canRemove: boolean;
    locked: 'last_owner' | 'above' | null;
  }>;
  invitations: Array<{
    id: string;
    email: string;
    role: Role;
    invitedByName: string | null;
    sentAt: Time;
    expiresAt: Time;
    expired: boolean;
    canManage: boolean;
  }>;
  removing: TeamScreenData['members'][number] | null;
  matrix: Array<{ role: Role; permissions: string[] }>;
  notice: string | null;
  email: string | null;
}

const ROLE_TONE: Record<Role, 'blue' | 'green' | 'slate' | 'amber'> = {
  owner: 'blue',
  manager: 'green',
  support: 'slate',
  finance: 'amber',
};

const NOTICES: Record<string, MessageKey> = {
  invited: 'team.notice.invited',
  unsent: 'team.notice.unsent',
  resent: 'team.notice.resent',
  revoked: 'team.notice.revoked',
  role: 'team.notice.role',
  removed: 'team.notice.removed',
};

/** The team page of a shop or a supplier: invite, members, pending invitations, the roles. */
export function TeamScreen({ data, result }: { data: TeamScreenData; result?: FormResult }) {
  const t = useT();
  const lang = useLang();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const roleName = (role: string) => t(`team.role.${data.kind}.${role}` as MessageKey);
  const time = (value: Time) => formatTime(value, lang);
  const notice = data.notice ? NOTICES[data.notice] : undefined;
  const error = (intent: string, target?: string) =>
    result?.intent === intent && (target === undefined || result.target === target)
      ? result.formError
      : undefined;

  return (
    <>
      <PageHeader
        title={t('team.title')}
        subtitle={t(`team.subtitle.${data.kind}`, { name: data.name })}
      />
      {notice ? (
        <div className="mb-4">
          <FormMessage notice={t(notice, { email: data.email ?? '' })} />
        </div>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-4">
          {data.removing ? <RemoveConfirm data={data} busy={busy} /> : null}
          {data.invitableRoles.length > 0 ? (
            <Panel title={t('team.invite.title')}>
              <Form method="post" className="space-y-3" noValidate>
                <input type="hidden" name="intent" value="invite" />
                {error('invite') ? <FormMessage error={error('invite')} /> : null}
                <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_10rem]">
                  <TextField
                    name="email"
                    type="email"
                    inputMode="email"
                    autoComplete="off"
                    label={t('team.invite.email')}
                    placeholder={t('team.invite.emailPlaceholder')}
                    defaultValue={result?.intent === 'invite' ? result.values?.email : ''}
                    error={result?.intent === 'invite' ? result.fieldErrors?.email : undefined}
                    required
                  />
                  <SelectField
                    name="role"
                    label={t('team.invite.role')}
                    defaultValue={
                      result?.intent === 'invite'
                        ? result.values?.role
                        : data.invitableRoles.includes('support')
                          ? 'support'
                          : data.invitableRoles.at(-1)
                    }
                    error={result?.intent === 'invite' ? result.fieldErrors?.role : undefined}
                    options={data.invitableRoles.map((r) => ({ value: r, label: roleName(r) }))}
                  />
                </div>
                <p className="text-xs text-slate-500">{t('team.invite.hint')}</p>
                <Btn type="submit" disabled={busy} className="w-full sm:w-auto">
                  {t('team.invite.submit')}
                </Btn>
              </Form>
            </Panel>
          ) : null}

          <Panel title={t('team.members.title', { count: data.members.length })}>
            <ul className="divide-y divide-slate-100">
              {data.members.map((m) => (
                <li key={m.userId} className="py-3 first:pt-0 last:pb-0">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div className="min-w-0">
                      <p className="flex flex-wrap items-center gap-2 font-medium">
                        <span className="break-all">{m.displayName}</span>
                        {m.isSelf ? <Badge>{t('team.members.you')}</Badge> : null}
                        {m.disabled ? <Badge tone="red">{t('team.members.disabled')}</Badge> : null}
                      </p>
                      <p className="text-sm break-all text-slate-500">{m.email}</p>
                      <p className="mt-0.5 text-xs text-slate-400">
                        {t('team.members.joined', { time: time(m.joinedAt) })} ·{' '}
                        {m.lastSignInAt
                          ? t('team.members.lastSignIn', { time: time(m.lastSignInAt) })
                          : t('team.members.neverSignedIn')}
                      </p>
                    </div>
                    <Badge tone={ROLE_TONE[m.role]}>{roleName(m.role)}</Badge>
                  </div>
                  {m.roleOptions.length > 0 || m.canRemove ? (
                    <div className="mt-2 flex flex-wrap items-end gap-2">
                      {m.roleOptions.length > 0 ? (
                        <Form method="post" className="flex items-center gap-2">
                          <input type="hidden" name="intent" value="role" />
                          <input type="hidden" name="userId" value={m.userId} />
                          <label className="sr-only" htmlFor={`role-${m.userId}`}>
                            {t('team.members.roleLabel', { name: m.displayName })}
                          </label>
                          <select
                            id={`role-${m.userId}`}
                            name="role"
                            defaultValue={m.role}
                            className="focus:border-brand focus:ring-brand h-8 rounded-lg border border-slate-300 bg-white px-2 text-sm outline-none focus:ring-1"
                          >
                            {[...new Set([m.role, ...m.roleOptions])].map((r) => (
                              <option key={r} value={r}>
                                {roleName(r)}
                              </option>
                            ))}
                          </select>
                          <Btn type="submit" variant="secondary" size="sm" disabled={busy}>
                            {t('team.members.save')}
                          </Btn>
                        </Form>
                      ) : null}
                      {m.canRemove ? (
                        <LinkBtn to={`?remove=${m.userId}`} variant="ghost" size="sm">
                          {m.isSelf ? t('team.members.leave') : t('team.members.remove')}
                        </LinkBtn>
                      ) : null}
                    </div>
                  ) : (
                    <p className="mt-1 text-xs text-slate-500">
                      {m.locked === 'last_owner'
                        ? t('team.members.lockedLastOwner', { owner: roleName('owner') })
                        : t('team.members.lockedAbove')}
                    </p>
                  )}
                  {error('role', m.userId) || error('remove', m.userId) ? (
                    <div className="mt-2">
                      <FormMessage error={error('role', m.userId) ?? error('remove', m.userId)} />
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </Panel>

          <Panel title={t('team.invitations.title', { count: data.invitations.length })}>
            {data.invitations.length === 0 ? (
              <p className="text-sm text-slate-500">{t('team.invitations.empty')}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {data.invitations.map((i) => (
                  <li key={i.id} className="py-3 first:pt-0 last:pb-0">
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div className="min-w-0">
                        <p className="font-medium break-all">{i.email}</p>
                        <p className="text-xs text-slate-500">
                          {i.invitedByName
                            ? t('team.invitations.sent', {
                                name: i.invitedByName,
                                time: time(i.sentAt),
                              })
                            : t('team.invitations.sentAnon', { time: time(i.sentAt) })}
                          {' · '}
                          {i.expired ? (
                            <span className="text-amber-700">{t('team.invitations.expired')}</span>
                          ) : (
                            t('team.invitations.validUntil', { time: time(i.expiresAt) })
                          )}
                        </p>
                      </div>
                      <Badge tone={ROLE_TONE[i.role]}>{roleName(i.role)}</Badge>
                    </div>
                    {i.canManage ? (
                      <div className="mt-2 flex flex-wrap gap-2">
                        <Form method="post">
                          <input type="hidden" name="intent" value="resend" />
                          <input type="hidden" name="invitationId" value={i.id} />
                          <Btn type="submit" variant="secondary" size="sm" disabled={busy}>
                            {t('team.invitations.resend')}
                          </Btn>
                        </Form>
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="invitationId" value={i.id} />
                          <Btn type="submit" variant="ghost" size="sm" disabled={busy}>
                            {t('team.invitations.revoke')}
                          </Btn>
                        </Form>
                      </div>
                    ) : (
                      <p className="mt-1 text-xs text-slate-500">{t('team.invitations.above')}</p>
                    )}
                    {error('resend', i.id) || error('revoke', i.id) ? (
                      <div className="mt-2">
                        <FormMessage error={error('resend', i.id) ?? error('revoke', i.id)} />
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>

        <RolesGuide data={data} />
      </div>
    </>
  );
}

function RemoveConfirm({ data, busy }: { data: TeamScreenData; busy: boolean }) {
  const t = useT();
  const member = data.removing!;
  const area = t(`team.area.${data.kind}`);
  return (
    <Panel title={t('team.remove.title')} className="ring-red-200">
      <Form method="post" action="?" className="space-y-3">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="userId" value={member.userId} />
        <p className="text-sm text-slate-700">
          {member.isSelf
            ? t('team.remove.leaveBody', { area })
            : t('team.remove.body', { name: member.displayName, email: member.email, area })}
        </p>
        <div className="flex flex-wrap gap-2">
          <Btn type="submit" variant="danger" disabled={busy}>
            {member.isSelf ? t('team.remove.confirmLeave') : t('team.remove.confirm')}
          </Btn>
          <LinkBtn to="?">{t('team.remove.cancel')}</LinkBtn>
        </div>
      </Form>
    </Panel>
  );
}

function RolesGuide({ data }: { data: TeamScreenData }) {
  const t = useT();
  const roleName = (role: string) => t(`team.role.${data.kind}.${role}` as MessageKey);
  return (
    <Panel title={t('team.roles.title')} className="self-start">
      <p className="mb-3 text-xs text-slate-500">
        {t('team.roles.hint', { owner: roleName('owner') })}
      </p>
      <dl className="space-y-3 text-sm">
        {data.matrix.map(({ role, permissions }) => (
          <div key={role}>
            <dt>
              <Badge tone={ROLE_TONE[role]}>{roleName(role)}</Badge>
            </dt>
            <dd className="mt-1 text-slate-600">
              {permissions
                .map((p) => t(`team.permission.${data.kind}.${p}` as MessageKey))
                .join(t('team.roles.separator'))}
            </dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}

/** A private supplier's team is its shop's: say so and point there. */
export function PrivateSupplierTeam({ shopHref }: { shopHref: string | null }) {
  const t = useT();
  return (
    <Panel title={t('team.private.title')}>
      <p className="text-sm text-slate-700">{t('team.private.body')}</p>
      {shopHref ? (
        <Link to={shopHref} className="text-brand mt-3 inline-block text-sm underline">
          {t('team.private.link')}
        </Link>
      ) : null}
    </Panel>
  );
}
