import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { platformSearchAudit, SECURITY_ACTIONS } from '@cardshop/domain';
import { useLang, useT, type MessageKey } from '@cardshop/ui';
import { DataTable, formatTime, PageHeader } from '../components';
import { withPlatformStaff } from '../platform.server';
import { Btn, CheckboxField, SelectField, TextField, buttonClass } from '../ui';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const page = await withPlatformStaff(request, context, 'console: read audit log', (trx) =>
    platformSearchAudit(trx, params, 100),
  );
  return {
    // The datalist of the event-type filter (the client bundle must not import the domain).
    actions: SECURITY_ACTIONS,
    search: page.search,
    older: page.older,
    entries: page.entries.map((e) => ({
      ...e,
      occurredAt: e.occurredAt.toISOString(),
      data: JSON.stringify(e.data ?? {}),
    })),
  };
}

const ACTOR_TYPES = ['staff', 'system', 'customer', 'api'] as const;

/**
 * The platform's audit logs for operators: the platform log (console sign-ins, scope use, settings)
 * or every shop's log (customer sign-ins, lookups, settings), filtered by actor, event type, shop
 * and security events only, newest first, 100 at a time.
 */
export default function Audit() {
  const { entries, search, older, actions } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  const olderHref = () => {
    const next = new URLSearchParams(location.search);
    next.set('before', older!);
    return `?${next.toString()}`;
  };
  const newestHref = () => {
    const next = new URLSearchParams(location.search);
    next.delete('before');
    return `?${next.toString()}`;
  };
  const shops = search.log === 'shops';
  return (
    <>
      <PageHeader title={t('console.audit.title')} subtitle={t('console.audit.subtitle')} />
      <Form
        method="get"
        key={location.search}
        className="mb-4 grid gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-3"
      >
        <SelectField
          label={t('console.audit.log')}
          name="log"
          defaultValue={search.log}
          options={[
            { value: 'platform', label: t('console.audit.log.platform') },
            { value: 'shops', label: t('console.audit.log.shops') },
          ]}
        />
        <SelectField
          label={t('console.audit.actorType')}
          name="actorType"
          defaultValue={search.actorType ?? ''}
          options={[
            { value: '', label: t('console.audit.actorType.any') },
            ...ACTOR_TYPES.map((type) => ({
              value: type,
              label: t(`console.audit.actorType.${type}` as MessageKey),
            })),
          ]}
        />
        <TextField
          label={t('console.audit.actorFilter')}
          name="actor"
          defaultValue={search.actor ?? ''}
          placeholder={t('console.audit.actorPlaceholder')}
          autoComplete="off"
        />
        <TextField
          label={t('console.audit.actionFilter')}
          name="action"
          list="audit-actions"
          defaultValue={search.action ?? ''}
          placeholder={t('console.audit.actionPlaceholder')}
          autoComplete="off"
        />
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <TextField
          label={t('console.audit.shop')}
          name="shop"
          defaultValue={search.shop ?? ''}
          placeholder={t('console.audit.shopPlaceholder')}
          autoComplete="off"
        />
        <div className="flex flex-col justify-end gap-3">
          <CheckboxField
            label={t('console.audit.securityOnly')}
            name="securityOnly"
            value="1"
            defaultChecked={search.securityOnly}
          />
          <div className="flex flex-wrap items-center gap-3">
            <Btn type="submit">{t('console.audit.apply')}</Btn>
            <Link to="/platform/audit" className={buttonClass('ghost')}>
              {t('console.audit.reset')}
            </Link>
          </div>
        </div>
      </Form>
      <DataTable
        rows={entries}
        rowKey={(r) => r.id}
        columns={[
          { header: t('console.audit.time'), cell: (r) => formatTime(r.occurredAt, lang) },
          ...(shops || entries.some((r) => r.shop)
            ? [
                {
                  header: t('console.audit.shopColumn'),
                  cell: (r: (typeof entries)[number]) => r.shop?.name ?? '—',
                },
              ]
            : []),
          {
            header: t('console.audit.actor'),
            cell: (r) => (
              <span className="break-all">
                {t(`console.audit.actorType.${r.actorType}` as MessageKey)}
                {r.actorLabel ? ` ${r.actorLabel}` : r.actorId ? ` ${r.actorId.slice(0, 8)}` : ''}
              </span>
            ),
          },
          {
            header: t('console.audit.action'),
            cell: (r) => <code className="text-xs">{r.action}</code>,
          },
          {
            header: t('console.audit.where'),
            cell: (r) => (
              <span className="text-xs text-slate-600">
                {[r.ip, r.device].filter(Boolean).join(' · ') || '—'}
              </span>
            ),
          },
          {
            header: t('console.audit.details'),
            cell: (r) => (
              <code className="line-clamp-3 text-xs break-all text-slate-500" title={r.data}>
                {r.data}
              </code>
            ),
          },
        ]}
      />
      <div className="mt-4 flex flex-wrap justify-between gap-3">
        {search.before ? (
          <Link to={newestHref()} className={buttonClass('secondary')}>
            {t('console.audit.newest')}
          </Link>
        ) : (
          <span />
        )}
        {older ? (
          <Link to={olderHref()} className={buttonClass('secondary')}>
            {t('console.audit.older')}
          </Link>
        ) : null}
      </div>
    </>
  );
}
