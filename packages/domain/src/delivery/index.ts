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
export { countOpenFulfilment, getFulfilmentQueue } from './fulfilment-queue.js';
export type { FulfilmentQueue, QueueTask } from './fulfilment-queue.js';
export { shipmentTrackingSchema } from './delivery.schemas.js';
export type { ShipmentTrackingInput } from './delivery.schemas.js';
export { finishShipment } from './finish-shipment.js';
export { listShipments, markShipmentShipped } from './ship-shipment.js';
export type { ShipmentQueue, ShipmentView } from './ship-shipment.js';
export type { ShipmentRow } from './shipments.queries.js';
export { shipmentShippedJob } from './shipment-shipped.job.js';
export { sendCodesEmailJob } from './send-codes-email.job.js';
export { composeCodesEmail, sendCodesEmail } from './send-codes-email.js';
export type { CodesEmailContent, CodesEmailOutcome } from './send-codes-email.js';
