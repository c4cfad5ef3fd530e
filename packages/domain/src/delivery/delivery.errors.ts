export const DeliveryErrors = {
  /** A fulfilment task id that is not this supplier's. */
  TASK_NOT_FOUND: 'DELIVERY_TASK_NOT_FOUND',
  /** The task is already done or failed, or (accept) already accepted. */
  TASK_CLOSED: 'DELIVERY_TASK_CLOSED',
  /** failFulfilmentTask without a reason the buyer can be told. */
  REASON_REQUIRED: 'DELIVERY_REASON_REQUIRED',
  /** An order id that is not in this shop, or not delivered yet. */
  ORDER_NOT_FOUND: 'DELIVERY_ORDER_NOT_FOUND',
  /** A shipment id that is not this supplier's. */
  SHIPMENT_NOT_FOUND: 'DELIVERY_SHIPMENT_NOT_FOUND',
  /** The shipment was cancelled or has already arrived: its tracking can no longer change. */
  SHIPMENT_CLOSED: 'DELIVERY_SHIPMENT_CLOSED',
  /** markShipmentShipped without a carrier, or with a tracking number that cannot be one. */
  TRACKING_INVALID: 'DELIVERY_TRACKING_INVALID',
} as const;
