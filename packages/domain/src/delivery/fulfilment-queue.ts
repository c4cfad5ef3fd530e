import type { FulfilmentTaskStatus, SupplierTx } from '@cardshop/db';
import {
  countSupplierTasks,
  selectSupplierTaskPage,
  selectTopupFieldsBySku,
  type FulfilmentTaskRow,
} from './delivery.queries.js';
import { countSupplierShipments } from './shipments.queries.js';

const PAGE_SIZE = 20;
const STATUSES: readonly FulfilmentTaskStatus[] = ['pending', 'accepted', 'done', 'failed'];

export interface QueueTask extends FulfilmentTaskRow {
  /** The account to credit, field by field, labelled as the product asks for it. */
  fields: Array<{ key: string; label: string; value: string }>;
}

export interface FulfilmentQueue {
  status: FulfilmentTaskStatus;
  counts: Record<FulfilmentTaskStatus, number>;
  tasks: QueueTask[];
  page: number;
  pageCount: number;
}

/**
 * The supplier's top-up queue in one state (waiting by default), a page at a time, with how many
 * tasks each state holds and the account fields labelled for the person doing the top-up.
 */
export async function getFulfilmentQueue(
  trx: SupplierTx,
  input: { status?: string | null; page?: number } = {},
): Promise<FulfilmentQueue> {
  const status = (STATUSES as readonly string[]).includes(input.status ?? '')
    ? (input.status as FulfilmentTaskStatus)
    : 'pending';
  const byStatus = await countSupplierTasks(trx);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, byStatus[s] ?? 0])) as Record<
    FulfilmentTaskStatus,
    number
  >;
  const pageCount = Math.max(1, Math.ceil(counts[status] / PAGE_SIZE));
  const page = Math.min(Math.max(Math.trunc(input.page ?? 1) || 1, 1), pageCount);
  const rows = await selectSupplierTaskPage(trx, status, {
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const fieldsBySku = await selectTopupFieldsBySku(trx, [...new Set(rows.map((r) => r.skuId))]);
  const tasks = rows.map((row) => {
    const defined = fieldsBySku.get(row.skuId) ?? [];
    const known = defined
      .filter((f) => row.account[f.key] !== undefined && row.account[f.key] !== '')
      .map((f) => ({ key: f.key, label: f.label, value: row.account[f.key]! }));
    // Fields the product no longer defines still belong to this order: show them by their key.
    const extra = Object.entries(row.account)
      .filter(([key, value]) => value !== '' && !defined.some((f) => f.key === key))
      .map(([key, value]) => ({ key, label: key, value }));
    return { ...row, fields: [...known, ...extra] };
  });
  return { status, counts, tasks, page, pageCount };
}

/** What is waiting on the supplier: top-ups not yet done (pending or accepted) and cards to send. */
export async function countOpenFulfilment(
  trx: SupplierTx,
): Promise<{ topups: number; shipments: number }> {
  const tasks = await countSupplierTasks(trx);
  const shipments = await countSupplierShipments(trx);
  return {
    topups: (tasks.pending ?? 0) + (tasks.accepted ?? 0),
    shipments: shipments.pending ?? 0,
  };
}
