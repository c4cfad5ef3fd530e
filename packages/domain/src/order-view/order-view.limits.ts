import type { RateLimitRule } from '../security/rate-limiter.js';

const MINUTE = 60_000;

/**
 * 查单 limits beyond RATE_LIMITS.orderLookupPerIp (security/limits.ts): a guessed password is
 * tried against one order number at most this often, from however many addresses, and codes for
 * one phone or email are checked at most this often.
 */
export const ORDER_LOOKUP_LIMITS = {
  perOrderNumber: { name: 'lookup:order', limit: 5, windowMs: 15 * MINUTE },
  perContact: { name: 'lookup:contact', limit: 10, windowMs: 15 * MINUTE },
} satisfies Record<string, RateLimitRule>;
