const HEX32 = /^[0-9a-f]{32}$/;

function hex(uuid: string) {
  return uuid.replace(/-/g, '').toLowerCase();
}

function uuid(hex32: string) {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20)}`;
}

/**
 * The merchant reference sent to a gateway with a payment (out_trade_no): the shop's and the
 * payment's ids as 64 hex digits, which every gateway's length limit allows. The notification
 * carries it back, signed, so the handler knows which shop's transaction to open.
 */
export function encodePaymentReference(tenantId: string, paymentId: string): string {
  return `${hex(tenantId)}${hex(paymentId)}`;
}

export function decodePaymentReference(
  reference: string,
): { tenantId: string; paymentId: string } | null {
  if (reference.length !== 64) return null;
  const tenant = reference.slice(0, 32).toLowerCase();
  const payment = reference.slice(32).toLowerCase();
  if (!HEX32.test(tenant) || !HEX32.test(payment)) return null;
  return { tenantId: uuid(tenant), paymentId: uuid(payment) };
}
