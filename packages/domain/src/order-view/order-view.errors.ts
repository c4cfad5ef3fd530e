export const OrderViewErrors = {
  /** A form failed validation; details.fieldErrors has a message per field. */
  INVALID_INPUT: 'ORDER_VIEW_INVALID_INPUT',
  /**
   * The order is not in this shop, or the person asking may not open it (not signed in as its
   * buyer and no access cookie for it). Deliberately one answer, so ids cannot be probed.
   */
  NOT_FOUND: 'ORDER_VIEW_NOT_FOUND',
  /** Revealing or downloading codes of an order that has none delivered (yet). */
  NO_CODES: 'ORDER_VIEW_NO_CODES',
  /** Revealing one code that is not one of this order's delivered codes. */
  CODE_NOT_FOUND: 'ORDER_VIEW_CODE_NOT_FOUND',
  /** A reveal with neither a customer session nor a browser id to record it against. */
  SESSION_REQUIRED: 'ORDER_VIEW_SESSION_REQUIRED',
  /**
   * 查单 by order number and password failed: unknown number, wrong password, or an order placed
   * from an account (no lookup password). One answer for all, so numbers cannot be probed.
   */
  LOOKUP_FAILED: 'ORDER_VIEW_LOOKUP_FAILED',
  /** 查单 by phone or email: the one-time code is wrong, expired, used or out of attempts. */
  CODE_INVALID: 'ORDER_VIEW_CODE_INVALID',
} as const;

export const ORDER_NOT_VISIBLE_MESSAGE = '订单不存在或无权查看';
export const LOOKUP_FAILED_MESSAGE = '订单号或查单密码不正确';
