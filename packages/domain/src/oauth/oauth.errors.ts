export const OAuthErrors = {
  /** The provider is not configured in this deployment (its button is not shown either). */
  PROVIDER_UNAVAILABLE: 'OAUTH_PROVIDER_UNAVAILABLE',
  /**
   * The state that came back is forged, of another shop or browser, expired, or already used. One
   * answer for all: start again.
   */
  STATE_INVALID: 'OAUTH_STATE_INVALID',
  /** The person declined on the provider's page (no code came back). */
  CANCELLED: 'OAUTH_CANCELLED',
  /** The provider refused the code or did not answer (errcode, network, unexpected body). */
  PROVIDER_FAILED: 'OAUTH_PROVIDER_FAILED',
  /** Linking: this WeChat / QQ already belongs to another account of this shop. */
  IDENTITY_TAKEN: 'OAUTH_IDENTITY_TAKEN',
  /** Linking: the account already has a (different) WeChat / QQ; unlink it first. */
  ALREADY_LINKED: 'OAUTH_ALREADY_LINKED',
  /** Linking was started by another account than the one now signed in. */
  WRONG_ACCOUNT: 'OAUTH_WRONG_ACCOUNT',
  /** The unknown identity waiting for a choice is gone: expired, finished, or not this browser's. */
  PENDING_EXPIRED: 'OAUTH_PENDING_EXPIRED',
  /** Unlinking a provider the account has not linked. */
  NOT_LINKED: 'OAUTH_NOT_LINKED',
  /** Unlinking would leave the account with no way to sign in (no phone, email or other link). */
  LAST_WAY_IN: 'OAUTH_LAST_WAY_IN',
} as const;
