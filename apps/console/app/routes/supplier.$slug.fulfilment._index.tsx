import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import {
  acceptFulfilmentTask,
  completeFulfilmentTask,
  failFulfilmentTask,
  getFulfilmentQueue,
  type QueueTask,
} from '@cardshop/domain';
import { cx, useLang, useT } from '@cardshop/ui';
import { formatTime } from '../components';
import { attempt, text, type FormResult } from '../forms.server';
import { CopyField, FilterTabs, TASK_STATUS_TONE, WorkItemHeader } from '../orders-ui';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';
import { Btn, EmptyState, FormMessage, Pager, ReadOnlyNote } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, base, can } = await requireSupplier(
    request,
    context,
    params.slug,
    'fulfilment.view',
  );
  const url = new URL(request.url);
  const queue = await asSupplier(context, supplier, (trx) =>
    getFulfilmentQueue(trx, {
      status: url.searchParams.get('status'),
      page: Number(url.searchParams.get('page') ?? 1),
    }),
  );
  return { ...queue, canFulfil: can('fulfilment.work'), base: `${base}/fulfilment` };
}

const INTENTS = ['accept', 'complete', 'fail'] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier } = await requireSupplier(request, context, params.slug, 'fulfilment.work');
  const form = await request.formData();
  const intent = text(form, 'intent');
  const taskId = text(form, 'taskId');
  if (!(INTENTS as readonly string[]).includes(intent)) {
    return data<FormResult>({ intent, target: taskId, formError: '不支持的操作' }, 400);
  }
  const values = { note: text(form, 'note'), reason: text(form, 'reason') };
  const done = await attempt(
    () =>
      asSupplier(context, supplier, (trx) =>
        intent === 'accept'
          ? acceptFulfilmentTask(trx, taskId)
          : intent === 'complete'
            ? completeFulfilmentTask(trx, { taskId, note: values.note })
            : failFulfilmentTask(trx, { taskId, reason: values.reason }),
      ),
    { intent, target: taskId, values },
  );
  if (!done.ok) return done.response;
  if (intent !== 'accept') context.runtime.kickOutbox();
  return data<FormResult>({ intent, target: taskId, notice: intent });
}

type Task = QueueTask & { createdAt: string | Date };

export default function TopupQueue() {
  const { status, counts, tasks, page, pageCount, canFulfil, base } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const [search] = useSearchParams();
  const t = useT();
  const notices = {
    accept: t('console.fulfilment.accepted'),
    complete: t('console.fulfilment.completed'),
    fail: t('console.fulfilment.failed'),
  } as Record<string, string>;
  const unrelatedError = result?.formError && !tasks.some((task) => task.id === result.target);
  return (
    <>
      <FilterTabs
        label={t('console.fulfilment.filter')}
        tabs={(['pending', 'accepted', 'done', 'failed'] as const).map((s) => ({
          to: s === 'pending' ? base : `${base}?status=${s}`,
          label: t(`console.taskFilter.${s}`),
          count: counts[s],
          active: status === s,
        }))}
      />
      {!canFulfil ? (
        <div className="mb-4">
          <ReadOnlyNote />
        </div>
      ) : null}
      {result?.notice ? (
        <div className="mb-4">
          <FormMessage notice={notices[result.notice]} />
        </div>
      ) : null}
      {unrelatedError ? (
        <div className="mb-4">
          <FormMessage error={result.formError} />
        </div>
      ) : null}
      {tasks.length === 0 ? (
        <EmptyState>{t(`console.fulfilment.empty.${status}`)}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {tasks.map((task) => (
            <TaskCard
              key={task.id}
              task={task}
              canFulfil={canFulfil}
              result={result?.target === task.id ? result : undefined}
            />
          ))}
        </ul>
      )}
      <Pager page={page} pageCount={pageCount} search={search} />
    </>
  );
}

function TaskCard({
  task,
  canFulfil,
  result,
}: {
  task: Task;
  canFulfil: boolean;
  result: FormResult | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formData?.get('taskId') === task.id;
  const open = task.status === 'pending' || task.status === 'accepted';
  const failError = result?.intent === 'fail' ? result.formError : undefined;
  return (
    <li
      className={cx(
        'rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200',
        task.status === 'accepted' && 'ring-sky-300',
      )}
    >
      <WorkItemHeader
        item={task}
        times={[
          t('console.fulfilment.placedAt', { time: formatTime(task.createdAt, lang) }),
          task.acceptedAt
            ? t('console.fulfilment.acceptedAt', { time: formatTime(task.acceptedAt, lang) })
            : null,
          task.finishedAt
            ? t('console.fulfilment.finishedAt', { time: formatTime(task.finishedAt, lang) })
            : null,
        ]}
        tone={TASK_STATUS_TONE[task.status]}
        statusLabel={t(`console.taskStatus.${task.status}`)}
      />

      <div className="mt-3 grid gap-2 sm:grid-cols-2">
        {task.fields.length === 0 ? (
          <p className="text-sm text-slate-500">{t('console.fulfilment.noAccount')}</p>
        ) : (
          task.fields.map((f) => <CopyField key={f.key} label={f.label} value={f.value} />)
        )}
      </div>

      {task.supplierNote ? (
        <p
          className={cx(
            'mt-3 rounded-lg px-3 py-2 text-sm',
            task.status === 'failed' ? 'bg-red-50 text-red-800' : 'bg-slate-50 text-slate-700',
          )}
        >
          <span className="font-medium">
            {task.status === 'failed'
              ? t('console.fulfilment.reasonLabel')
              : t('console.fulfilment.noteLabel')}
            ：
          </span>
          {task.supplierNote}
        </p>
      ) : null}
      {task.status === 'failed' ? (
        <p className="mt-2 text-xs text-slate-500">{t('console.fulfilment.refundedHint')}</p>
      ) : null}

      {result?.formError && result.intent !== 'fail' ? (
        <div className="mt-3">
          <FormMessage error={result.formError} />
        </div>
      ) : null}

      {open && canFulfil ? (
        <div className="mt-3 space-y-2 border-t border-slate-100 pt-3">
          <div className="flex flex-wrap items-center gap-2">
            {task.status === 'pending' ? (
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="accept" />
                <input type="hidden" name="taskId" value={task.id} />
                <Btn variant="secondary" disabled={busy}>
                  {t('console.fulfilment.accept')}
                </Btn>
              </Form>
            ) : null}
            <Form method="post" preventScrollReset className="flex min-w-0 flex-1 gap-2">
              <input type="hidden" name="intent" value="complete" />
              <input type="hidden" name="taskId" value={task.id} />
              <label className="sr-only" htmlFor={`note-${task.id}`}>
                {t('console.fulfilment.noteLabel')}
              </label>
              <input
                id={`note-${task.id}`}
                name="note"
                maxLength={500}
                defaultValue={result?.values?.note}
                placeholder={t('console.fulfilment.notePlaceholder')}
                className="focus:border-brand focus:ring-brand h-10 min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm outline-none focus:ring-1"
              />
              <Btn disabled={busy}>{t('console.fulfilment.complete')}</Btn>
            </Form>
          </div>
          <details open={Boolean(failError)} className="group">
            <summary className="cursor-pointer text-sm text-red-700 select-none hover:underline">
              {t('console.fulfilment.failToggle')}
            </summary>
            <Form method="post" preventScrollReset className="mt-2 space-y-2" noValidate>
              <input type="hidden" name="intent" value="fail" />
              <input type="hidden" name="taskId" value={task.id} />
              <label htmlFor={`reason-${task.id}`} className="block text-sm text-slate-700">
                {t('console.fulfilment.reasonPrompt')}
              </label>
              <textarea
                id={`reason-${task.id}`}
                name="reason"
                rows={2}
                maxLength={500}
                defaultValue={result?.values?.reason}
                aria-invalid={failError ? true : undefined}
                aria-describedby={failError ? `reason-${task.id}-error` : undefined}
                placeholder={t('console.fulfilment.reasonPlaceholder')}
                className={cx(
                  'focus:border-brand focus:ring-brand block w-full rounded-lg border bg-white px-3 py-2 text-sm shadow-sm outline-none focus:ring-1',
                  failError ? 'border-red-500' : 'border-slate-300',
                )}
              />
              {failError ? (
                <p id={`reason-${task.id}-error`} className="text-sm text-red-600">
                  {failError}
                </p>
              ) : null}
              <Btn variant="danger" disabled={busy}>
                {t('console.fulfilment.fail')}
              </Btn>
            </Form>
          </details>
        </div>
      ) : null}
    </li>
  );
}
