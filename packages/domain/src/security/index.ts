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
