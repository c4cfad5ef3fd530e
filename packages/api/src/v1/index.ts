import { Hono } from 'hono';
import { apiError, handleApiError } from '../errors.js';
import type { AppEnv } from '../types.js';

/** The public reseller API. Resources arrive with their issues; this is the frame they mount on. */
export function apiRoutes() {
  const api = new Hono<AppEnv>();
  api.onError(handleApiError);
  api.get('/v1', (c) =>
    c.json({ name: 'cardshop', version: 'v1', docs: '/docs/api', time: new Date().toISOString() }),
  );
  // Mounted with app.route, a sub-app's notFound never fires: unmatched paths would fall through
  // to the page handler. This catch-all keeps every /api answer JSON.
  api.all('*', (c) => apiError(c, 404, 'not_found', `没有这个接口：${c.req.method} ${c.req.path}`));
  return api;
}
