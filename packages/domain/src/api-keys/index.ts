export type { ApiKeyScope } from '@cardshop/db';
export { requireApiKeyManager } from './api-key-guard.js';
export type { ApiKeyShop } from './api-key-guard.js';
export { API_KEY_PREFIX_LENGTH, API_KEY_SECRET_LENGTH, parseApiKeyToken } from './api-key-token.js';
export { apiKeyStatus } from './api-key-view.js';
export type { ApiKeyStatus, ApiKeyView } from './api-key-view.js';
export { ApiKeyErrors } from './api-keys.errors.js';
export {
  API_KEY_LIFETIMES,
  API_KEY_SCOPE_NAMES,
  API_KEY_SCOPES,
  createApiKeySchema,
} from './api-keys.schemas.js';
export type { ApiKeyLifetime, CreateApiKeyInput } from './api-keys.schemas.js';
export {
  API_KEY_TOUCH_INTERVAL_MS,
  authenticateApiKey,
  requireApiScope,
} from './authenticate-api-key.js';
export type { ApiPrincipal } from './authenticate-api-key.js';
export { createApiKey, MAX_ACTIVE_API_KEYS } from './create-api-key.js';
export type { CreatedApiKey } from './create-api-key.js';
export { listApiKeys } from './list-api-keys.js';
export type { ApiKeyList } from './list-api-keys.js';
export { revokeApiKey } from './revoke-api-key.js';
