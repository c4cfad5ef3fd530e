import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '@cardshop/db';
import { staffAuthContext, type StaffAuthContext } from '../identity/staff-auth-context.js';
import type { StaffSignInResult } from '../identity/sign-in-staff.js';
import { createDevEmailSender } from '../messaging/dev-inbox.js';
import type { Runtime } from '../runtime.js';
import { createMemoryRateLimiter } from '../security/memory-rate-limiter.js';

export const TEST_APP_SECRET = 'test-secret-'.padEnd(40, 'x');

/**
 * A console request context: the runtime's own services, or (for a bare test database) an
 * in-memory rate limiter and the dev mail inbox in a scratch folder.
 */
export function buildStaffContext(
  source: Runtime | { db: Database },
  overrides: { ip?: string | null; userAgent?: string | null; now?: () => number } = {},
): StaffAuthContext {
  const runtime =
    'rateLimiter' in source
      ? source
      : {
          db: source.db,
          rateLimiter: createMemoryRateLimiter(),
          email: createDevEmailSender(mkdtempSync(path.join(tmpdir(), 'cardshop-staff-'))),
          env: { APP_SECRET: TEST_APP_SECRET },
        };
  return staffAuthContext(
    runtime,
    {
      ip: overrides.ip === undefined ? '198.51.100.7' : overrides.ip,
      userAgent: overrides.userAgent === undefined ? 'vitest' : overrides.userAgent,
    },
    overrides.now,
  );
}

/** A console sign-in that must have opened a session (no second step due). */
export function staffSignedIn(
  result: StaffSignInResult,
): Extract<StaffSignInResult, { status: 'signed_in' }> {
  if (result.status !== 'signed_in') throw new Error('expected a session, got a second step');
  return result;
}
