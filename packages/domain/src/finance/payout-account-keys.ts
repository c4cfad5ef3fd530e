import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Sealing payout accounts at rest, the way two-step verification seals its secrets
 * (security/two-factor-keys.ts): AES-256-GCM under a key derived from APP_SECRET with HKDF-SHA256
 * (a key of its own, info "payout-account/v1"), with the account's owner ("shop:<id>",
 * "supplier:<id>") as associated data, so a sealed account copied onto another shop does not open.
 * A database dump alone reveals no account number. Rotating APP_SECRET means binding again.
 */
export interface PayoutAccountSealer {
  seal(details: unknown, owner: string): Buffer;
  /** The details, or null when the bytes were changed or belong to another owner or key. */
  open(sealed: Uint8Array, owner: string): unknown;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = 'cardshop payout accounts';

const cache = new Map<string, PayoutAccountSealer>();

export function payoutAccountSealer(appSecret: string): PayoutAccountSealer {
  const cached = cache.get(appSecret);
  if (cached) return cached;
  const key = Buffer.from(hkdfSync('sha256', appSecret, SALT, 'payout-account/v1', 32));
  const sealer: PayoutAccountSealer = {
    seal(details, owner) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(`payout:${owner}`, 'utf8'));
      const plain = Buffer.from(JSON.stringify(details), 'utf8');
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      plain.fill(0);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, owner) {
      const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(`payout:${owner}`, 'utf8'));
        decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        return JSON.parse(plain.toString('utf8')) as unknown;
      } catch {
        return null;
      }
    },
  };
  cache.set(appSecret, sealer);
  return sealer;
}
