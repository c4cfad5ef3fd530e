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
  // Rendered storefront pages kept for anonymous visitors until what they show changes (0: off).
  STOREFRONT_PAGE_CACHE_MB: z.coerce.number().int().min(0).max(16_384).default(64),
  CONSOLE_ORIGIN: optionalUrl(['http', 'https']),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Platform staff and shop / supplier owners and finance staff must use two-step verification
  // in the console. 'false' is for local development and tests only (refused in production).
  STAFF_2FA_REQUIRED: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
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
  // Optional with the four above: the security-notice template; without it notices are not texted.
  ALIYUN_SMS_NOTICE_TEMPLATE_CODE: optionalText,
  // SMTP mail, e.g. smtps://user:pass@smtp.example.com:465, with the From address: both or none;
  // without them (or in embedded mode) mail goes to the dev inbox.
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: optionalText,
  // Where the built-in test gateway sends its signed notifications (the storefront's webhook).
  TEST_GATEWAY_NOTIFY_URL: optionalUrl(['http', 'https']),
  // Sign-in with WeChat (网站应用, open.weixin.qq.com) and QQ (QQ互联): set each pair or none;
  // without one the provider's button is not shown. OAUTH_CALLBACK_ORIGIN routes every shop's
  // callback through one registered host (see .env.example).
  WECHAT_APP_ID: optionalText,
  WECHAT_APP_SECRET: optionalText,
  QQ_APP_ID: optionalText,
  QQ_APP_KEY: optionalText,
  OAUTH_CALLBACK_ORIGIN: optionalUrl(['http', 'https']),
  // A GeoLite2-City or GeoLite2-Country .mmdb: approximate places beside sessions and sign-ins.
  GEOIP_DATABASE: optionalText.refine((v) => v === undefined || existsSync(v), {
    message: 'file not found (a GeoLite2-City or GeoLite2-Country .mmdb)',
  }),
});

export type RawEnv = z.infer<typeof envSchema>;

export interface Env extends Omit<
  RawEnv,
  | 'APP_SECRET'
  | 'CONSOLE_ORIGIN'
  | 'CARD_CODE_KEYS'
  | 'CARD_CODE_INDEX_KEY'
  | 'TEST_GATEWAY_NOTIFY_URL'
> {
  APP_SECRET: string;
  /** AES-256-GCM keys for card codes, newest (the one that encrypts) first. */
  CARD_CODE_KEYS: Array<{ id: string; key: Buffer }>;
  /** HMAC-SHA256 key for the codes' blind index; never rotated (it would break duplicate checks). */
  CARD_CODE_INDEX_KEY: Buffer;
  CONSOLE_ORIGIN: string;
  /** Default http://127.0.0.1:<STOREFRONT_PORT>/webhooks/payments/test. */
  TEST_GATEWAY_NOTIFY_URL: string;
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
  const unpaired = (
    [
      ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'],
      ['QQ_APP_ID', 'QQ_APP_KEY'],
    ] as const
  ).flatMap(([a, b]) => (Boolean(raw[a]) === Boolean(raw[b]) ? [] : [raw[a] ? b : a]));
  if (unpaired.length) {
    throw new EnvError(
      `Invalid configuration:\n${unpaired.map((k) => `  ${k}: required with its pair (sign-in with WeChat / QQ)`).join('\n')}\nSee .env.example.`,
    );
  }
  if (!raw.STAFF_2FA_REQUIRED && raw.NODE_ENV === 'production') {
    throw new EnvError(
      'Invalid configuration:\n  STAFF_2FA_REQUIRED: cannot be false in production (staff who can move money must use two-step verification)\nSee .env.example.',
    );
  }
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
    TEST_GATEWAY_NOTIFY_URL:
      raw.TEST_GATEWAY_NOTIFY_URL ??
      `http://127.0.0.1:${raw.STOREFRONT_PORT}/webhooks/payments/test`,
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
