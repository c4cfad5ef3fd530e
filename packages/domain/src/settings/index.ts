export { readPlatformFeeBps, platformListSettingsChanges } from './platform-settings.queries.js';
export type { PlatformSettings, PlatformSettingsChange } from './platform-settings.queries.js';
export { MAX_PLATFORM_FEE_BPS, platformSettingsSchema } from './platform-settings.schemas.js';
export type { PlatformSettingsInput } from './platform-settings.schemas.js';
export { platformGetSettings, platformUpdateSettings } from './platform-update-settings.js';
export { SettingsErrors } from './settings.errors.js';
