export { cancelOrder } from './cancel-order.js';
export { createOrder, DEFAULT_OPEN_ORDER_LIMITS, DEFAULT_ORDER_TTL_MS } from './create-order.js';
export type { CreateOrderOptions, CreateOrderResult, OpenOrderLimits } from './create-order.js';
export { expireOrder } from './expire-order.js';
export type { ExpireOrderResult } from './expire-order.js';
export { expireOrderJob } from './expire-order.job.js';
export { getOrder } from './get-order.js';
export type { OrderSummary, OrderSummaryLine } from './get-order.js';
export { paidOrderStatus } from './order-status.js';
export { OrderErrors } from './orders.errors.js';
export { createOrderSchema, shippingAddressSchema } from './orders.schemas.js';
export type { CreateOrderInput } from './orders.schemas.js';
export { getShopOrder } from './get-shop-order.js';
export type { ShopOrderDetail, ShopOrderLine } from './get-shop-order.js';
export { shopRefundLine } from './shop-refund-line.js';
export type { ShopRefundLineResult } from './shop-refund-line.js';
export { listShopOrders, SHOP_ORDER_STATUSES } from './list-shop-orders.js';
export type { ShopOrderList } from './list-shop-orders.js';
export type {
  ShopOrderListRow,
  ShopPaymentRow,
  ShopRefundRow,
  ShopShipmentRow,
  ShopTaskRow,
} from './shop-orders.queries.js';
