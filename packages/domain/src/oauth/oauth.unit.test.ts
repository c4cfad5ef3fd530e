import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { EnvError, loadEnv } from '../config/env.js';
import { availableOAuthProviders, oauthDeps } from './oauth-context.js';
import {
  callbackUrl,
  newBrowserSecret,
  openRelayToken,
  openState,
  relayToken,
  signState,
} from './oauth-state.js';

const SECRET = 'unit-test-secret-'.padEnd(40, 'x');

describe('the OAuth state', () => {
  test('is 64 hex characters that open only for the same shop and browser', () => {
    const tenant = randomUUID();
    const flow = randomUUID();
    const browser = newBrowserSecret();
    const state = signState(SECRET, tenant, flow, browser);
    expect(state).toMatch(/^[0-9a-f]{64}$/);
    expect(openState(SECRET, tenant, state, browser)).toBe(flow);
    expect(openState(SECRET, tenant, state, newBrowserSecret())).toBeNull();
    expect(openState(SECRET, randomUUID(), state, browser)).toBeNull();
    expect(openState(SECRET, tenant, state, null)).toBeNull();
    expect(openState('another-secret-'.padEnd(40, 'y'), tenant, state, browser)).toBeNull();
    expect(openState(SECRET, tenant, `${state.slice(0, 63)}x`, browser)).toBeNull();
    expect(openState(SECRET, tenant, state.toUpperCase(), browser)).toBeNull();
  });
});

describe('the callback address', () => {
  test('is the shop’s own, or the relay host’s naming the shop in a signed path segment', () => {
    const shopOrigin = 'https://demo.example.com';
    expect(
      callbackUrl({ appSecret: SECRET, provider: 'wechat', shopOrigin, callbackOrigin: null }),
    ).toBe('https://demo.example.com/auth/wechat/callback');
    const relayed = callbackUrl({
      appSecret: SECRET,
      provider: 'qq',
      shopOrigin,
      callbackOrigin: 'https://example.com',
    });
    const token = relayed.split('/').pop()!;
    expect(relayed).toBe(`https://example.com/auth/qq/callback/${token}`);
    expect(openRelayToken(SECRET, token)).toBe(shopOrigin);
    expect(openRelayToken(SECRET, relayToken(SECRET, 'https://evil.example.com'))).toBe(
      'https://evil.example.com',
    );
    const forged = `${Buffer.from('https://evil.example.com').toString('base64url')}.${token.split('.')[1]}`;
    expect(openRelayToken(SECRET, forged)).toBeNull();
    expect(openRelayToken(SECRET, relayToken(SECRET, 'javascript:alert(1)'))).toBeNull();
    expect(openRelayToken(SECRET, 'garbage')).toBeNull();
  });
});

describe('configuration', () => {
  const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/cardshop-oauth-unit', LOG_LEVEL: 'silent' };

  test('a provider without its pair stops start-up with a message naming the missing one', () => {
    expect(() => loadEnv({ ...base, WECHAT_APP_ID: 'wx123' })).toThrow(EnvError);
    expect(() => loadEnv({ ...base, WECHAT_APP_ID: 'wx123' })).toThrow(/WECHAT_APP_SECRET/);
    expect(() => loadEnv({ ...base, QQ_APP_KEY: 'k' })).toThrow(/QQ_APP_ID/);
  });

  test('buttons show only for configured providers', () => {
    expect(availableOAuthProviders(oauthDeps(loadEnv(base)))).toEqual([]);
    expect(
      availableOAuthProviders(oauthDeps(loadEnv({ ...base, QQ_APP_ID: '1', QQ_APP_KEY: 'k' }))),
    ).toEqual(['qq']);
  });
});
