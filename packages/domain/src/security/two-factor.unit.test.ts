import { describe, expect, test } from 'vitest';
import { issuePendingSignIn, readPendingSignIn } from './pending-sign-in.js';
import {
  assertRecentlyConfirmed,
  confirmationExpiresAt,
  RECENT_CONFIRMATION_MS,
} from './recent-confirmation.js';
import { generateRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.js';
import { matchTotp, newTotpSecret, totpCodeAt } from './totp.js';
import { twoFactorKeys } from './two-factor-keys.js';

const keys = twoFactorKeys('unit-test-secret-'.padEnd(40, 'y'));

describe('sealed authenticator secrets', () => {
  test('open only for the account they were sealed for, and not after tampering', () => {
    const secret = newTotpSecret();
    const sealed = keys.seal(secret, 'staff:a');
    expect(keys.unseal(sealed, 'staff:a')).toEqual(secret);
    expect(keys.unseal(sealed, 'staff:b')).toBeNull();
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(keys.unseal(flipped, 'staff:a')).toBeNull();
    expect(twoFactorKeys('another-secret-'.padEnd(40, 'z')).unseal(sealed, 'staff:a')).toBeNull();
  });
});

describe('TOTP', () => {
  test('accepts the step before and after now, and never a step at or before the last used', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    expect(matchTotp(secret, totpCodeAt(secret, now - 30_000), now, null)).toMatchObject({
      ok: true,
    });
    expect(matchTotp(secret, totpCodeAt(secret, now + 30_000), now, null)).toMatchObject({
      ok: true,
    });
    expect(matchTotp(secret, totpCodeAt(secret, now - 90_000), now, null)).toEqual({
      ok: false,
      replay: false,
    });
    const used = matchTotp(secret, totpCodeAt(secret, now), now, null);
    if (!used.ok) throw new Error('the current code must match');
    expect(matchTotp(secret, totpCodeAt(secret, now), now, used.step)).toEqual({
      ok: false,
      replay: true,
    });
    expect(matchTotp(secret, 'abcdef', now, null)).toEqual({ ok: false, replay: false });
  });
});

describe('recovery codes', () => {
  test('are ten distinct codes, read back however they are typed', () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    const code = codes[0]!;
    expect(normalizeRecoveryCode(` ${code.toUpperCase().replace(/-/g, ' ')} `)).toBe(
      code.replace(/-/g, ''),
    );
    expect(normalizeRecoveryCode('0000-0000-0000')).toBeNull();
    expect(normalizeRecoveryCode('short')).toBeNull();
  });
});

describe('pending sign-in', () => {
  test('is refused when forged, garbled or expired', () => {
    const now = Date.now();
    const { token } = issuePendingSignIn(
      keys,
      { audience: 'staff', subjectId: 'u1', tenantId: null, remember: false, method: 'password' },
      now,
    );
    expect(readPendingSignIn(keys, token, now)).toMatchObject({ subjectId: 'u1' });
    expect(readPendingSignIn(keys, token, now + 5 * 60_000)).toBeNull();
    expect(readPendingSignIn(keys, `${token}x`, now)).toBeNull();
    expect(readPendingSignIn(keys, 'garbage', now)).toBeNull();
    expect(readPendingSignIn(twoFactorKeys('other-'.padEnd(40, 'q')), token, now)).toBeNull();
  });
});

describe('recent confirmation', () => {
  test('holds for five minutes after confirming, then refuses with the operation named', () => {
    const at = new Date(1_800_000_000_000);
    expect(confirmationExpiresAt(at, at.getTime() + 1000)).toEqual(
      new Date(at.getTime() + RECENT_CONFIRMATION_MS),
    );
    expect(() =>
      assertRecentlyConfirmed(at, 'change_password', at.getTime() + RECENT_CONFIRMATION_MS - 1),
    ).not.toThrow();
    const refusal = (
      confirmedAt: Date | null,
      action: 'change_password' | 'withdraw',
      now: number,
    ) => {
      try {
        assertRecentlyConfirmed(confirmedAt, action, now);
      } catch (error) {
        return error;
      }
      return null;
    };
    expect(refusal(at, 'change_password', at.getTime() + RECENT_CONFIRMATION_MS)).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      status: 403,
      userMessage: expect.stringMatching(/^修改登录密码是敏感操作，需要先验证身份/),
    });
    expect(refusal(null, 'withdraw', at.getTime())).toMatchObject({
      userMessage: expect.stringMatching(/^申请提现是敏感操作/),
    });
  });
});
