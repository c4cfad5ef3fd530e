export { ClaimErrors } from './claims.errors.js';
export {
  claimOrdersSchema,
  sendClaimCodeSchema,
  verifyClaimContactSchema,
} from './claims.schemas.js';
export { claimGuestOrders } from './claim-guest-orders.js';
export { CLAIM_LIST_LIMIT, getOrderClaims } from './get-order-claims.js';
export type { ClaimContact, OrderClaims } from './get-order-claims.js';
export { sendClaimCode } from './send-claim-code.js';
export { verifyClaimContact } from './verify-claim-contact.js';
