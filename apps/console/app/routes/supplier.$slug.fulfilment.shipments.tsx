import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import { listShipments, markShipmentShipped, type ShipmentRow } from '@cardshop/domain';
import { cx, useLang, useT } from '@cardshop/ui';
import { formatTime } from '../components';
import { attempt, text, type FormResult } from '../forms.server';
import {
  AddressBlock,
  CopyField,
  FilterTabs,
  SHIPMENT_STATUS_TONE,
  WorkItemHeader,
} from '../orders-ui';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';
import { Btn, EmptyState, FormMessage, Pager, ReadOnlyNote } from '../ui';

/** Carriers offered as suggestions; any other name can be typed. */
const CARRIERS = [
  '顺丰速运',
  '京东物流',
  '中通快递',
  '圆通速递',
  '韵达快递',
  '申通快递',
  '极兔速递',
  '邮政快递包裹',
  'EMS',
  '德邦快递',
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, base, can } = await requireSupplier(
    request,
    context,
    params.slug,
    'fulfilment.view',
  );
  const url = new URL(request.url);
  const queue = await asSupplier(context, supplier, (trx) =>
    listShipments(trx, {
      view: url.searchParams.get('view'),
      page: Number(url.searchParams.get('page') ?? 1),
    }),
  );
  return {
    ...queue,
    canFulfil: can('fulfilment.work'),
    base: `${base}/fulfilment/shipments`,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier } = await requireSupplier(request, context, params.slug, 'fulfilment.work');
  const form = await request.formData();
  const intent = text(form, 'intent');
  const shipmentId = text(form, 'shipmentId');
  if (intent !== 'ship') {
    return data<FormResult>({ intent, target: shipmentId, formError: '不支持的操作' }, 400);
  }
  const values = { carrier: text(form, 'carrier'), trackingNumber: text(form, 'trackingNumber') };
  const done = await attempt(
    () =>
      asSupplier(context, supplier, (trx) => markShipmentShipped(trx, { shipmentId, ...values })),
    { intent, target: shipmentId, values },
  );
  if (!done.ok) return done.response;
  if (done.value.outcome === 'shipped') context.runtime.kickOutbox();
  return data<FormResult>({ intent, target: shipmentId, notice: done.value.outcome });
}

type Shipment = ShipmentRow & { createdAt: string | Date; shippedAt: string | Date | null };

export default function Shipments() {
  const { view, counts, shipments, page, pageCount, canFulfil, base } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const [search] = useSearchParams();
  const t = useT();
  const unrelatedError =
    result?.formError && !shipments.some((s) => s.id === result.target) ? result.formError : null;
  return (
    <>
      <FilterTabs
        label={t('console.shipments.filter')}
        tabs={(['pending', 'shipped', 'cancelled'] as const).map((v) => ({
          to: v === 'pending' ? base : `${base}?view=${v}`,
          label: t(`console.shipments.view.${v}`),
          count: counts[v],
          active: view === v,
        }))}
      />
      {!canFulfil ? (
        <div className="mb-4">
          <ReadOnlyNote />
        </div>
      ) : null}
      {result?.notice ? (
        <div className="mb-4">
          <FormMessage
            notice={t(
              result.notice === 'corrected'
                ? 'console.shipments.corrected'
                : 'console.shipments.shipped',
            )}
          />
        </div>
      ) : null}
      {unrelatedError ? (
        <div className="mb-4">
          <FormMessage error={unrelatedError} />
        </div>
      ) : null}
      <datalist id="carriers">
        {CARRIERS.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {shipments.length === 0 ? (
        <EmptyState>{t(`console.shipments.empty.${view}`)}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {shipments.map((s) => (
            <ShipmentCard
              key={s.id}
              shipment={s}
              canFulfil={canFulfil}
              result={result?.target === s.id ? result : undefined}
            />
          ))}
        </ul>
      )}
      <Pager page={page} pageCount={pageCount} search={search} />
    </>
  );
}

function ShipmentCard({
  shipment,
  canFulfil,
  result,
}: {
  shipment: Shipment;
  canFulfil: boolean;
  result: FormResult | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const pending = shipment.status === 'pending';
  const editable = canFulfil && (pending || shipment.status === 'shipped');
  const form = (
    <TrackingForm
      shipment={shipment}
      result={result}
      submitLabel={t(pending ? 'console.shipments.markShipped' : 'console.shipments.saveTracking')}
    />
  );
  return (
    <li className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <WorkItemHeader
        item={shipment}
        times={[
          t('console.fulfilment.placedAt', { time: formatTime(shipment.createdAt, lang) }),
          shipment.shippedAt
            ? t('console.shipments.shippedAt', { time: formatTime(shipment.shippedAt, lang) })
            : null,
        ]}
        tone={SHIPMENT_STATUS_TONE[shipment.status]}
        statusLabel={t(`console.shipmentStatus.${shipment.status}`)}
      />
      {shipment.status === 'cancelled' ? (
        <p className="mt-2 text-sm text-amber-800">{t('console.shipments.cancelledNote')}</p>
      ) : null}
      <div className="mt-3">
        <AddressBlock address={shipment.address} />
      </div>
      {shipment.trackingNumber ? (
        <div className="mt-2">
          <CopyField
            label={`${t('console.shipments.tracking')} · ${shipment.carrier ?? ''}`}
            value={shipment.trackingNumber}
          />
        </div>
      ) : null}
      {editable ? (
        pending ? (
          <div className="mt-3 border-t border-slate-100 pt-3">{form}</div>
        ) : (
          <details className="mt-3" open={Boolean(result?.formError)}>
            <summary className="text-brand cursor-pointer text-sm select-none hover:underline">
              {t('console.shipments.editTracking')}
            </summary>
            <div className="mt-2">{form}</div>
          </details>
        )
      ) : null}
    </li>
  );
}

function TrackingForm({
  shipment,
  result,
  submitLabel,
}: {
  shipment: Shipment;
  result: FormResult | undefined;
  submitLabel: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const busy =
    navigation.state === 'submitting' && navigation.formData?.get('shipmentId') === shipment.id;
  const errors = result?.fieldErrors ?? {};
  const fieldClass = (error: string | undefined) =>
    cx(
      'focus:border-brand focus:ring-brand block h-10 w-full rounded-lg border bg-white px-3 text-sm shadow-sm outline-none focus:ring-1',
      error ? 'border-red-500' : 'border-slate-300',
    );
  const carrierId = `carrier-${shipment.id}`;
  const trackingId = `tracking-${shipment.id}`;
  return (
    <Form method="post" preventScrollReset noValidate className="space-y-2">
      <input type="hidden" name="intent" value="ship" />
      <input type="hidden" name="shipmentId" value={shipment.id} />
      {result?.formError && !Object.keys(errors).length ? (
        <FormMessage error={result.formError} />
      ) : null}
      <div className="grid gap-2 sm:grid-cols-[12rem_1fr_auto] sm:items-start">
        <div>
          <label htmlFor={carrierId} className="mb-1 block text-xs text-slate-600">
            {t('console.shipments.carrier')}
          </label>
          <input
            id={carrierId}
            name="carrier"
            list="carriers"
            maxLength={40}
            autoComplete="off"
            defaultValue={result?.values?.carrier ?? shipment.carrier ?? ''}
            placeholder={t('console.shipments.carrierPlaceholder')}
            aria-invalid={errors.carrier ? true : undefined}
            aria-describedby={errors.carrier ? `${carrierId}-error` : undefined}
            className={fieldClass(errors.carrier)}
          />
          {errors.carrier ? (
            <p id={`${carrierId}-error`} className="mt-1 text-sm text-red-600">
              {errors.carrier}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor={trackingId} className="mb-1 block text-xs text-slate-600">
            {t('console.shipments.tracking')}
          </label>
          <input
            id={trackingId}
            name="trackingNumber"
            maxLength={60}
            autoComplete="off"
            autoCapitalize="characters"
            inputMode="text"
            defaultValue={result?.values?.trackingNumber ?? shipment.trackingNumber ?? ''}
            placeholder={t('console.shipments.trackingPlaceholder')}
            aria-invalid={errors.trackingNumber ? true : undefined}
            aria-describedby={errors.trackingNumber ? `${trackingId}-error` : undefined}
            className={cx(fieldClass(errors.trackingNumber), 'font-mono')}
          />
          {errors.trackingNumber ? (
            <p id={`${trackingId}-error`} className="mt-1 text-sm text-red-600">
              {errors.trackingNumber}
            </p>
          ) : null}
        </div>
        <Btn disabled={busy} className="w-full sm:mt-5 sm:w-auto">
          {submitLabel}
        </Btn>
      </div>
    </Form>
  );
}
