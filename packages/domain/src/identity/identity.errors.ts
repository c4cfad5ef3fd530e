export const IdentityErrors = {
  /** signInStaff: wrong email or password, or a disabled account (deliberately indistinguishable). */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** createStaffUser: the email already has a console account. */
  EMAIL_TAKEN: 'STAFF_EMAIL_TAKEN',
  /** revokeStaffSession: no such session of this person (already signed out, or not theirs). */
  SESSION_NOT_FOUND: 'STAFF_SESSION_NOT_FOUND',
} as const;
