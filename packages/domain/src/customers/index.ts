export { changeCustomerPassword } from './change-password.js';
export type { CustomerAuth } from './customer-auth.js';
export { customerContext } from './customer-context.js';
export type { CustomerContext, CustomerDeps } from './customer-context.js';
export {
  authenticateCustomer,
  getCustomerSessions,
  revokeCustomerSession,
  revokeOtherCustomerSessions,
  signOutCustomer,
} from './customer-session-actions.js';
export {
  BROWSER_SESSION_TTL_MS,
  REMEMBERED_SESSION_TTL_MS,
  createCustomerSession,
  listCustomerSessions,
  validateCustomerSession,
} from './customer-sessions.js';
export type {
  CustomerSession,
  CustomerSessionSummary,
  IssuedCustomerSession,
} from './customer-sessions.js';
export { CustomerErrors } from './customers.errors.js';
export type { Customer, CustomerSecurityEvent } from './customers.queries.js';
export {
  PASSWORD_MIN,
  changePasswordSchema,
  codeSchema,
  customerPasswordSchema,
  identifierSchema,
  phoneSchema,
  registerWithPasswordSchema,
  resetPasswordSchema,
  sendCodeSchema,
  signInWithCodeSchema,
  signInWithPasswordSchema,
} from './customers.schemas.js';
export type { Identifier } from './customers.schemas.js';
export { describeDevice } from './device.js';
export { getCustomerAccount } from './get-customer-account.js';
export type { CustomerAccount } from './get-customer-account.js';
export { maskEmail, maskPhone } from './mask.js';
export { registerCustomer } from './register-customer.js';
export { resetPasswordWithCode } from './reset-password.js';
export { sendAccountCode } from './send-account-code.js';
export { sendVerificationCode } from './send-verification-code.js';
export type { CodeSent } from './send-verification-code.js';
export { INVALID_CREDENTIALS_MESSAGE, signInCustomer } from './sign-in-customer.js';
export { CODE_INVALID_MESSAGE, signInWithCode } from './sign-in-with-code.js';
export { CODE_MAX_ATTEMPTS, CODE_TTL_MS } from './verification-codes.js';
// --- two-step verification, second confirmation, contact change, notices (issue 5) ---
export { changeCustomerContact, sendContactChangeCode } from './change-contact.js';
export type { NewContactInput } from './change-contact.js';
export {
  confirmCustomerIdentity,
  customerSecretContext,
  getCustomerConfirmation,
  requireCustomerRecentConfirmation,
} from './confirm-customer.js';
export type { CustomerConfirmation, CustomerConfirmMethod } from './confirm-customer.js';
export { getCustomerNotices, markCustomerNoticesAllRead } from './customer-notices.js';
export type { CustomerNotice } from './customer-notices.js';
export {
  completeCustomerSignIn,
  confirmCustomerTwoFactorEnrolment,
  disableCustomerTwoFactor,
  getCustomerTwoFactor,
  regenerateCustomerRecoveryCodes,
  startCustomerTwoFactorEnrolment,
} from './customer-two-factor.js';
export { customerSignInChallenge } from './customer-two-factor.js';
export { customerHasTwoFactor } from './customer-security.queries.js';
export type { TwoFactorChallenge } from './customer-two-factor.js';
export type { CustomerSignInResult } from './sign-in-customer.js';
