import type { Runtime } from '../runtime.js';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

/** Redis when REDIS_URL is set (shared by every process), otherwise this process's memory. */
export function createRateLimiter(runtime: {
  env: Pick<Runtime['env'], 'REDIS_URL' | 'REDIS_PREFIX'>;
}): RateLimiter {
  return runtime.env.REDIS_URL
    ? createRedisRateLimiter({ url: runtime.env.REDIS_URL, prefix: runtime.env.REDIS_PREFIX })
    : createMemoryRateLimiter();
}
