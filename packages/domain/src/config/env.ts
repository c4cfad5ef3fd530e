import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional()
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  APP_DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,40}$/, 'letters, digits, _ and - only')
    .default('cardshop'),
  PLATFORM_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]+$/, 'must be a bare host name such as localhost or shop.example.com')
    .default('localhost'),
  PUBLIC_SCHEME: z.enum(['http', 'https']).default('http'),
  HOST: z.string().trim().optional(),
  STOREFRONT_PORT: port.default(3000),
  CONSOLE_PORT: port.default(3001),
  CONSOLE_ORIGIN: optionalUrl(['http', 'https']),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
});

export type RawEnv = z.infer<typeof envSchema>;

export interface Env extends Omit<RawEnv, 'APP_SECRET' | 'CONSOLE_ORIGIN'> {
  APP_SECRET: string;
  CONSOLE_ORIGIN: string;
  embedded: boolean;
}

export class EnvError extends Error {
  override name = 'EnvError';
}

/**
 * Parses and validates the environment once at start-up. The embedded default (no DATABASE_URL)
 * generates its secrets into DATA_DIR/secrets.json; on servers they must come from the environment.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example.`);
  }
  const raw = parsed.data;
  const embedded = !raw.DATABASE_URL;
  const dataDir = path.resolve(raw.DATA_DIR);
  let appSecret = raw.APP_SECRET;
  if (!appSecret) {
    if (!embedded) {
      throw new EnvError(
        'Invalid configuration:\n  APP_SECRET: required when DATABASE_URL is set ' +
          '(generate one with: openssl rand -base64 48)\nSee .env.example.',
      );
    }
    appSecret = devSecrets(dataDir).APP_SECRET;
  }
  const consoleOrigin =
    raw.CONSOLE_ORIGIN ??
    `${raw.PUBLIC_SCHEME}://127.0.0.1${portSuffix(raw.PUBLIC_SCHEME, raw.CONSOLE_PORT)}`;
  return {
    ...raw,
    DATA_DIR: dataDir,
    APP_SECRET: appSecret,
    CONSOLE_ORIGIN: consoleOrigin.replace(/\/$/, ''),
    embedded,
  };
}

function portSuffix(scheme: 'http' | 'https', port: number) {
  return (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443)
    ? ''
    : `:${port}`;
}

/** The public address of a shop, e.g. http://demo.localhost:3000. */
export function shopOrigin(
  env: Pick<Env, 'PUBLIC_SCHEME' | 'PLATFORM_DOMAIN' | 'STOREFRONT_PORT'>,
  slug: string,
) {
  return `${env.PUBLIC_SCHEME}://${slug}.${env.PLATFORM_DOMAIN}${portSuffix(env.PUBLIC_SCHEME, env.STOREFRONT_PORT)}`;
}

interface DevSecrets {
  APP_SECRET: string;
}

function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    if (stored.APP_SECRET && stored.APP_SECRET.length >= 32) return stored as DevSecrets;
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: DevSecrets = { APP_SECRET: randomBytes(48).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
