import { Hono } from 'hono';
import { getApiOrder, listApiCatalog, listApiOrders } from '@cardshop/domain';
import { handleApiError } from '../errors.js';
import type { AppEnv } from '../types.js';
import { withApiKey } from './auth.js';
import { catalogItemJson, listJson, orderJson } from './present.js';

/**
 * The shop's read API. Each resource: authenticate the key (auth.ts), call one domain function
 * with it (its shop, its scopes), answer JSON.
 */
export function resourceRoutes() {
  const v1 = new Hono<AppEnv>();
  v1.onError(handleApiError);

  v1.get(
    '/catalog',
    withApiKey(async (c, key) => {
      const page = await listApiCatalog(c.get('runtime').db, key, c.req.query());
      return c.json(listJson(page, catalogItemJson));
    }),
  );

  v1.get(
    '/orders',
    withApiKey(async (c, key) => {
      const page = await listApiOrders(c.get('runtime').db, key, c.req.query());
      return c.json(listJson(page, orderJson));
    }),
  );

  v1.get(
    '/orders/:number',
    withApiKey(async (c, key) => {
      const order = await getApiOrder(c.get('runtime').db, key, c.req.param('number'));
      return c.json(orderJson(order));
    }),
  );

  return v1;
}
