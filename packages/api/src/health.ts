import { Hono } from 'hono';
import { checkHealth } from '@cardshop/domain';
import type { AppEnv } from './types.js';

/** GET /healthz: the database and the job queue, each with its latency; 503 when either fails. */
export function healthRoutes() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const report = await checkHealth(c.get('runtime'));
    c.header('Cache-Control', 'no-store');
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });
}
