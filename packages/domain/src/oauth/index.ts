export {
  availableOAuthProviders,
  oauthDeps,
  requireProvider,
  type OAuthDeps,
} from './oauth-context.js';
export { OAuthErrors } from './oauth.errors.js';
export { callbackUrl, isBrowserSecret, newBrowserSecret, openRelayToken } from './oauth-state.js';
export { OAuthProviderError } from './provider.js';
export type { OAuthProvider, OAuthProviderId, ProviderProfile } from './provider.js';
export { isOAuthProviderId, OAUTH_PROVIDER_IDS, PROVIDER_NAMES } from './providers.js';
export { OAUTH_FLOW_TTL_MS, startOAuth } from './start-oauth.js';
export type { StartOAuthInput } from './start-oauth.js';
export { finishOAuth, PENDING_IDENTITY_TTL_MS } from './finish-oauth.js';
export type { FinishOAuthInput, OAuthReturn } from './finish-oauth.js';
export { createAccountFromOAuth, getPendingOAuth, linkPendingOAuth } from './pending-oauth.js';
export type { PendingOAuth, PendingOAuthRef } from './pending-oauth.js';
export { getCustomerConnections, unlinkCustomerIdentity } from './customer-identities.js';
export type { CustomerConnections, LinkedIdentity } from './customer-identities.js';
export { WECHAT_AUTHORIZE_URL, WECHAT_TOKEN_URL, WECHAT_USERINFO_URL } from './wechat.js';
export { QQ_AUTHORIZE_URL, QQ_ME_URL, QQ_TOKEN_URL, QQ_USERINFO_URL } from './qq.js';
