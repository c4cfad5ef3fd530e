import { hashSecret, secretMatches } from '../identity/session-token.js';

// An API key as its holder sees it, once: `cs_live_<prefix>_<secret>`. The prefix (12 base62
// characters) names the key in lists and finds it on each request; the secret (43 base62
// characters, ≈256 bits from the CSPRNG) is never stored, only sha256(secret), compared in
// constant time (Lucia's session design, the same helpers as console sessions). Base62 keeps the
// token one word: it survives double-click selection, URLs and config files unquoted.

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const API_KEY_PREFIX_LENGTH = 12;
export const API_KEY_SECRET_LENGTH = 43;
const TOKEN = /^cs_live_([A-Za-z0-9]{12})_([A-Za-z0-9]{43})$/;

/** Uniform base62: bytes of 248 and above are dropped so that every character is equally likely. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = new Uint8Array(length * 2);
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export interface NewApiKeyToken {
  token: string;
  prefix: string;
  secretHash: Uint8Array;
}

export function generateApiKeyToken(): NewApiKeyToken {
  const prefix = randomBase62(API_KEY_PREFIX_LENGTH);
  const secret = randomBase62(API_KEY_SECRET_LENGTH);
  return { token: `cs_live_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKeyToken(token: string): { prefix: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/** Constant-time: whether the secret hashes to the stored hash. */
export function apiKeySecretMatches(secret: string, storedHash: Uint8Array): boolean {
  return secretMatches(secret, storedHash);
}

/** How a key reads in a list: `cs_live_<prefix>_…`. */
export function apiKeyHint(prefix: string): string {
  return `cs_live_${prefix}_…`;
}
