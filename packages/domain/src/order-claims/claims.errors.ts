export const ClaimErrors = {
  /** The form failed validation; details.fieldErrors has a message per field. */
  INVALID_INPUT: 'CLAIM_INVALID_INPUT',
  /** The account has no phone (or no email) to verify. */
  NO_CONTACT: 'CLAIM_NO_CONTACT',
  /** Claiming before the phone or email was proved with a code in this session. */
  CONTACT_NOT_VERIFIED: 'CLAIM_CONTACT_NOT_VERIFIED',
  /** None of the chosen orders can be claimed (claimed already, or not placed with a proved contact). */
  NOTHING_TO_CLAIM: 'CLAIM_NOTHING_TO_CLAIM',
} as const;
