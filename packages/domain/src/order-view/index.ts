export { listCodeReveals, recordCodeReveal } from './code-reveals.js';
export type { CodeReveal, CodeRevealInput, RevealSession } from './code-reveals.js';
export { getOrderView } from './get-order-view.js';
export type { MaskedCode, OrderView, OrderViewLine, OrderViewStatus } from './get-order-view.js';
export { CUSTOMER_ORDERS_PAGE_SIZE, listCustomerOrders } from './list-customer-orders.js';
export {
  LOOKUP_MAX_ORDERS,
  lookupOrderByPassword,
  lookupOrdersByContact,
  sendOrderLookupCode,
} from './lookup-order.js';
export type { OrderViewer } from './order-access.js';
export type { OrderListItem } from './order-list.js';
export {
  LOOKUP_FAILED_MESSAGE,
  ORDER_NOT_VISIBLE_MESSAGE,
  OrderViewErrors,
} from './order-view.errors.js';
export { ORDER_LOOKUP_LIMITS } from './order-view.limits.js';
export {
  lookupByContactSchema,
  lookupByPasswordSchema,
  orderNumberSchema,
  sendLookupCodeSchema,
} from './order-view.schemas.js';
export { cancelOrderFromPage, listPaymentProviders, payOrderFromPage } from './pay-order.js';
export { revealOrderCodes } from './reveal-order-codes.js';
export type { RevealedCodes } from './reveal-order-codes.js';
