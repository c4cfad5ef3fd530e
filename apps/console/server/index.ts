import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientIp, createAppServer, listen } from '@cardshop/api';
import type { Runtime } from '@cardshop/domain';
import { pickLang } from '@cardshop/ui';

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../build');

/** The back office: platform, shop and supplier areas behind one staff sign-in. */
export async function createConsoleServer(runtime: Runtime) {
  return createAppServer({
    runtime,
    buildDir,
    getLoadContext: (c) => ({
      runtime,
      lang: pickLang(c.req.raw),
      requestId: c.get('requestId'),
      ip: clientIp(c),
      userAgent: c.req.header('user-agent') ?? null,
    }),
  });
}

export async function startConsole(runtime: Runtime) {
  const app = await createConsoleServer(runtime);
  return listen(app, runtime.env.CONSOLE_PORT, runtime.env.HOST);
}
