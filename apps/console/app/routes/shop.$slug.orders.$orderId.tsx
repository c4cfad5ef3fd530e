import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useParams,
} from '@remix-run/react';
import { getShopOrder, shopRefundLine, type ShopOrderDetail } from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { formatTime } from '../components';
import { attempt, orNotFound, text, type FormResult } from '../forms.server';
import { formatFen } from '../money';
import {
  AddressBlock,
  Facts,
  LINE_STATUS_TONE,
  ORDER_STATUS_TONE,
  SHIPMENT_STATUS_TONE,
  StatusBadge,
  TASK_STATUS_TONE,
} from '../orders-ui';
import { requireShop } from '../permissions.server';
import { codeVault, inShop } from '../scopes.server';
import { Btn, FormMessage, Money, NotFoundBoundary, Panel, TextAreaField } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, can } = await requireShop(request, context, params.slug, 'orders.view');
  const order = await orNotFound(() =>
    inShop(context, shop, (trx) =>
      getShopOrder(trx, codeVault(context), {
        tenantId: shop.tenantId,
        orderId: params.orderId ?? '',
      }),
    ),
  );
  const refundedId = new URL(request.url).searchParams.get('refunded');
  return {
    order,
    base: `/shop/${shop.slug}/orders`,
    canRefund: can('orders.refund'),
    justRefunded: order.refunds.find((r) => r.id === refundedId) ?? null,
  };
}

/** Owner and manager refund one paid or delivered line; the reason goes to the audit log. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop, user } = await requireShop(request, context, params.slug, 'orders.refund');
  const form = await request.formData();
  const lineId = text(form, 'lineId');
  const reason = text(form, 'reason');
  const done = await attempt(
    () =>
      inShop(context, shop, (trx) =>
        shopRefundLine(trx, {
          tenantId: shop.tenantId,
          orderId: params.orderId ?? '',
          actor: { type: 'staff', id: user.id, ip: context.ip },
          refund: { lineId, reason },
        }),
      ),
    { intent: 'refund', target: lineId, values: { reason } },
  );
  if (!done.ok) return done.response;
  context.runtime.kickOutbox();
  return redirect(
    `/shop/${shop.slug}/orders/${params.orderId ?? ''}?refunded=${done.value.refundId}`,
  );
}

type Detail = ShopOrderDetail;
type Line = Detail['lines'][number];
type Time = string | Date | null;

export default function ShopOrder() {
  const { order, base, canRefund, justRefunded } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const time = (value: Time) => (value ? formatTime(value, lang) : '—');
  const wholesaleCost = order.lines.reduce((sum, l) => sum + l.wholesaleFen, 0);
  return (
    <>
      <div className="mb-4">
        <Link to={base} className="text-brand text-sm hover:underline">
          ← {t('console.orders.back')}
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <h1 className="font-mono text-xl font-semibold break-all">
            {t('console.orders.numberTitle', { number: order.number })}
          </h1>
          <StatusBadge
            tone={ORDER_STATUS_TONE[order.status]}
            label={t(`console.orderStatus.${order.status}`)}
          />
        </div>
      </div>

      {justRefunded ? (
        <div className="mb-4">
          <FormMessage
            notice={`${t('console.orders.refundDone', { amount: formatFen(justRefunded.amountFen) })} ${t(`console.refundDestination.${justRefunded.destination}`)}`}
          />
        </div>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0 space-y-4">
          <Panel title={t('console.orders.lines')}>
            <ul className="divide-y divide-slate-100">
              {order.lines.map((line) => (
                <LineItem
                  key={line.id}
                  line={line as Line}
                  time={time}
                  refundTo={canRefund ? order.refundDestination : null}
                />
              ))}
            </ul>
          </Panel>

          <Panel title={t('console.orders.payments')}>
            {order.payments.length === 0 ? (
              <p className="text-sm text-slate-500">{t('console.orders.noPayments')}</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {order.payments.map((p) => (
                  <li key={p.id} className="flex items-start justify-between gap-3 py-2">
                    <div className="min-w-0">
                      <p className="font-medium">
                        {p.provider === 'balance'
                          ? t('console.orders.payBalance')
                          : p.provider === 'test'
                            ? t('console.orders.payTest')
                            : p.provider}
                      </p>
                      <p className="text-xs break-all text-slate-500">
                        {p.providerTransactionId
                          ? t('console.orders.txn', { id: p.providerTransactionId })
                          : t('console.orders.noTxn')}
                      </p>
                      <p className="text-xs text-slate-500">
                        {t('console.orders.startedAt', { time: time(p.createdAt) })}
                        {p.succeededAt
                          ? ` · ${t('console.orders.succeededAt', { time: time(p.succeededAt) })}`
                          : ''}
                      </p>
                    </div>
                    <div className="shrink-0 text-right">
                      <Money fen={p.amountFen} className="font-medium" />
                      <div>
                        <StatusBadge
                          tone={
                            p.status === 'succeeded'
                              ? 'green'
                              : p.status === 'failed'
                                ? 'red'
                                : p.status === 'refunded'
                                  ? 'slate'
                                  : 'amber'
                          }
                          label={t(`console.paymentStatus.${p.status}`)}
                        />
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Panel>

          {order.refunds.length > 0 ? (
            <Panel title={t('console.orders.refunds')}>
              <ul className="divide-y divide-slate-100 text-sm">
                {order.refunds.map((r) => {
                  const line = order.lines.find((l) => l.id === r.orderLineId);
                  return (
                    <li key={r.id} className="flex items-start justify-between gap-3 py-2">
                      <div className="min-w-0">
                        <p className="font-medium">{t(`console.refundReason.${r.reason}`)}</p>
                        {r.staffReason ? (
                          <p className="text-xs break-words text-slate-700">
                            {t('console.orders.refundStaffReason', { reason: r.staffReason })}
                          </p>
                        ) : null}
                        <p className="text-xs text-slate-500">
                          {line
                            ? `${line.productName} · ${line.skuName}`
                            : t('console.orders.wholeOrder')}
                          {' · '}
                          {t(`console.refundDestination.${r.destination}`)}
                        </p>
                        <p className="text-xs text-slate-500">
                          {time(r.createdAt)}
                          {r.completedAt
                            ? ` · ${t('console.orders.completedAt', { time: time(r.completedAt) })}`
                            : ''}
                        </p>
                        {r.status === 'failed' && r.lastError ? (
                          <p className="text-xs text-red-600">{r.lastError}</p>
                        ) : null}
                      </div>
                      <div className="shrink-0 text-right">
                        <Money fen={-r.amountFen} className="font-medium text-red-600" />
                        <div>
                          <StatusBadge
                            tone={
                              r.status === 'succeeded'
                                ? 'green'
                                : r.status === 'failed'
                                  ? 'red'
                                  : 'amber'
                            }
                            label={t(`console.refundStatus.${r.status}`)}
                          />
                        </div>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </Panel>
          ) : null}

          <Panel title={t('console.orders.reveals')}>
            <p className="mb-2 text-xs text-slate-500">{t('console.orders.revealsHint')}</p>
            {order.reveals.length === 0 ? (
              <p className="text-sm text-slate-500">{t('console.orders.noReveals')}</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {order.reveals.map((r) => (
                  <li key={r.id} className="py-2">
                    <p className="flex flex-wrap items-center justify-between gap-2">
                      <span className="font-medium">
                        {r.scope === 'all'
                          ? t('console.orders.revealAll')
                          : t('console.orders.revealOne', { code: r.masked ?? '—' })}
                      </span>
                      <span className="text-xs text-slate-500">{time(r.revealedAt)}</span>
                    </p>
                    <p className="text-xs break-all text-slate-500">
                      {t(r.via === 'txt' ? 'console.orders.viaTxt' : 'console.orders.viaPage')}
                      {' · IP '}
                      {r.ip ?? '—'}
                      {' · '}
                      {r.customerSessionId
                        ? t('console.orders.revealCustomer', {
                            session: r.customerSessionId.slice(0, 8),
                          })
                        : t('console.orders.revealGuest', {
                            browser: (r.browserId ?? '').slice(0, 8),
                          })}
                    </p>
                    {r.userAgent ? (
                      <p className="truncate text-xs text-slate-400" title={r.userAgent}>
                        {r.userAgent}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>

        <div className="space-y-4">
          <Panel title={t('console.orders.amounts')}>
            <Facts
              items={[
                [t('console.orders.total'), <Money key="t" fen={order.totalFen} />],
                [t('console.orders.wholesale'), <Money key="w" fen={wholesaleCost} />],
                [t('console.orders.platformFee'), <Money key="f" fen={order.platformFeeFen} />],
                [
                  t('console.orders.refunded'),
                  <Money
                    key="r"
                    fen={order.refundedFen}
                    className={order.refundedFen > 0 ? 'text-red-600' : undefined}
                  />,
                ],
                [
                  t('console.orders.netMargin'),
                  <Money
                    key="m"
                    fen={order.marginFen}
                    className={
                      order.marginFen < 0
                        ? 'font-semibold text-red-600'
                        : 'font-semibold text-emerald-700'
                    }
                  />,
                ],
              ]}
            />
            <p className="mt-2 text-xs text-slate-500">{t('console.orders.marginHint')}</p>
          </Panel>

          <Panel title={t('console.orders.buyer')}>
            <Facts
              items={[
                [
                  t('console.orders.account'),
                  order.customer ? order.customer.displayName : t('console.orders.guest'),
                ],
                ...(order.customer?.phone
                  ? [[t('console.orders.phone'), order.customer.phone] as [string, string]]
                  : []),
                ...(order.customer?.email
                  ? [[t('console.orders.email'), order.customer.email] as [string, string]]
                  : []),
                ...(order.contactPhone && order.contactPhone !== order.customer?.phone
                  ? [[t('console.orders.contactPhone'), order.contactPhone] as [string, string]]
                  : []),
                ...(order.contactEmail && order.contactEmail !== order.customer?.email
                  ? [[t('console.orders.contactEmail'), order.contactEmail] as [string, string]]
                  : []),
                [t('console.orders.ip'), order.ip ?? '—'],
              ]}
            />
          </Panel>

          <Panel title={t('console.orders.timeline')}>
            <Facts
              items={[
                [t('console.orders.createdAt'), time(order.createdAt)],
                ...(order.status === 'pending_payment'
                  ? [[t('console.orders.expiresAt'), time(order.expiresAt)] as [string, string]]
                  : []),
                [t('console.orders.paidAt'), time(order.paidAt)],
                [t('console.orders.deliveredAt'), time(order.deliveredAt)],
                ...(order.closedAt
                  ? [[t('console.orders.closedAt'), time(order.closedAt)] as [string, string]]
                  : []),
              ]}
            />
          </Panel>
        </div>
      </div>
    </>
  );
}

function LineItem({
  line,
  time,
  refundTo,
}: {
  line: Line;
  time: (value: Time) => string;
  /** Where a refund goes, when this member may refund; null hides the action. */
  refundTo: Detail['refundDestination'] | null;
}) {
  const t = useT();
  return (
    <li className="py-3 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">
            {line.productName} · {line.skuName}
          </p>
          <p className="text-xs text-slate-500">
            {t(`console.productType.${line.productType}`)} · <Money fen={line.unitPriceFen} /> ×{' '}
            {line.quantity}
          </p>
        </div>
        <StatusBadge
          tone={LINE_STATUS_TONE[line.status]}
          label={t(`console.lineStatus.${line.status}`)}
        />
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-2 text-xs sm:grid-cols-4">
        {[
          [t('console.orders.lineTotal'), <Money key="t" fen={line.totalFen} />],
          [t('console.orders.wholesale'), <Money key="w" fen={line.wholesaleFen} />],
          [t('console.orders.platformFee'), <Money key="f" fen={line.platformFeeFen} />],
          [
            t('console.orders.margin'),
            <Money
              key="m"
              fen={line.marginFen}
              className={line.marginFen < 0 ? 'text-red-600' : 'text-emerald-700'}
            />,
          ],
        ].map(([label, value]) => (
          <div key={label as string} className="rounded-lg bg-slate-50 px-2 py-1.5">
            <dt className="text-slate-500">{label}</dt>
            <dd className="text-sm font-medium">{value}</dd>
          </div>
        ))}
      </dl>

      {line.productType === 'card_code' ? (
        line.codes.length > 0 ? (
          <div className="mt-2">
            <p className="text-xs text-slate-500">
              {t('console.orders.codesMasked', { count: line.codes.length })}
            </p>
            <ul className="mt-1 flex flex-wrap gap-1.5">
              {line.codes.map((c) => (
                <li
                  key={c.codeId}
                  className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700"
                >
                  {c.masked}
                  {c.hasPassword ? ' / ******' : ''}
                  {c.expiresOn ? (
                    <span className="ml-1 text-slate-400">
                      {t('console.orders.expiresOn', { date: c.expiresOn })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="mt-2 text-xs text-slate-500">{t('console.orders.noCodes')}</p>
        )
      ) : null}

      {line.productType === 'direct_topup' ? (
        <div className="mt-2 space-y-1 text-sm">
          {line.topupAccount ? (
            <p className="text-xs break-all text-slate-600">
              {t('console.orders.topupAccount')}：
              <span className="font-mono">
                {Object.values(line.topupAccount).filter(Boolean).join(' / ')}
              </span>
            </p>
          ) : null}
          {line.task ? (
            <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
              {t('console.orders.task')}
              <StatusBadge
                tone={TASK_STATUS_TONE[line.task.status]}
                label={t(`console.taskStatus.${line.task.status}`)}
              />
              {line.task.finishedAt
                ? time(line.task.finishedAt)
                : line.task.acceptedAt
                  ? t('console.fulfilment.acceptedAt', { time: time(line.task.acceptedAt) })
                  : null}
            </p>
          ) : (
            <p className="text-xs text-slate-500">{t('console.orders.noTask')}</p>
          )}
          {line.task?.supplierNote ? (
            <p
              className={
                line.task.status === 'failed'
                  ? 'rounded bg-red-50 px-2 py-1 text-xs text-red-800'
                  : 'rounded bg-slate-50 px-2 py-1 text-xs text-slate-700'
              }
            >
              {line.task.status === 'failed'
                ? t('console.fulfilment.reasonLabel')
                : t('console.fulfilment.noteLabel')}
              ：{line.task.supplierNote}
            </p>
          ) : null}
        </div>
      ) : null}

      {line.productType === 'physical_card' ? (
        <div className="mt-2 space-y-2 text-sm">
          {line.shippingAddress ? (
            <AddressBlock address={line.shippingAddress} copy={false} />
          ) : null}
          {line.shipment ? (
            <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
              {t('console.orders.shipment')}
              <StatusBadge
                tone={SHIPMENT_STATUS_TONE[line.shipment.status]}
                label={t(`console.shipmentStatus.${line.shipment.status}`)}
              />
              {line.shipment.trackingNumber ? (
                <span className="font-mono">
                  {line.shipment.carrier} {line.shipment.trackingNumber}
                </span>
              ) : null}
              {line.shipment.shippedAt ? time(line.shipment.shippedAt) : null}
            </p>
          ) : (
            <p className="text-xs text-slate-500">{t('console.orders.noShipment')}</p>
          )}
        </div>
      ) : null}

      {refundTo && line.refundable ? <RefundLine line={line} refundTo={refundTo} /> : null}
    </li>
  );
}

function RefundLine({ line, refundTo }: { line: Line; refundTo: Detail['refundDestination'] }) {
  const t = useT();
  const result = useActionData<FormResult>();
  const navigation = useNavigation();
  const mine = result?.intent === 'refund' && result.target === line.id ? result : undefined;
  const busy = navigation.state !== 'idle' && navigation.formData?.get('lineId') === line.id;
  const amount = formatFen(line.totalFen);
  return (
    <details className="mt-3 rounded-lg border border-red-200 bg-red-50/40" open={Boolean(mine)}>
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-red-700">
        {t('console.orders.refundAction')}
      </summary>
      <Form method="post" className="space-y-3 px-3 pb-3">
        <input type="hidden" name="lineId" value={line.id} />
        <p className="text-sm font-medium">{t('console.orders.refundTitle', { amount })}</p>
        <ul className="list-disc space-y-1 pl-5 text-xs text-red-800">
          <li>
            {refundTo === 'balance'
              ? t('console.orders.refundToBalance', { amount })
              : t('console.orders.refundToGateway', { amount })}
          </li>
          {line.productType === 'card_code' ? <li>{t('console.orders.refundCodesStay')}</li> : null}
          {line.productType === 'physical_card' ? (
            <li>{t('console.orders.refundPhysical')}</li>
          ) : null}
          {line.productType === 'direct_topup' ? <li>{t('console.orders.refundTopup')}</li> : null}
          <li>{t('console.orders.refundLedger')}</li>
        </ul>
        <FormMessage error={mine?.fieldErrors ? undefined : mine?.formError} />
        <TextAreaField
          id={`reason-${line.id}`}
          name="reason"
          label={t('console.orders.refundReason')}
          hint={t('console.orders.refundReasonHint')}
          required
          maxLength={200}
          rows={2}
          defaultValue={mine?.values?.reason ?? ''}
          error={mine?.fieldErrors?.reason}
        />
        <Btn type="submit" variant="danger" size="sm" disabled={busy} className="w-full sm:w-auto">
          {t('console.orders.refundConfirm', { amount })}
        </Btn>
      </Form>
    </details>
  );
}

export function ErrorBoundary() {
  const { slug } = useParams();
  return <NotFoundBoundary what="console.orders.notFound" back={`/shop/${slug}/orders`} />;
}
