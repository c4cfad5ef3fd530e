export {
  bindPayoutAccount,
  financeContext,
  inFinanceScope,
  payoutAccountOwnerContext,
} from './bind-payout-account.js';
export type { FinanceArea, FinanceContext } from './bind-payout-account.js';
export { FinanceErrors } from './finance.errors.js';
export type { FinanceOwner } from './finance.queries.js';
export { passesLuhn, payoutAccountSchema } from './finance.schemas.js';
export type { PayoutAccountDetails, PayoutAccountInput } from './finance.schemas.js';
export {
  getFinanceOverview,
  payableAccount,
  STATEMENT_LINE_KINDS,
  STATEMENT_PAGE_SIZE,
} from './get-finance-overview.js';
export type { FinanceOverview, StatementLine, StatementLineKind } from './get-finance-overview.js';
export { openPayoutAccount } from './open-payout-account.js';
export { payoutAccountSealer } from './payout-account-keys.js';
export type { PayoutAccountSealer } from './payout-account-keys.js';
export {
  maskCardNumber,
  maskName,
  payoutAccountHints,
  payoutAccountLabel,
} from './payout-account-hints.js';
export type { PayoutAccountView } from './payout-account-hints.js';
