import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
} from '@remix-run/react';
import {
  acceptStaffInvitation,
  isDomainError,
  openStaffInvitation,
  permissionsOf,
  type AcceptStaffInvitationInput,
} from '@cardshop/domain';
import { useLang, useT, type MessageKey } from '@cardshop/ui';
import { getStaff, sessionCookie } from '../auth.server';
import { formatTime } from '../components';
import { text } from '../forms.server';
import { pendingCookie, staffCtx } from '../security.server';
import { ConsoleShell } from '../shell';
import { Badge, Btn, FormMessage, Panel, TextField } from '../ui';

export const meta: MetaFunction = () => [
  { title: '接受邀请 · 卡盟云' },
  { name: 'robots', content: 'noindex' },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  let view;
  try {
    view = await openStaffInvitation(context.runtime.db, token);
  } catch (error) {
    if (isDomainError(error) && error.status === 404) {
      throw Response.json({ reason: 'invalid-invitation' }, { status: 404 });
    }
    throw error;
  }
  const staff = await getStaff(request, context);
  return data(
    {
      ...view,
      permissions: [...permissionsOf(view.team.kind, view.role)] as string[],
      signedIn: staff ? { email: staff.user.email, displayName: staff.user.displayName } : null,
    },
    // A link that no longer works says so with its status too.
    { status: view.state === 'pending' ? 200 : 410 },
  );
}

interface ActionResult {
  intent: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const token = params.token ?? '';
  const here = `/invitations/${token}`;
  const form = await request.formData();
  const intent = text(form, 'intent');
  let input: AcceptStaffInvitationInput;
  if (intent === 'new') {
    input = {
      as: 'new',
      displayName: text(form, 'displayName'),
      password: String(form.get('password') ?? ''),
      confirmPassword: String(form.get('confirmPassword') ?? ''),
    };
  } else if (intent === 'password') {
    input = { as: 'password', password: String(form.get('password') ?? '') };
  } else if (intent === 'signed_in') {
    const staff = await getStaff(request, context);
    if (!staff) return redirect(here);
    input = { as: 'signed_in', userId: staff.user.id };
  } else {
    return data<ActionResult>({ intent, formError: '不支持的操作' }, 400);
  }
  try {
    const result = await acceptStaffInvitation(staffCtx(context), token, input);
    if (result.status === 'two_factor') {
      // Finish the second step on the sign-in page, then come back here to accept.
      return redirect(`/login/two-factor?redirectTo=${encodeURIComponent(here)}`, {
        headers: { 'Set-Cookie': pendingCookie(context, result.pendingToken) },
      });
    }
    const to = `/${result.team.kind}/${result.team.slug}`;
    return redirect(
      to,
      result.session
        ? {
            headers: {
              'Set-Cookie': sessionCookie(context, result.session.token, result.session.expiresAt),
            },
          }
        : {},
    );
  } catch (error) {
    if (!isDomainError(error) || error.status >= 500) throw error;
    const fieldErrors = error.details?.fieldErrors as Record<string, string> | undefined;
    return data<ActionResult>(
      {
        intent,
        formError: error.userMessage,
        ...(fieldErrors ? { fieldErrors } : {}),
        values: { displayName: text(form, 'displayName') },
      },
      error.status,
    );
  }
}

export default function AcceptInvitation() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const t = useT();
  const lang = useLang();
  const busy = navigation.state === 'submitting';
  const kind = view.team.kind;
  const area = t(`team.area.${kind}`);
  const role = t(`team.role.${kind}.${view.role}` as MessageKey);
  const fieldError = (intent: string, name: string) =>
    result?.intent === intent ? result.fieldErrors?.[name] : undefined;
  const formError = (intent: string) =>
    result?.intent === intent && !result.fieldErrors ? result.formError : undefined;

  return (
    <ConsoleShell {...(view.signedIn ? { user: view.signedIn } : {})}>
      <div className="mx-auto max-w-lg space-y-4">
        <Panel>
          <p className="text-sm text-slate-500">{t('invite.title')}</p>
          <h1 className="mt-1 text-xl font-semibold break-words">
            {view.invitedByName
              ? t('invite.heading', { inviter: view.invitedByName, area, name: view.team.name })
              : t('invite.headingAnon', { area, name: view.team.name })}
          </h1>
          <p className="mt-3 flex flex-wrap items-center gap-2 text-sm">
            <Badge tone="blue">{t('invite.role', { role })}</Badge>
          </p>
          <p className="mt-3 text-sm text-slate-600">{t('invite.can')}</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-700">
            {view.permissions.map((p) => (
              <li key={p}>{t(`team.permission.${kind}.${p}` as MessageKey)}</li>
            ))}
          </ul>
          {view.state === 'pending' ? (
            <p className="mt-3 text-xs break-all text-slate-500">
              {t('invite.for', { email: view.email, time: formatTime(view.expiresAt, lang) })}
            </p>
          ) : null}
        </Panel>

        {view.state !== 'pending' ? (
          <Panel>
            <h2 className="font-semibold">{t(`invite.state.${view.state}.title` as MessageKey)}</h2>
            <p className="mt-1 text-sm text-slate-600">
              {t(`invite.state.${view.state}.body` as MessageKey, { area, name: view.team.name })}
            </p>
            <Link
              to={view.signedIn ? '/' : '/login'}
              className="text-brand mt-3 inline-block text-sm underline"
            >
              {view.signedIn ? t('invite.toConsole') : t('invite.toLogin')}
            </Link>
          </Panel>
        ) : view.signedIn && view.signedIn.email !== view.email ? (
          <Panel>
            <p className="text-sm text-slate-700">
              {t('invite.other.body', { current: view.signedIn.email, email: view.email })}
            </p>
            <Form method="post" action="/logout" className="mt-3">
              <Btn type="submit" variant="secondary">
                {t('invite.other.logout')}
              </Btn>
            </Form>
          </Panel>
        ) : view.signedIn ? (
          <Panel>
            <Form method="post" className="space-y-3">
              <input type="hidden" name="intent" value="signed_in" />
              <FormMessage error={result?.intent === 'signed_in' ? result.formError : undefined} />
              <p className="text-sm text-slate-700">
                {t('invite.signedIn.body', { email: view.email, area })}
              </p>
              <Btn type="submit" disabled={busy} className="w-full sm:w-auto">
                {t('invite.signedIn.submit')}
              </Btn>
            </Form>
          </Panel>
        ) : view.accountExists ? (
          <Panel title={t('invite.existing.title')}>
            <Form method="post" className="space-y-3" noValidate>
              <input type="hidden" name="intent" value="password" />
              <FormMessage error={formError('password')} />
              <p className="text-sm break-all text-slate-700">
                {t('invite.existing.body', { email: view.email })}
              </p>
              <TextField
                name="password"
                type="password"
                autoComplete="current-password"
                label={t('invite.existing.password')}
                error={fieldError('password', 'password')}
                required
              />
              <Btn type="submit" disabled={busy} className="w-full">
                {t('invite.existing.submit')}
              </Btn>
            </Form>
          </Panel>
        ) : (
          <Panel title={t('invite.new.title')}>
            <Form method="post" className="space-y-3" noValidate>
              <input type="hidden" name="intent" value="new" />
              <FormMessage error={formError('new')} />
              <TextField
                name="email"
                label={t('invite.new.email')}
                value={view.email}
                readOnly
                autoComplete="username"
              />
              <TextField
                name="displayName"
                label={t('invite.new.name')}
                hint={t('invite.new.nameHint')}
                autoComplete="name"
                maxLength={80}
                defaultValue={result?.intent === 'new' ? result.values?.displayName : ''}
                error={fieldError('new', 'displayName')}
                required
              />
              <TextField
                name="password"
                type="password"
                autoComplete="new-password"
                label={t('invite.new.password')}
                hint={t('invite.new.passwordHint')}
                error={fieldError('new', 'password')}
                required
              />
              <TextField
                name="confirmPassword"
                type="password"
                autoComplete="new-password"
                label={t('invite.new.confirm')}
                error={fieldError('new', 'confirmPassword')}
                required
              />
              <Btn type="submit" disabled={busy} className="w-full">
                {t('invite.new.submit')}
              </Btn>
            </Form>
          </Panel>
        )}
      </div>
    </ConsoleShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ConsoleShell>
        <div className="mx-auto max-w-lg">
          <Panel>
            <h1 className="text-lg font-semibold">{t('invite.invalid.title')}</h1>
            <p className="mt-2 text-sm text-slate-600">{t('invite.invalid.body')}</p>
            <Link to="/login" className="text-brand mt-3 inline-block text-sm underline">
              {t('invite.toLogin')}
            </Link>
          </Panel>
        </div>
      </ConsoleShell>
    );
  }
  throw error;
}
