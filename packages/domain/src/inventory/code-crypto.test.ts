import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { loadEnv } from '../config/env.js';
import { codeVaultFromEnv, createCodeVault } from './code-crypto.js';

const sku = '6f1d7a4e-3b7c-4d2a-9f10-2a8e0c4b5d61';
const keyA = { id: 'a1', key: randomBytes(32) };
const keyB = { id: 'b2', key: randomBytes(32) };
const indexKey = randomBytes(32);

describe('createCodeVault', () => {
  test('seals with the first key and opens what it sealed, code and password alike', () => {
    const vault = createCodeVault({ keys: [keyA], indexKey });
    const sealed = vault.seal({ code: 'CARD-123', password: 'PW-456' });
    expect(sealed.keyId).toBe('a1');
    expect(sealed.sealed.length).toBe(
      12 + 16 + JSON.stringify({ code: 'CARD-123', password: 'PW-456' }).length,
    );
    expect(sealed.sealed.toString('latin1')).not.toContain('CARD-123');
    expect(vault.unseal(sealed)).toEqual({ code: 'CARD-123', password: 'PW-456' });
    expect(vault.unseal(vault.seal({ code: '兑换码 ✓' }))).toEqual({ code: '兑换码 ✓' });
  });

  test('the same code seals differently each time (a fresh IV)', () => {
    const vault = createCodeVault({ keys: [keyA], indexKey });
    expect(vault.seal({ code: 'X' }).sealed.equals(vault.seal({ code: 'X' }).sealed)).toBe(false);
  });

  test('after rotation new codes use the new key and old codes still open', () => {
    const before = createCodeVault({ keys: [keyA], indexKey });
    const old = before.seal({ code: 'OLD-CODE' });
    const after = createCodeVault({ keys: [keyB, keyA], indexKey });
    expect(after.currentKeyId).toBe('b2');
    expect(after.seal({ code: 'NEW' }).keyId).toBe('b2');
    expect(after.unseal(old)).toEqual({ code: 'OLD-CODE' });
  });

  test('a tampered code or an unknown key id fails loudly, never with wrong plaintext', () => {
    const vault = createCodeVault({ keys: [keyA], indexKey });
    const sealed = vault.seal({ code: 'CARD' });
    const tampered = Buffer.from(sealed.sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => vault.unseal({ keyId: 'a1', sealed: tampered })).toThrow(
      expect.objectContaining({ code: 'INVENTORY_CARD_CODE_SEAL_INVALID' }),
    );
    expect(() => vault.unseal({ keyId: 'zz', sealed: sealed.sealed })).toThrow(
      expect.objectContaining({ code: 'INVENTORY_CARD_CODE_KEY_UNKNOWN' }),
    );
    const other = createCodeVault({ keys: [{ id: 'a1', key: randomBytes(32) }], indexKey });
    expect(() => other.unseal(sealed)).toThrow(
      expect.objectContaining({ code: 'INVENTORY_CARD_CODE_SEAL_INVALID' }),
    );
  });

  test('the blind index is per SKU, ignores surrounding spaces and the id case, and needs the key', () => {
    const vault = createCodeVault({ keys: [keyA], indexKey });
    const index = vault.blindIndex(sku, 'CARD-1');
    expect(index).toHaveLength(32);
    expect(vault.blindIndex(sku.toUpperCase(), '  CARD-1 ')).toEqual(index);
    expect(vault.blindIndex('0b7c2e9a-1d4f-4c3b-8a6e-5f2d1c0b9a87', 'CARD-1')).not.toEqual(index);
    expect(vault.blindIndex(sku, 'card-1')).not.toEqual(index);
    const rotated = createCodeVault({ keys: [keyB, keyA], indexKey });
    expect(rotated.blindIndex(sku, 'CARD-1')).toEqual(index);
    const otherIndexKey = createCodeVault({ keys: [keyA], indexKey: randomBytes(32) });
    expect(otherIndexKey.blindIndex(sku, 'CARD-1')).not.toEqual(index);
  });

  test('refuses a bad key ring', () => {
    expect(() => createCodeVault({ keys: [], indexKey })).toThrow(/empty/);
    expect(() => createCodeVault({ keys: [{ id: 'k', key: randomBytes(16) }], indexKey })).toThrow(
      /32 bytes/,
    );
    expect(() => createCodeVault({ keys: [keyA, keyA], indexKey })).toThrow(/twice/);
    expect(() => createCodeVault({ keys: [keyA], indexKey: keyA.key })).toThrow(/differ/);
    expect(() => createCodeVault({ keys: [keyA], indexKey: randomBytes(8) })).toThrow(/index key/);
  });

  test('builds from the environment variables the platform runs with', () => {
    const env = loadEnv({
      DATABASE_URL: 'postgres://x@127.0.0.1/db',
      APP_SECRET: 'x'.repeat(40),
      CARD_CODE_KEYS: `new:${keyB.key.toString('base64')},old:${keyA.key.toString('base64')}`,
      CARD_CODE_INDEX_KEY: indexKey.toString('base64'),
    });
    const vault = codeVaultFromEnv(env);
    const oldVault = createCodeVault({ keys: [{ id: 'old', key: keyA.key }], indexKey });
    expect(vault.currentKeyId).toBe('new');
    expect(vault.unseal(oldVault.seal({ code: 'C1' }))).toEqual({ code: 'C1' });
  });
});
