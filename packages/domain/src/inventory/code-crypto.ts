import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';
import type { Env } from '../config/env.js';
import { DomainError } from '../errors.js';
import { InventoryErrors } from './inventory.errors.js';

/** A card code as the supplier gave it: a code, or a card number with its password. */
export interface CodeSecret {
  code: string;
  password?: string;
}

export interface SealedCode {
  keyId: string;
  /** iv (12 bytes) || auth tag (16 bytes) || AES-256-GCM ciphertext of JSON {code, password}. */
  sealed: Buffer;
}

/** Encrypts and decrypts card codes and computes their blind index. Built once from the env. */
export interface CodeVault {
  /** The key id new codes are sealed with (the first key of the ring). */
  readonly currentKeyId: string;
  seal(secret: CodeSecret): SealedCode;
  unseal(sealed: { keyId: string; sealed: Uint8Array }): CodeSecret;
  /** HMAC-SHA256 over the SKU and the normalised code (for a pair, the card number only). */
  blindIndex(skuId: string, code: string): Buffer;
}

export interface CodeVaultKeys {
  /** Newest first: the first key seals, any of them unseals by its id. */
  keys: ReadonlyArray<{ id: string; key: Buffer }>;
  indexKey: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[a-zA-Z0-9_-]{1,32}$/;

/** The identity of a code for duplicate detection: surrounding whitespace never counts. */
export function normalizeCode(code: string): string {
  return code.trim();
}

export function createCodeVault({ keys, indexKey }: CodeVaultKeys): CodeVault {
  const first = keys[0];
  if (!first) throw new TypeError('createCodeVault: the key ring is empty');
  const ring = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    if (!KEY_ID.test(id)) throw new TypeError(`createCodeVault: key id "${id}" is not valid`);
    if (key.length !== 32) throw new TypeError(`createCodeVault: key "${id}" is not 32 bytes`);
    if (ring.has(id)) throw new TypeError(`createCodeVault: key id "${id}" appears twice`);
    if (key.equals(indexKey))
      throw new TypeError(`createCodeVault: key "${id}" must differ from the index key`);
    ring.set(id, key);
  }
  if (indexKey.length < 32) throw new TypeError('createCodeVault: the index key is under 32 bytes');
  const current = { id: first.id, key: first.key };
  // IVs come from a pool filled 1,024 at a time: one randomBytes call per code costs more than
  // the encryption. Every IV is fresh random bytes, never reused.
  const ivPool = Buffer.alloc(IV_BYTES * 1024);
  let ivOffset = ivPool.length;
  const nextIv = () => {
    if (ivOffset === ivPool.length) {
      randomFillSync(ivPool);
      ivOffset = 0;
    }
    ivOffset += IV_BYTES;
    return ivPool.subarray(ivOffset - IV_BYTES, ivOffset);
  };

  return {
    currentKeyId: current.id,

    seal(secret) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      const plain = Buffer.from(
        JSON.stringify(
          secret.password === undefined
            ? { code: secret.code }
            : { code: secret.code, password: secret.password },
        ),
        'utf8',
      );
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      plain.fill(0);
      return { keyId: current.id, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },

    unseal({ keyId, sealed }) {
      const key = ring.get(keyId);
      if (!key) {
        throw new DomainError(InventoryErrors.KEY_UNKNOWN, {
          message: `card code key "${keyId}" is not in CARD_CODE_KEYS`,
          userMessage: '卡密无法解密：所用密钥已不在密钥环中，请联系平台管理员',
          status: 500,
        });
      }
      const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      try {
        if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('sealed code is too short');
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        const parsed = JSON.parse(plain.toString('utf8')) as { code: string; password?: string };
        plain.fill(0);
        return parsed.password === undefined
          ? { code: parsed.code }
          : { code: parsed.code, password: parsed.password };
      } catch (error) {
        throw new DomainError(InventoryErrors.SEAL_INVALID, {
          message: `card code sealed with "${keyId}" failed to open`,
          userMessage: '卡密数据校验失败，可能已被篡改，请联系平台管理员',
          status: 500,
          cause: error,
        });
      }
    },

    blindIndex(skuId, code) {
      return createHmac('sha256', indexKey)
        .update(`${skuId.toLowerCase()}\n${normalizeCode(code)}`, 'utf8')
        .digest();
    },
  };
}

/** The vault of a running process, from CARD_CODE_KEYS and CARD_CODE_INDEX_KEY. */
export function codeVaultFromEnv(env: Pick<Env, 'CARD_CODE_KEYS' | 'CARD_CODE_INDEX_KEY'>) {
  return createCodeVault({ keys: env.CARD_CODE_KEYS, indexKey: env.CARD_CODE_INDEX_KEY });
}
