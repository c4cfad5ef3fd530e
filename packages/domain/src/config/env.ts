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

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

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
  CARD_CODE_KEYS: z
    .string()
    .regex(
      /^[a-zA-Z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43}=?(,[a-zA-Z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43}=?)*$/,
      'expected "<key id>:<32 bytes in base64>", comma-separated, newest first',
    )
    .optional(),
  CARD_CODE_INDEX_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'expected 32 bytes in base64')
    .optional(),
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  // Aliyun SMS: all four or none; without them (or in embedded mode) SMS goes to the dev inbox.
  ALIYUN_SMS_ACCESS_KEY_ID: optionalText,
  ALIYUN_SMS_ACCESS_KEY_SECRET: optionalText,
  ALIYUN_SMS_SIGN_NAME: optionalText,
  ALIYUN_SMS_TEMPLATE_CODE: optionalText,
});

export type RawEnv = z.infer<typeof envSchema>;

export interface Env extends Omit<
  RawEnv,
  'APP_SECRET' | 'CONSOLE_ORIGIN' | 'CARD_CODE_KEYS' | 'CARD_CODE_INDEX_KEY'
> {
  APP_SECRET: string;
  /** AES-256-GCM keys for card codes, newest (the one that encrypts) first. */
  CARD_CODE_KEYS: Array<{ id: string; key: Buffer }>;
  /** HMAC-SHA256 key for the codes' blind index; never rotated (it would break duplicate checks). */
  CARD_CODE_INDEX_KEY: Buffer;
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
  const missing = (['APP_SECRET', 'CARD_CODE_KEYS', 'CARD_CODE_INDEX_KEY'] as const).filter(
    (k) => !raw[k],
  );
  if (missing.length && !embedded) {
    const how: Record<(typeof missing)[number], string> = {
      APP_SECRET: 'openssl rand -base64 48',
      CARD_CODE_KEYS: 'echo "k1:$(openssl rand -base64 32)"',
      CARD_CODE_INDEX_KEY: 'openssl rand -base64 32',
    };
    throw new EnvError(
      `Invalid configuration:\n${missing
        .map((k) => `  ${k}: required when DATABASE_URL is set (generate one with: ${how[k]})`)
        .join('\n')}\nSee .env.example.`,
    );
  }
  const dev = missing.length ? devSecrets(dataDir) : undefined;
  const appSecret = raw.APP_SECRET ?? dev!.APP_SECRET;
  const cardCodeKeys = (raw.CARD_CODE_KEYS ?? dev!.CARD_CODE_KEYS).split(',').map((entry) => {
    const [id, key] = entry.split(':') as [string, string];
    return { id, key: Buffer.from(key, 'base64') };
  });
  const indexKey = Buffer.from(raw.CARD_CODE_INDEX_KEY ?? dev!.CARD_CODE_INDEX_KEY, 'base64');
  const consoleOrigin =
    raw.CONSOLE_ORIGIN ??
    `${raw.PUBLIC_SCHEME}://127.0.0.1${portSuffix(raw.PUBLIC_SCHEME, raw.CONSOLE_PORT)}`;
  return {
    ...raw,
    DATA_DIR: dataDir,
    APP_SECRET: appSecret,
    CARD_CODE_KEYS: cardCodeKeys,
    CARD_CODE_INDEX_KEY: indexKey,
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
  CARD_CODE_KEYS: string;
  CARD_CODE_INDEX_KEY: string;
}

function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    if (stored.APP_SECRET && stored.CARD_CODE_KEYS && stored.CARD_CODE_INDEX_KEY) {
      return stored as DevSecrets;
    }
  }
  mkdirSync(dataDir, { recursive: true });
  // Keys already in use keep working: a stored card-code key must never be replaced.
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>)
    : {};
  const secrets: DevSecrets = {
    APP_SECRET: previous.APP_SECRET ?? randomBytes(48).toString('base64url'),
    CARD_CODE_KEYS: previous.CARD_CODE_KEYS ?? `dev1:${randomBytes(32).toString('base64')}`,
    CARD_CODE_INDEX_KEY: previous.CARD_CODE_INDEX_KEY ?? randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
