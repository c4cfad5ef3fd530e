import type { SupplierTx } from '@cardshop/db';
import { parseId } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { enqueueJob } from '../jobs/outbox.js';
import { DeliveryErrors } from './delivery.errors.js';
import {
  selectSupplierTask,
  selectSupplierTasks,
  transitionSupplierTask,
  type FulfilmentTaskRow,
} from './delivery.queries.js';
import { fulfilmentResultJob } from './fulfilment-result.job.js';

const NOT_FOUND = '找不到这个充值任务';

function taskId(id: string) {
  return parseId(id, DeliveryErrors.TASK_NOT_FOUND, NOT_FOUND);
}

async function closedOrMissing(trx: SupplierTx, id: string): Promise<never> {
  const task = await selectSupplierTask(trx, id);
  if (!task)
    throw new DomainError(DeliveryErrors.TASK_NOT_FOUND, { userMessage: NOT_FOUND, status: 404 });
  const state = { pending: '待处理', accepted: '已接单', done: '已完成', failed: '已失败' }[
    task.status
  ];
  throw new DomainError(DeliveryErrors.TASK_CLOSED, {
    userMessage: `这个充值任务${state}，不能再这样操作`,
    status: 409,
  });
}

/** The supplier's top-up queue: open tasks (pending, accepted) by default, oldest first. */
export async function listFulfilmentTasks(
  trx: SupplierTx,
  options: { include?: 'open' | 'all'; limit?: number } = {},
): Promise<FulfilmentTaskRow[]> {
  const statuses =
    options.include === 'all'
      ? (['pending', 'accepted', 'done', 'failed'] as const)
      : (['pending', 'accepted'] as const);
  return selectSupplierTasks(trx, [...statuses], Math.min(Math.max(options.limit ?? 50, 1), 200));
}

/** The supplier takes a pending top-up task on (others in its team see it is being handled). */
export async function acceptFulfilmentTask(trx: SupplierTx, id: string): Promise<void> {
  const moved = await transitionSupplierTask(trx, taskId(id), ['pending'], 'accepted', null);
  if (!moved) await closedOrMissing(trx, taskId(id));
}

/** The supplier credited the account: the shop's line becomes delivered (through a job). */
export async function completeFulfilmentTask(
  trx: SupplierTx,
  input: { taskId: string; note?: string },
): Promise<void> {
  const id = taskId(input.taskId);
  const note = input.note?.trim().slice(0, 500) || null;
  const moved = await transitionSupplierTask(trx, id, ['pending', 'accepted'], 'done', note);
  if (!moved) return closedOrMissing(trx, id);
  await enqueueJob(trx, fulfilmentResultJob, { tenantId: moved.tenantId, taskId: id });
}

/**
 * The supplier could not credit the account: the buyer is refunded for the line (through a job),
 * and the reason is shown to them.
 */
export async function failFulfilmentTask(
  trx: SupplierTx,
  input: { taskId: string; reason: string },
): Promise<void> {
  const id = taskId(input.taskId);
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500) {
    throw new DomainError(DeliveryErrors.REASON_REQUIRED, {
      userMessage: '请填写充值失败的原因（2–500 字），买家会看到它',
      status: 422,
    });
  }
  const moved = await transitionSupplierTask(trx, id, ['pending', 'accepted'], 'failed', reason);
  if (!moved) return closedOrMissing(trx, id);
  await enqueueJob(trx, fulfilmentResultJob, { tenantId: moved.tenantId, taskId: id });
}
