import { randomBytes } from 'node:crypto';
import { encodeBase32NoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from '@oslojs/otp';
import QRCode from 'qrcode';

// RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps.
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count, for a phone clock a little off. */
const WINDOW = 1;

/** A new 160-bit authenticator secret (RFC 4226's recommended length). */
export function newTotpSecret(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / (TOTP_PERIOD_S * 1000));
}

/** The code an authenticator shows at `nowMs` (tests, and nothing that faces people). */
export function totpCodeAt(secret: Uint8Array, nowMs: number): string {
  return generateHOTP(secret, BigInt(totpStep(nowMs)), TOTP_DIGITS);
}

export type TotpMatch = { ok: true; step: number } | { ok: false; replay: boolean };

/**
 * Checks a code against the steps around now. A code of a step at or before `lastUsedStep` is a
 * replay (someone saw it over a shoulder, or it was submitted twice) and never counts again.
 */
export function matchTotp(
  secret: Uint8Array,
  code: string,
  nowMs: number,
  lastUsedStep: number | null,
): TotpMatch {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return { ok: false, replay: false };
  const current = totpStep(nowMs);
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    if (!verifyHOTP(secret, BigInt(step), TOTP_DIGITS, digits)) continue;
    if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, replay: true };
    return { ok: true, step };
  }
  return { ok: false, replay: false };
}

/** The otpauth:// URI an authenticator app scans. */
export function totpKeyUri(issuer: string, accountName: string, secret: Uint8Array): string {
  return createTOTPKeyURI(issuer, accountName, secret, TOTP_PERIOD_S, TOTP_DIGITS);
}

/** The secret for typing in by hand: base32 in groups of four, e.g. "JBSW Y3DP EHPK 3PXP". */
export function manualEntryKey(secret: Uint8Array): string {
  return encodeBase32NoPadding(secret).replace(/(.{4})(?=.)/g, '$1 ');
}

/** The URI as an SVG QR code, for inline display (no network, no image host). */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 1,
    color: { dark: '#0f172a', light: '#ffffff' },
  });
}
