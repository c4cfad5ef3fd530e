export const ApiKeyErrors = {
  /** The create form does not parse (name, scopes, lifetime). */
  INVALID_INPUT: 'API_KEY_INVALID_INPUT',
  /** The shop already has MAX_ACTIVE_API_KEYS keys in force. */
  LIMIT_REACHED: 'API_KEY_LIMIT_REACHED',
  /** Revoking a key that is not this shop's (or no key at all). */
  NOT_FOUND: 'API_KEY_NOT_FOUND',
  /** The signed-in person is no longer on the shop's team. */
  NOT_A_MEMBER: 'API_KEY_NOT_A_MEMBER',
  /**
   * An API request without a usable key: none, malformed, unknown, wrong secret, revoked or
   * expired. One code and one message for all of them, so a caller learns nothing about keys.
   */
  INVALID_API_KEY: 'INVALID_API_KEY',
  /** The key is good but lacks the scope the resource needs. */
  INSUFFICIENT_SCOPE: 'INSUFFICIENT_SCOPE',
  /** The key made more than RATE_LIMITS.apiPerKey requests in the window. */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
