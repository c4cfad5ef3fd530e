export const SecurityErrors = {
  /** A rate limit refused the request (too many sign-ins, codes, lookups from one place). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Too many failed sign-ins for this account or from this address: locked for a while. */
  LOCKED_OUT: 'LOCKED_OUT',
} as const;
