import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientIp, createAppServer, listen } from '@cardshop/api';
import type { Runtime } from '@cardshop/domain';
import { pickLang } from '@cardshop/ui';

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../build');

/** The storefront: every shop on one server, the shop chosen by the Host header. */
export async function createStorefrontServer(runtime: Runtime) {
  return createAppServer({
    runtime,
    buildDir,
    async getLoadContext(c) {
      const hostHeader = c.req.header('host') ?? '';
      const lang = pickLang(c.req.raw);
      return {
        runtime,
        host: await runtime.tenants.resolve(hostHeader),
        hostHeader,
        lang,
        requestId: c.get('requestId'),
        ip: clientIp(c),
      };
    },
  });
}

export async function startStorefront(runtime: Runtime) {
  const app = await createStorefrontServer(runtime);
  return listen(app, runtime.env.STOREFRONT_PORT, runtime.env.HOST);
}
