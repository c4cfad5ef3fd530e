import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, createRuntime, loadEnv, type Runtime } from '@cardshop/domain';

/** A silent production runtime on its own keys and data folder, over `env` (DATABASE_URL, ...). */
export function benchRuntime(env: Record<string, string>): Promise<Runtime> {
  return createRuntime(
    loadEnv({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cardshop-bench-')),
      APP_SECRET: randomBytes(32).toString('base64'),
      CARD_CODE_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
      CARD_CODE_INDEX_KEY: randomBytes(32).toString('base64'),
      PLATFORM_DOMAIN: 'localhost',
      SEED_DEMO: 'false',
      ...env,
    }),
    { logger: createLogger({ level: 'silent' }) },
  );
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to 127.0.0.1 with a Host header of our choosing (fetch cannot set Host). */
export function http(
  port: number,
  options: {
    method?: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
    agent?: Agent;
  },
): Promise<HttpResult> {
  const { body, ...rest } = options;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, ...rest }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    })
      .on('error', reject)
      .end(body);
  });
}
