export { accountId, DEFAULT_CURRENCY } from './accounts.js';
export type { AccountRef } from './accounts.js';
export { getAccountBalance, owedOn } from './get-account-balance.js';
export { postEntry } from './post-entry.js';
export type { LedgerEntryInput, LedgerLineInput } from './post-entry.js';
export { BPS, lineRefundSplit, platformFee, saleSplit } from './sale-postings.js';
export type { SaleLine, SaleSplit } from './sale-postings.js';
