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
  expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).APP_SECRET).toBe(
    first.APP_SECRET,
  );
  expect(loadEnv({ DATA_DIR: dir }).APP_SECRET).toBe(first.APP_SECRET);
  expect(shopOrigin(first, 'demo')).toBe('http://demo.localhost:3000');
  expect(first.CONSOLE_ORIGIN).toBe('http://127.0.0.1:3001');
});

test('server mode demands APP_SECRET and names every bad variable', () => {
  expect(() => loadEnv({ DATABASE_URL: 'postgres://x@localhost/db' })).toThrow(
    /APP_SECRET: required when DATABASE_URL is set/,
  );
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
    APP_SECRET: 'x'.repeat(40),
    PUBLIC_SCHEME: 'https',
    STOREFRONT_PORT: '443',
    PLATFORM_DOMAIN: 'Shops.Example.com',
  });
  expect(shopOrigin(env, 'demo')).toBe('https://demo.shops.example.com');
});
