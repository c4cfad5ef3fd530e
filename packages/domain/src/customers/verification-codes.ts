import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { TenantTx, VerificationChannel, VerificationPurpose } from '@cardshop/db';
import {
  findOpenVerificationCode,
  insertVerificationCode,
  recordVerificationAttempt,
  supersedeVerificationCodes,
} from './customers.queries.js';

export const CODE_TTL_MS = 5 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;

function hashCode(key: string, id: string, code: string): Uint8Array {
  return createHmac('sha256', key).update(`${id}:${code}`).digest();
}

/** A fresh 6-digit code; older open codes for the same destination and purpose stop working. */
export async function issueVerificationCode(
  trx: TenantTx,
  tenantId: string,
  input: { channel: VerificationChannel; destination: string; purpose: VerificationPurpose },
  key: string,
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  await supersedeVerificationCodes(trx, tenantId, input.destination, input.purpose);
  await insertVerificationCode(trx, {
    tenantId,
    id,
    ...input,
    codeHash: hashCode(key, id, code),
    expiresAt,
  });
  return { id, code, expiresAt };
}

/**
 * Checks a code against the newest open one; a match uses it up, a miss costs one of its five
 * attempts. The caller must commit even when this returns false, so the attempt is counted.
 */
export async function consumeVerificationCode(
  trx: TenantTx,
  tenantId: string,
  input: { destination: string; purpose: VerificationPurpose; code: string },
  key: string,
): Promise<boolean> {
  const row = await findOpenVerificationCode(trx, tenantId, input.destination, input.purpose);
  if (!row || row.attempts >= CODE_MAX_ATTEMPTS) return false;
  const ok = constantTimeEqual(hashCode(key, row.id, input.code), new Uint8Array(row.code_hash));
  await recordVerificationAttempt(trx, tenantId, row.id, ok);
  return ok;
}
