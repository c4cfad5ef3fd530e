export const SecurityErrors = {
  /** A rate limit refused the request (too many sign-ins, codes, lookups from one place). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Too many failed sign-ins for this account or from this address: locked for a while. */
  LOCKED_OUT: 'LOCKED_OUT',
  /** A sensitive operation without a confirmation (password or fresh code) in the last 5 minutes. */
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  /** Confirming identity failed: wrong password or code, or a method the account does not have. */
  CONFIRMATION_FAILED: 'CONFIRMATION_FAILED',
  /** The second sign-in step: wrong, reused or expired authenticator or recovery code. */
  TWO_FACTOR_INVALID: 'TWO_FACTOR_INVALID',
  /** The second sign-in step came too late (the pending sign-in expired) or without one. */
  TWO_FACTOR_EXPIRED: 'TWO_FACTOR_EXPIRED',
  /** Enrolling when two-step verification is already on, or managing it when it is off. */
  TWO_FACTOR_STATE: 'TWO_FACTOR_STATE',
  /** A form of the security pages failed validation; details.fieldErrors says where. */
  INVALID_INPUT: 'SECURITY_INVALID_INPUT',
} as const;
