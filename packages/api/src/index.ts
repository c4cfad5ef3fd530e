export { apiError, handleApiError } from './errors.js';
export { clientIp, createAppServer, listen } from './server.js';
export { csrfGuard } from './csrf.js';
export { webhookRoutes } from './webhooks.js';
export type { AppServerOptions, RunningServer } from './server.js';
export type { AppEnv } from './types.js';
