export { BalanceErrors } from './balance.errors.js';
export {
  BALANCE_HISTORY_PAGE_SIZE,
  startTopupSchema,
  topupAmountFenSchema,
  topupAmountYuanSchema,
  TOPUP_MAX_FEN,
  TOPUP_MAX_OPEN,
  TOPUP_MIN_FEN,
  TOPUP_PRESETS_FEN,
  TOPUP_TTL_MS,
} from './balance.schemas.js';
export type { BalancePageInput, StartTopupInput } from './balance.schemas.js';
export { expireTopup } from './expire-topup.js';
export type { ExpireTopupResult } from './expire-topup.js';
export { expireTopupJob } from './expire-topup.job.js';
export { getCustomerBalance } from './get-customer-balance.js';
export type {
  BalanceHistoryItem,
  BalanceMovement,
  CustomerBalance,
  TopupView,
} from './get-customer-balance.js';
export { parseTopupAmount } from './parse-topup-amount.js';
export { startTopup, topupSubject } from './start-topup.js';
export type { StartedTopup } from './start-topup.js';
