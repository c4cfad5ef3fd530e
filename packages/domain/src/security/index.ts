export { createRateLimiter } from './create-rate-limiter.js';
export {
  LOCKOUTS,
  RATE_LIMITS,
  assertNotLockedOut,
  enforceRateLimits,
  formatWait,
  recordSignInFailure,
} from './limits.js';
export { createMemoryRateLimiter } from './memory-rate-limiter.js';
export type {
  LockoutPolicy,
  LockoutState,
  RateLimiter,
  RateLimitResult,
  RateLimitRule,
} from './rate-limiter.js';
export { createRedisRateLimiter } from './redis-rate-limiter.js';
export { SecurityErrors } from './security.errors.js';
// --- two-step verification and second confirmation (issue 5) ---
export { PENDING_SIGN_IN_TTL_MS } from './pending-sign-in.js';
export {
  RECENT_CONFIRMATION_MS,
  SENSITIVE_ACTIONS,
  assertRecentlyConfirmed,
  confirmationExpiresAt,
  isRecentlyConfirmed,
  isSensitiveAction,
} from './recent-confirmation.js';
export type { SensitiveAction } from './recent-confirmation.js';
export { RECOVERY_CODE_COUNT } from './recovery-codes.js';
export { SECURITY_NOTICE_TITLES } from './security-notices.js';
export type { SecurityNoticeKind } from './security-notices.js';
export { confirmIdentitySchema } from './security.schemas.js';
export type { ConfirmIdentityInput } from './security.schemas.js';
export { TOTP_PERIOD_S, totpCodeAt } from './totp.js';
export type { EnrolmentView, TwoFactorStatus } from './two-factor.js';
