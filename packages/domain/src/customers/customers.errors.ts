export const CustomerErrors = {
  /** A form failed validation; details.fieldErrors has a message per field. */
  INVALID_INPUT: 'CUSTOMER_INVALID_INPUT',
  /**
   * Password sign-in failed: unknown account, wrong password, no password set, or a disabled
   * account. Deliberately one answer, so it never tells whether an account exists.
   */
  INVALID_CREDENTIALS: 'CUSTOMER_INVALID_CREDENTIALS',
  /** A one-time code is wrong, expired, used, superseded or out of attempts (one answer). */
  CODE_INVALID: 'CUSTOMER_CODE_INVALID',
  /** Registering with a password for a phone or email that already has an account in this shop. */
  ACCOUNT_EXISTS: 'CUSTOMER_ACCOUNT_EXISTS',
  /** The shop disabled this account; told only after the person proved they own the contact. */
  ACCOUNT_DISABLED: 'CUSTOMER_ACCOUNT_DISABLED',
  /** Changing phone or email: the new address is another customer's in this shop. */
  CONTACT_TAKEN: 'CUSTOMER_CONTACT_TAKEN',
  /** Changing phone or email to the one the account already has. */
  CONTACT_UNCHANGED: 'CUSTOMER_CONTACT_UNCHANGED',
  /** Revoking a session that is not one of this customer's live sessions. */
  SESSION_NOT_FOUND: 'CUSTOMER_SESSION_NOT_FOUND',
} as const;
