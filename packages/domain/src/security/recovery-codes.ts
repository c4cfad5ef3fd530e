import { randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;

// Lower-case letters and digits without look-alikes (0/o, 1/l/i): 31 symbols, ~5 bits each.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 12;

/**
 * Ten single-use codes such as "k7m2-x9p4-q3r8" (59 random bits each): typed in place of an
 * authenticator code when the phone is lost. Only a keyed hash of each is stored.
 */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let code = '';
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    codes.add(code);
  }
  return [...codes].map(formatRecoveryCode);
}

export function formatRecoveryCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** The code as stored (hashed): lower case, without spaces or dashes; null when it cannot be one. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/g, '');
  if (code.length !== LENGTH) return null;
  for (const c of code) if (!ALPHABET.includes(c)) return null;
  return code;
}
