import { Hono } from 'hono';
import { apiError, handleApiError } from '../errors.js';
import type { AppEnv } from '../types.js';
import { resourceRoutes } from './resources.js';

/**
 * The public reseller API (docs/api.md): a shop's goods on sale and its orders, read with the
 * shop's API keys.
 */
export function apiRoutes() {
  const api = new Hono<AppEnv>();
  api.onError(handleApiError);
  api.get('/v1', (c) =>
    c.json({ name: 'cardshop', version: 'v1', docs: '/docs/api', time: new Date().toISOString() }),
  );
  api.route('/v1', resourceRoutes());
  // Mounted with app.route, a sub-app's notFound never fires: unmatched paths would fall through
  // to the page handler. This catch-all keeps every /api answer JSON.
  api.all('*', (c) => apiError(c, 404, 'not_found', `没有这个接口：${c.req.method} ${c.req.path}`));
  return api;
}
