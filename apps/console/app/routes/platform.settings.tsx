import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import {
  platformGetSettings,
  platformListSettingsChanges,
  platformUpdateSettings,
} from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { formatTime, PageHeader } from '../components';
import { attempt, badRequest, text, type FormResult } from '../forms.server';
import { bpsToPercentInput, formatBps, formatFen, parsePercentToBps } from '../money';
import { requirePlatform } from '../permissions.server';
import { asOperator } from '../scopes.server';
import { Btn, FormMessage, Panel, ReadOnlyNote, Stat, TextField } from '../ui';

export const meta: MetaFunction = () => [{ title: '平台设置 · 卡盟云' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { can, actor } = await requirePlatform(request, context, 'settings.view');
  const { settings, changes } = await asOperator(
    context,
    actor,
    'console: read platform settings',
    async (trx) => ({
      settings: await platformGetSettings(trx),
      changes: await platformListSettingsChanges(trx, 10),
    }),
  );
  const url = new URL(request.url);
  return {
    settings,
    changes,
    canEdit: can('settings.manage'),
    notice: url.searchParams.get('notice'),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requirePlatform(request, context, 'settings.manage');
  const form = await request.formData();
  const values = { platformFeePercent: text(form, 'platformFeePercent') };
  const result: FormResult = { intent: 'save', values };
  const fee = parsePercentToBps(values.platformFeePercent, '平台手续费');
  if (!fee.ok) return badRequest({ ...result, fieldErrors: { platformFeePercent: fee.error } });

  const done = await attempt(
    () =>
      asOperator(context, actor, 'console: update platform settings', (trx) =>
        platformUpdateSettings(trx, actor, { platformFeeBps: fee.value }),
      ),
    result,
  );
  if (!done.ok) return done.response;
  return redirect(`/platform/settings?notice=${done.value.changed ? 'saved' : 'unchanged'}`);
}

export default function PlatformSettings() {
  const { settings, changes, canEdit, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  const busy = useNavigation().state === 'submitting';
  const fee = formatBps(settings.platformFeeBps);

  return (
    <>
      <PageHeader
        title={t('console.platformSettings.title')}
        subtitle={t('console.platformSettings.subtitle')}
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-4">
          {notice === 'saved' ? (
            <FormMessage notice={t('console.platformSettings.saved', { fee })} />
          ) : notice === 'unchanged' ? (
            <FormMessage notice={t('console.platformSettings.unchanged')} />
          ) : null}
          <Stat
            label={t('console.platformSettings.current')}
            value={fee}
            hint={
              settings.updatedBy
                ? t('console.platformSettings.updated', {
                    who: settings.updatedBy.displayName || settings.updatedBy.email,
                    time: formatTime(settings.updatedAt, lang),
                  })
                : t('console.platformSettings.neverUpdated')
            }
          />
          <p className="text-sm text-slate-600">
            {t('console.platformSettings.feeExample', {
              // On 10,000 fen one basis point is one fen.
              fee: formatFen(settings.platformFeeBps),
            })}{' '}
            {t('console.platformSettings.appliesNote')}
          </p>
          <Panel title={t('console.platformSettings.history')}>
            {changes.length === 0 ? (
              <p className="text-sm text-slate-500">{t('console.platformSettings.historyEmpty')}</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {changes.map((c, i) => (
                  <li key={i} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span className="tabular-nums">
                      {formatBps(c.before)} → <strong>{formatBps(c.after)}</strong>
                    </span>
                    <span className="text-slate-500">
                      {c.actorEmail ?? t('console.platformSettings.someone')} ·{' '}
                      {formatTime(c.occurredAt, lang)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>

        <Panel title={t('console.platformSettings.fee')} className="self-start">
          {canEdit ? (
            <Form method="post" key={location.key} className="space-y-3" noValidate>
              <FormMessage error={result?.formError} />
              <TextField
                label={t('console.platformSettings.fee')}
                name="platformFeePercent"
                inputMode="decimal"
                required
                maxLength={8}
                hint={t('console.platformSettings.feeHint')}
                defaultValue={
                  result?.values?.platformFeePercent ?? bpsToPercentInput(settings.platformFeeBps)
                }
                error={result?.fieldErrors?.platformFeePercent}
              />
              <Btn type="submit" disabled={busy}>
                {t('console.platformSettings.save')}
              </Btn>
            </Form>
          ) : (
            <ReadOnlyNote />
          )}
        </Panel>
      </div>
    </>
  );
}
