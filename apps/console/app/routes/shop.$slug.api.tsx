import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  API_KEY_LIFETIMES,
  API_KEY_SCOPE_NAMES,
  createApiKey,
  isDomainError,
  listApiKeys,
  RATE_LIMITS,
  revokeApiKey,
  shopOrigin,
  staffConfirmationMethods,
  staffConfirmedUntil,
  type ApiKeyScope,
  type ApiKeyStatus,
} from '@cardshop/domain';
import { Alert, cx, useLang, useT, type MessageKey } from '@cardshop/ui';
import { formatTime, PageHeader } from '../components';
import { CopyButton } from '../copy-button';
import { requireShop } from '../permissions.server';
import { inShop } from '../scopes.server';
import { ConfirmedNote, ConfirmIdentityFields } from '../security-ui';
import {
  confirmFromForm,
  securityFailure,
  staffCtx,
  type SecurityFormResult,
} from '../security.server';
import { Badge, Btn, CheckboxField, FormMessage, Panel, SelectField, TextField } from '../ui';
import { titleMeta } from '../meta';

export const meta = titleMeta('console.api.title');

/** A new key's token is in the page that answers its creation: no cache may keep it. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, user, sessionId } = await requireShop(request, context, params.slug, 'api.manage');
  const now = Date.now();
  const auth = { userId: user.id, sessionId };
  const list = await inShop(context, shop, (trx) =>
    listApiKeys(trx, { tenantId: shop.tenantId, now }),
  );
  const confirmedUntil = await staffConfirmedUntil(context.runtime.db, auth, now);
  return {
    ...list,
    endpoint: `${shopOrigin(context.runtime.env, shop.slug)}/api/v1`,
    perMinute: RATE_LIMITS.apiPerKey.limit,
    scopeNames: API_KEY_SCOPE_NAMES,
    lifetimes: API_KEY_LIFETIMES,
    confirmedUntil: confirmedUntil?.toISOString() ?? null,
    confirmMethods: await staffConfirmationMethods(context.runtime.db, user.id),
  };
}

type ActionResult = SecurityFormResult & {
  intent: 'create' | 'revoke';
  /** The revoke form's key, so its message shows beside the right key. */
  target?: string;
  values?: { name: string; scopes: string[]; lifetime: string };
  /** The new key's whole token: in this one response, never again. */
  created?: { name: string; token: string };
  revoked?: string;
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop, user, sessionId } = await requireShop(request, context, params.slug, 'api.manage');
  const ctx = staffCtx(context);
  const auth = { userId: user.id, sessionId };
  const area = { tenantId: shop.tenantId, name: shop.name };
  const form = await request.formData();

  if (form.get('intent') === 'revoke') {
    const keyId = String(form.get('keyId') ?? '');
    try {
      const key = await revokeApiKey(ctx, auth, area, keyId);
      return data<ActionResult>({ intent: 'revoke', target: keyId, revoked: key.name });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return data<ActionResult>(
        { intent: 'revoke', target: keyId, formError: error.userMessage },
        error.status,
      );
    }
  }

  const values = {
    name: String(form.get('name') ?? ''),
    scopes: form.getAll('scopes').map(String),
    lifetime: String(form.get('lifetime') ?? 'never'),
  };
  const confirming = form.has('verifyMethod');
  try {
    await confirmFromForm(ctx, auth, form);
    const { key, token } = await createApiKey(ctx, auth, area, values);
    return data<ActionResult>(
      { intent: 'create', created: { name: key.name, token } },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming });
    return data<ActionResult>(
      {
        intent: 'create',
        ...body,
        ...(confirming && !body.confirm ? { confirm: 'create_api_key' as const } : {}),
        values,
      },
      status,
    );
  }
}

const STATUS_TONE: Record<ApiKeyStatus, 'green' | 'amber' | 'slate'> = {
  active: 'green',
  expired: 'amber',
  revoked: 'slate',
};

const SCOPE_LABEL = {
  'catalog:read': 'console.api.scope.catalog',
  'orders:read': 'console.api.scope.orders',
} as const satisfies Record<ApiKeyScope, MessageKey>;

/** The shop's API keys: make one (shown once), see when each was last used, revoke. */
export default function ShopApiKeys() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  return (
    <div className="space-y-4">
      <PageHeader title={t('console.api.title')} subtitle={t('console.api.subtitle')} />
      {result?.created ? <CreatedKey created={result.created} endpoint={page.endpoint} /> : null}
      {result?.revoked ? (
        <FormMessage notice={t('console.api.revoked', { name: result.revoked })} />
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        <div className="min-w-0 space-y-4 lg:order-2">
          <CreateKeyPanel page={page} result={result?.created ? undefined : result} />
          <Panel title={t('console.api.endpoint')}>
            <p className="font-mono text-sm break-all select-all">{page.endpoint}</p>
            <p className="mt-2 text-sm text-slate-600">
              {t('console.api.usage', { limit: page.perMinute })}
            </p>
          </Panel>
        </div>
        <div className="min-w-0 lg:order-1">
          <KeyList page={page} result={result} />
        </div>
      </div>
    </div>
  );
}

function CreatedKey({
  created,
  endpoint,
}: {
  created: { name: string; token: string };
  endpoint: string;
}) {
  const t = useT();
  return (
    <section
      className="space-y-3 rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-600/30 sm:p-5"
      data-testid="created-key"
      aria-live="polite"
    >
      <h2 className="font-semibold text-emerald-900">
        {t('console.api.created.title', { name: created.name })}
      </h2>
      <p className="text-sm text-emerald-900">{t('console.api.created.body')}</p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code className="block min-w-0 flex-1 rounded-md bg-white px-3 py-2 font-mono text-sm break-all ring-1 ring-emerald-600/20 select-all">
          {created.token}
        </code>
        <CopyButton
          value={created.token}
          label={t('console.api.created.copyLabel')}
          className="h-10 px-4 text-sm"
        />
      </div>
      <details className="text-sm text-emerald-900">
        <summary className="cursor-pointer font-medium">{t('console.api.created.example')}</summary>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
          {`curl -H "Authorization: Bearer ${created.token}" \\\n  ${endpoint}/orders?limit=5`}
        </pre>
      </details>
    </section>
  );
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

function CreateKeyPanel({ page, result }: { page: PageData; result: ActionResult | undefined }) {
  const t = useT();
  const busy = useNavigation().state !== 'idle';
  const mine = result?.intent === 'create' ? result : undefined;
  const errors = mine?.fieldErrors ?? {};
  const values = mine?.values;
  const full = page.active >= page.limit;
  const askConfirm = page.confirmedUntil === null || mine?.confirm === 'create_api_key';
  const scopes = values?.scopes ?? ['orders:read'];
  return (
    <Panel title={t('console.api.create.title')}>
      <p className="mb-3 text-sm text-slate-600">
        {t('console.api.create.count', { active: page.active, limit: page.limit })}
      </p>
      {full ? (
        <Alert tone="info">{t('console.api.create.full', { limit: page.limit })}</Alert>
      ) : (
        // A new key remounts the form, so what was typed for it is cleared.
        <Form key={page.keys.length} method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="create" />
          {mine?.formError ? <FormMessage error={mine.formError} /> : null}
          <TextField
            label={t('console.api.create.name')}
            name="name"
            maxLength={40}
            autoComplete="off"
            defaultValue={values?.name}
            hint={t('console.api.create.nameHint')}
            error={errors.name}
            required
          />
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">
              {t('console.api.create.scopes')}
            </legend>
            {page.scopeNames.map((scope) => (
              <CheckboxField
                key={scope}
                id={`scope-${scope.replace(':', '-')}`}
                name="scopes"
                value={scope}
                defaultChecked={scopes.includes(scope)}
                label={
                  <>
                    {t(SCOPE_LABEL[scope])} <code className="text-xs text-slate-500">{scope}</code>
                  </>
                }
                hint={t(`${SCOPE_LABEL[scope]}.hint` as MessageKey)}
              />
            ))}
            {errors.scopes ? <p className="text-sm text-red-600">{errors.scopes}</p> : null}
          </fieldset>
          <SelectField
            label={t('console.api.create.lifetime')}
            name="lifetime"
            defaultValue={values?.lifetime ?? 'never'}
            error={errors.lifetime}
            options={page.lifetimes.map((value) => ({
              value,
              label: t(`console.api.lifetime.${value}` as MessageKey),
            }))}
          />
          <div
            className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900"
            role="note"
          >
            <p className="font-semibold">{t('console.api.create.warning.title')}</p>
            <p className="mt-1">{t('console.api.create.warning.body')}</p>
          </div>
          {askConfirm ? (
            <ConfirmIdentityFields
              action="create_api_key"
              methods={page.confirmMethods}
              errors={errors}
            />
          ) : page.confirmedUntil ? (
            <ConfirmedNote until={page.confirmedUntil} />
          ) : null}
          <Btn type="submit" disabled={busy} className="w-full sm:w-auto">
            {askConfirm
              ? t('security.confirm.submit', { action: t('security.action.create_api_key') })
              : t('console.api.create.submit')}
          </Btn>
        </Form>
      )}
    </Panel>
  );
}

function KeyList({ page, result }: { page: PageData; result: ActionResult | undefined }) {
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== 'idle';
  const time = (value: string | Date) => formatTime(value, lang);
  return (
    <Panel title={t('console.api.list.title', { count: page.keys.length })}>
      {page.keys.length === 0 ? (
        <p className="text-sm text-slate-500">{t('console.api.list.empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="api-keys">
          {page.keys.map((key) => (
            <li key={key.id} className="py-3 first:pt-0 last:pb-0">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p
                    className={cx(
                      'font-medium break-all',
                      key.status !== 'active' && 'text-slate-500',
                    )}
                  >
                    {key.name}
                  </p>
                  <p className="font-mono text-xs break-all text-slate-500">{key.hint}</p>
                </div>
                <Badge tone={STATUS_TONE[key.status]}>
                  {t(`console.api.status.${key.status}` as MessageKey)}
                </Badge>
              </div>
              <ul
                className="mt-2 flex flex-wrap gap-1.5"
                aria-label={t('console.api.create.scopes')}
              >
                {key.scopes.map((scope) => (
                  <li key={scope}>
                    <Badge tone="blue">{t(SCOPE_LABEL[scope])}</Badge>
                  </li>
                ))}
              </ul>
              <div className="mt-2 space-y-0.5 text-xs text-slate-500">
                <p>
                  {key.createdByName
                    ? t('console.api.key.created', {
                        time: time(key.createdAt),
                        name: key.createdByName,
                      })
                    : t('console.api.key.createdAnon', { time: time(key.createdAt) })}
                </p>
                <p>
                  {key.lastUsedAt
                    ? key.lastUsedIp
                      ? t('console.api.key.lastUsed', {
                          time: time(key.lastUsedAt),
                          ip: key.lastUsedIp,
                        })
                      : t('console.api.key.lastUsedNoIp', { time: time(key.lastUsedAt) })
                    : t('console.api.key.neverUsed')}
                </p>
                <p>
                  {key.revokedAt
                    ? t('console.api.key.revokedAt', { time: time(key.revokedAt) })
                    : key.expiresAt
                      ? t(
                          key.status === 'expired'
                            ? 'console.api.key.expired'
                            : 'console.api.key.expires',
                          {
                            time: time(key.expiresAt),
                          },
                        )
                      : t('console.api.key.noExpiry')}
                </p>
              </div>
              {key.status === 'active' ? (
                <Form
                  method="post"
                  className="mt-2"
                  onSubmit={(event) => {
                    if (!window.confirm(t('console.api.key.revokeConfirm', { name: key.name }))) {
                      event.preventDefault();
                    }
                  }}
                >
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="keyId" value={key.id} />
                  <Btn type="submit" variant="secondary" size="sm" disabled={busy}>
                    {t('console.api.key.revoke')}
                  </Btn>
                </Form>
              ) : null}
              {result?.intent === 'revoke' && result.target === key.id && result.formError ? (
                <div className="mt-2">
                  <FormMessage error={result.formError} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
