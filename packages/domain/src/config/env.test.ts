import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { loadEnv, shopOrigin } from './env.js';

test('the embedded default needs no configuration and keeps its generated secret', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cardshop-env-'));
  const first = loadEnv({ DATA_DIR: dir });
  expect(first).toMatchObject({
    embedded: true,
    PLATFORM_DOMAIN: 'localhost',
    STOREFRONT_PORT: 3000,
    CONSOLE_PORT: 3001,
  });
  expect(first.APP_SECRET.length).toBeGreaterThanOrEqual(32);
  expect(first.CARD_CODE_KEYS).toEqual([{ id: 'dev1', key: expect.any(Buffer) }]);
  expect(first.CARD_CODE_KEYS[0]!.key).toHaveLength(32);
  expect(first.CARD_CODE_INDEX_KEY).toHaveLength(32);
  expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).APP_SECRET).toBe(
    first.APP_SECRET,
  );
  const second = loadEnv({ DATA_DIR: dir });
  expect(second.APP_SECRET).toBe(first.APP_SECRET);
  expect(second.CARD_CODE_KEYS[0]!.key.equals(first.CARD_CODE_KEYS[0]!.key)).toBe(true);
  expect(shopOrigin(first, 'demo')).toBe('http://demo.localhost:3000');
  expect(first.CONSOLE_ORIGIN).toBe('http://127.0.0.1:3001');
});

const serverSecrets = {
  APP_SECRET: 'x'.repeat(40),
  CARD_CODE_KEYS: `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CARD_CODE_INDEX_KEY: Buffer.alloc(32, 9).toString('base64'),
};

test('server mode demands every secret and names every bad variable', () => {
  const error = () => loadEnv({ DATABASE_URL: 'postgres://x@localhost/db' });
  expect(error).toThrow(/APP_SECRET: required when DATABASE_URL is set/);
  expect(error).toThrow(/CARD_CODE_KEYS: required when DATABASE_URL is set/);
  expect(() =>
    loadEnv({
      DATABASE_URL: 'postgres://x@localhost/db',
      ...serverSecrets,
      CARD_CODE_KEYS: 'short',
    }),
  ).toThrow(/CARD_CODE_KEYS: expected/);
  const env = loadEnv({ DATABASE_URL: 'postgres://x@localhost/db', ...serverSecrets });
  expect(env.CARD_CODE_KEYS.map((k) => k.id)).toEqual(['k2', 'k1']);
  let message = '';
  try {
    loadEnv({
      DATABASE_URL: 'mysql://nope',
      STOREFRONT_PORT: 'eighty',
      PLATFORM_DOMAIN: 'bad domain!',
    });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
  expect(message).toMatch(/STOREFRONT_PORT:/);
  expect(message).toMatch(/PLATFORM_DOMAIN: must be a bare host name/);
});

test('https on the default port leaves the port out of shop links', () => {
  const env = loadEnv({
    DATABASE_URL: 'postgres://x@localhost/db',
    ...serverSecrets,
    PUBLIC_SCHEME: 'https',
    STOREFRONT_PORT: '443',
    PLATFORM_DOMAIN: 'Shops.Example.com',
  });
  expect(shopOrigin(env, 'demo')).toBe('https://demo.shops.example.com');
});
