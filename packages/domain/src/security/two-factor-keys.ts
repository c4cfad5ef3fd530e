import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * The keys of two-step verification, derived from APP_SECRET with HKDF-SHA256, one per purpose:
 * sealing authenticator secrets (AES-256-GCM), hashing recovery codes (HMAC-SHA256) and signing
 * the short-lived "password done, second step pending" token (HMAC-SHA256). A database dump alone
 * reveals no secret, no recovery code and cannot mint a pending sign-in.
 *
 * Rotating APP_SECRET therefore voids every enrolled authenticator and recovery code (people sign
 * in with their password and enrol again); see docs/decisions/ for the trade-off.
 */
export interface TwoFactorKeys {
  /** AES-256-GCM with `context` (e.g. "staff:<id>") as associated data: a row moved to another account fails to open. */
  seal(secret: Uint8Array, context: string): Buffer;
  /** The secret, or null when the sealed bytes were tampered with or belong to another context. */
  unseal(sealed: Uint8Array, context: string): Uint8Array | null;
  /** A keyed hash of a normalised recovery code, bound to its account. */
  recoveryHash(code: string, context: string): Buffer;
  sign(data: string): Buffer;
  verify(data: string, signature: Uint8Array): boolean;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = 'cardshop two-step verification';

function derive(appSecret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, SALT, info, 32));
}

const cache = new Map<string, TwoFactorKeys>();

export function twoFactorKeys(appSecret: string): TwoFactorKeys {
  const cached = cache.get(appSecret);
  if (cached) return cached;
  const sealKey = derive(appSecret, 'totp-secret/v1');
  const recoveryKey = derive(appSecret, 'recovery-code/v1');
  const signKey = derive(appSecret, 'pending-sign-in/v1');
  const keys: TwoFactorKeys = {
    seal(secret, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(secret), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    unseal(sealed, context) {
      const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, bytes.subarray(1, 1 + IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
        return new Uint8Array(
          Buffer.concat([
            decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)),
            decipher.final(),
          ]),
        );
      } catch {
        return null;
      }
    },
    recoveryHash(code, context) {
      return createHmac('sha256', recoveryKey).update(`${context}:${code}`).digest();
    },
    sign(data) {
      return createHmac('sha256', signKey).update(data).digest();
    },
    verify(data, signature) {
      const expected = createHmac('sha256', signKey).update(data).digest();
      return signature.length === expected.length && timingSafeEqual(expected, signature);
    },
  };
  cache.set(appSecret, keys);
  return keys;
}
