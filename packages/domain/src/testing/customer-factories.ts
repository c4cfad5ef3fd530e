import { randomInt } from 'node:crypto';
import { withTenant, type Database } from '@cardshop/db';
import { customerContext, type CustomerContext } from '../customers/customer-context.js';
import { insertCustomer } from '../customers/customers.queries.js';
import { hashPassword } from '../identity/passwords.js';
import { listDevInbox } from '../messaging/dev-inbox.js';
import type { Runtime } from '../runtime.js';

export const CUSTOMER_PASSWORD = 'buyer-pass-2026';

/** A fresh mainland mobile number that no other test uses. */
export function uniquePhone(): string {
  return `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/** An address from the documentation range, different for each call. */
export function uniqueIp(): string {
  return `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** A shop customer with a phone (unless only an email is given) and CUSTOMER_PASSWORD. */
export async function buildCustomer(
  db: Database,
  tenantId: string,
  overrides: {
    phone?: string;
    email?: string;
    password?: string | null;
    displayName?: string;
  } = {},
) {
  const phone = overrides.phone ?? (overrides.email ? undefined : uniquePhone());
  const password = overrides.password === undefined ? CUSTOMER_PASSWORD : overrides.password;
  const passwordHash = password ? await hashPassword(password) : null;
  const row = await withTenant(db, tenantId, async (trx) => {
    const inserted = await insertCustomer(trx, {
      tenantId,
      identifier: phone
        ? { kind: 'phone', value: phone }
        : { kind: 'email', value: overrides.email! },
      passwordHash,
      displayName: overrides.displayName ?? '测试顾客',
    });
    if (inserted && phone && overrides.email) {
      await trx
        .updateTable('customers')
        .set({ email: overrides.email })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', inserted.id)
        .execute();
    }
    return inserted;
  });
  if (!row) throw new Error('buildCustomer: the phone or email is already taken in this shop');
  return { id: row.id, phone: phone ?? null, email: overrides.email ?? null, password };
}

/** A customer request context for a shop, from a fresh address unless one is given. */
export function buildCustomerContext(
  runtime: Runtime,
  shop: { id: string; name: string },
  overrides: { ip?: string | null; userAgent?: string | null } = {},
): CustomerContext {
  return customerContext(runtime, {
    tenant: { id: shop.id, name: shop.name },
    ip: overrides.ip === undefined ? uniqueIp() : overrides.ip,
    userAgent:
      overrides.userAgent === undefined
        ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.40'
        : overrides.userAgent,
  });
}

/** The newest one-time code sent to a phone or email, read from the dev inbox. */
export async function readDevCode(dataDir: string, to: string): Promise<string> {
  const [latest] = await listDevInbox(dataDir, { to, limit: 1000 });
  const code = latest && /验证码是 (\d{6})/.exec(latest.text)?.[1];
  if (!code) throw new Error(`readDevCode: no code in the dev inbox for ${to}`);
  return code;
}

/** A sign-in result that must have opened a session (no second step due): narrowed for tests. */
export function signedIn<T extends { session?: unknown; customer?: unknown }>(
  result: T,
): Extract<T, { session: object }> {
  if (!result.session) throw new Error('expected a session, but a second sign-in step is due');
  return result as Extract<T, { session: object }>;
}
