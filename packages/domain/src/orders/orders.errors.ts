export const OrderErrors = {
  /** Checkout input that fails its schema; userMessage names the first problem. */
  INVALID_INPUT: 'ORDER_INVALID_INPUT',
  /** A listing id that is not in this shop (removed, or never there). */
  LISTING_NOT_FOUND: 'ORDER_LISTING_NOT_FOUND',
  /** The listing, its SKU, product or supplier is not on sale right now. */
  NOT_ON_SALE: 'ORDER_NOT_ON_SALE',
  /** The quantity is outside the SKU's min/max per order. */
  QUANTITY_OUT_OF_RANGE: 'ORDER_QUANTITY_OUT_OF_RANGE',
  /** Not enough codes for the line: sold out, or fewer left than asked for. */
  OUT_OF_STOCK: 'ORDER_OUT_OF_STOCK',
  /** A direct_topup line whose account does not pass the product's field rules. */
  TOPUP_ACCOUNT_INVALID: 'ORDER_TOPUP_ACCOUNT_INVALID',
  /** A physical_card line without a shipping address. */
  SHIPPING_ADDRESS_REQUIRED: 'ORDER_SHIPPING_ADDRESS_REQUIRED',
  /** A guest gave neither an email address nor a phone number. */
  CONTACT_REQUIRED: 'ORDER_CONTACT_REQUIRED',
  /** A guest gave no order-lookup password (查单密码). */
  LOOKUP_PASSWORD_REQUIRED: 'ORDER_LOOKUP_PASSWORD_REQUIRED',
  /** Too many unpaid orders from this address, contact or account (stock-draining guard). */
  TOO_MANY_OPEN_ORDERS: 'ORDER_TOO_MANY_OPEN_ORDERS',
  /** The idempotency key was used before for a different order. */
  IDEMPOTENCY_KEY_REUSED: 'ORDER_IDEMPOTENCY_KEY_REUSED',
  /** An order id that is not in this shop. */
  NOT_FOUND: 'ORDER_NOT_FOUND',
  /** cancelOrder / startPayment: the order is no longer waiting for payment. */
  NOT_PENDING: 'ORDER_NOT_PENDING',
  /** A shop refund without a reason, or with one over 200 characters. */
  INVALID_REFUND: 'ORDER_INVALID_REFUND',
  /** A shop refund of a line that was refunded already, or never paid: nothing changes. */
  LINE_NOT_REFUNDABLE: 'ORDER_LINE_NOT_REFUNDABLE',
} as const;
