import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createRequestHandler, type AppLoadContext, type ServerBuild } from '@remix-run/node';
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Runtime } from '@cardshop/domain';
import { cspNonce } from './csp.js';
import { csrfGuard } from './csrf.js';
import { healthRoutes } from './health.js';
import { apiRoutes } from './v1/index.js';
import { webhookRoutes } from './webhooks.js';
import type { AppEnv } from './types.js';

export interface AppServerOptions {
  runtime: Runtime;
  /** The Remix app's build folder (contains server/index.js and client/). */
  buildDir: string;
  /** Runs before the Remix handler; may answer itself (e.g. unknown shop host -> 404). */
  middleware?: (c: Context<AppEnv>, next: () => Promise<void>) => Promise<Response | void>;
  /** What Remix loaders and actions receive as `context`. */
  getLoadContext: (c: Context<AppEnv>) => Promise<AppLoadContext> | AppLoadContext;
}

/**
 * One Hono app per web app: /healthz, /api, /webhooks, static assets, then the Remix request handler.
 */
export async function createAppServer(options: AppServerOptions) {
  const serverBuild = path.join(options.buildDir, 'server/index.js');
  if (!existsSync(serverBuild)) {
    throw new Error(`${serverBuild} is missing: run \`npm run build\` first.`);
  }
  const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
  const handleRemix = createRequestHandler(build, 'production');
  const clientDir = path.relative(process.cwd(), path.join(options.buildDir, 'client'));
  const { runtime } = options;

  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('runtime', runtime);
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) || randomUUID());
    await next();
    c.header('X-Request-Id', c.get('requestId'));
    runtime.logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(
    secureHeaders({
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
      strictTransportSecurity:
        runtime.env.PUBLIC_SCHEME === 'https' ? 'max-age=31536000; includeSubDomains' : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.route('/healthz', healthRoutes());
  app.route('/api', apiRoutes());
  // Before the CSRF guard: a gateway's notification is cross-site and signed instead.
  app.route('/webhooks', webhookRoutes());
  app.use(
    '/assets/*',
    serveStatic({
      root: clientDir,
      onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use('/favicon.ico', serveStatic({ root: clientDir }));
  // ?lang= switches the language and remembers it.
  app.use(async (c, next) => {
    await next();
    const lang = c.req.query('lang');
    if ((lang === 'en' || lang === 'zh-CN') && c.req.method === 'GET') {
      c.res.headers.append('Set-Cookie', `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`);
    }
  });
  app.use(cspNonce());
  app.use(csrfGuard());
  if (options.middleware) app.use(options.middleware);
  app.all('*', async (c) =>
    handleRemix(c.req.raw, { ...(await options.getLoadContext(c)), cspNonce: c.get('cspNonce') }),
  );
  app.onError((err, c) => {
    runtime.logger.error(
      { err, requestId: c.get('requestId'), path: c.req.path },
      'unhandled error',
    );
    return c.text(`服务器内部错误 (request ${c.get('requestId')})`, 500);
  });
  return app;
}

/** The client's address: the socket's, or X-Forwarded-For's first hop behind a trusted proxy. */
export function clientIp(c: Context<AppEnv>): string | null {
  if (c.get('runtime').env.TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export function listen(app: Hono<AppEnv>, port: number, host?: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve(
        { fetch: app.fetch, port, ...(host ? { hostname: host } : {}) },
        (info: AddressInfo) =>
          resolve({
            port: info.port,
            close: () =>
              new Promise<void>((done) => {
                server.close(() => done());
                if ('closeAllConnections' in server) server.closeAllConnections();
              }),
          }),
      );
      server.on('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}
