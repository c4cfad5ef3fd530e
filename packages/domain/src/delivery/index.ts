export { deliverOrder } from './deliver-order.js';
export type { DeliveryResult } from './deliver-order.js';
export { deliverOrderJob } from './deliver-order.job.js';
export { DeliveryErrors } from './delivery.errors.js';
export type { FulfilmentTaskRow } from './delivery.queries.js';
export { finishFulfilment } from './finish-fulfilment.js';
export { fulfilmentResultJob } from './fulfilment-result.job.js';
export {
  acceptFulfilmentTask,
  completeFulfilmentTask,
  failFulfilmentTask,
  listFulfilmentTasks,
} from './fulfilment-tasks.js';
export { getOrderCodes } from './get-order-codes.js';
export type { DeliveredCode } from './get-order-codes.js';
