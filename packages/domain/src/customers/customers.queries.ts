import type { Selectable } from 'kysely';
import type {
  CustomersTable,
  TenantTx,
  VerificationChannel,
  VerificationPurpose,
} from '@cardshop/db';
import type { Identifier } from './customers.schemas.js';

export type CustomerRow = Selectable<CustomersTable>;

/** A shop's customer as the rest of the code sees them (never the password hash). */
export interface Customer {
  id: string;
  email: string | null;
  phone: string | null;
  displayName: string;
  status: 'active' | 'disabled';
  hasPassword: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    email: row.email,
    phone: row.phone,
    displayName: row.display_name,
    status: row.status,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

export function findCustomerByContact(
  trx: TenantTx,
  tenantId: string,
  identifier: Identifier,
): Promise<CustomerRow | undefined> {
  return trx
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(identifier.kind, '=', identifier.value)
    .executeTakeFirst();
}

export function findCustomerById(
  trx: TenantTx,
  tenantId: string,
  id: string,
): Promise<CustomerRow | undefined> {
  return trx
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The new customer, or undefined when the phone or email is already taken in this shop. */
export function insertCustomer(
  trx: TenantTx,
  values: {
    tenantId: string;
    identifier: Identifier;
    passwordHash: string | null;
    displayName: string;
  },
): Promise<CustomerRow | undefined> {
  return trx
    .insertInto('customers')
    .values({
      tenant_id: values.tenantId,
      email: values.identifier.kind === 'email' ? values.identifier.value : null,
      phone: values.identifier.kind === 'phone' ? values.identifier.value : null,
      password_hash: values.passwordHash,
      display_name: values.displayName,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function setCustomerPasswordHash(
  trx: TenantTx,
  tenantId: string,
  id: string,
  passwordHash: string,
): Promise<void> {
  await trx
    .updateTable('customers')
    .set({ password_hash: passwordHash })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function markCustomerSignedIn(
  trx: TenantTx,
  tenantId: string,
  id: string,
): Promise<void> {
  await trx
    .updateTable('customers')
    .set({ last_sign_in_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

// --- sessions ---

export async function insertCustomerSession(
  trx: TenantTx,
  values: {
    tenantId: string;
    id: string;
    customerId: string;
    secretHash: Uint8Array;
    remember: boolean;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await trx
    .insertInto('customer_sessions')
    .values({
      tenant_id: values.tenantId,
      id: values.id,
      customer_id: values.customerId,
      secret_hash: values.secretHash,
      remember: values.remember,
      expires_at: values.expiresAt,
      ip: values.ip,
      user_agent: values.userAgent,
    })
    .execute();
}

export function findCustomerSession(trx: TenantTx, tenantId: string, id: string) {
  return trx
    .selectFrom('customer_sessions as s')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.tenant_id', '=', 's.tenant_id').onRef('c.id', '=', 's.customer_id'),
    )
    .select([
      's.id',
      's.customer_id',
      's.secret_hash',
      's.remember',
      's.expires_at',
      's.last_used_at',
      's.confirmed_at',
      'c.email',
      'c.phone',
      'c.display_name',
      'c.status',
      'c.password_hash',
      'c.created_at',
      'c.last_sign_in_at',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function touchCustomerSession(
  trx: TenantTx,
  tenantId: string,
  id: string,
  values: { lastUsedAt: Date; expiresAt: Date },
): Promise<void> {
  await trx
    .updateTable('customer_sessions')
    .set({ last_used_at: values.lastUsedAt, expires_at: values.expiresAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Deletes one session of one customer; the number deleted (0 when it was not theirs). */
export async function deleteCustomerSession(
  trx: TenantTx,
  tenantId: string,
  id: string,
  customerId?: string,
): Promise<number> {
  let query = trx
    .deleteFrom('customer_sessions')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (customerId) query = query.where('customer_id', '=', customerId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes every session of the customer except `keep`; the number deleted. */
export async function deleteOtherCustomerSessions(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  keep: string | null,
): Promise<number> {
  let query = trx
    .deleteFrom('customer_sessions')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId);
  if (keep) query = query.where('id', '!=', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function listLiveCustomerSessions(trx: TenantTx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customer_sessions')
    .select(['id', 'remember', 'created_at', 'last_used_at', 'expires_at', 'ip', 'user_agent'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('expires_at', '>', new Date())
    .orderBy('last_used_at', 'desc')
    .execute();
}

export async function countLiveCustomerSessions(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('customer_sessions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- one-time codes ---

/** Marks every open code for this destination and purpose as used, so only a newer one works. */
export async function supersedeVerificationCodes(
  trx: TenantTx,
  tenantId: string,
  destination: string,
  purpose: VerificationPurpose,
): Promise<void> {
  await trx
    .updateTable('verification_codes')
    .set({ consumed_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('destination', '=', destination)
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .execute();
}

export async function insertVerificationCode(
  trx: TenantTx,
  values: {
    tenantId: string;
    id: string;
    channel: VerificationChannel;
    destination: string;
    purpose: VerificationPurpose;
    codeHash: Uint8Array;
    expiresAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('verification_codes')
    .values({
      tenant_id: values.tenantId,
      id: values.id,
      channel: values.channel,
      destination: values.destination,
      purpose: values.purpose,
      code_hash: values.codeHash,
      expires_at: values.expiresAt,
    })
    .execute();
}

/** The newest open, unexpired code for a destination and purpose, locked for checking. */
export function findOpenVerificationCode(
  trx: TenantTx,
  tenantId: string,
  destination: string,
  purpose: VerificationPurpose,
) {
  return trx
    .selectFrom('verification_codes')
    .select(['id', 'code_hash', 'attempts'])
    .where('tenant_id', '=', tenantId)
    .where('destination', '=', destination)
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function recordVerificationAttempt(
  trx: TenantTx,
  tenantId: string,
  id: string,
  consumed: boolean,
): Promise<void> {
  await trx
    .updateTable('verification_codes')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      ...(consumed ? { consumed_at: new Date() } : {}),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

// --- security events ---

export interface CustomerSecurityEvent {
  id: string;
  occurredAt: Date;
  action: string;
  ip: string | null;
  data: unknown;
}

/** The customer's own security events from the shop's audit log, newest first. */
export async function listCustomerSecurityEvents(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  limit = 20,
): Promise<CustomerSecurityEvent[]> {
  const rows = await trx
    .selectFrom('tenant_audit_log')
    .select(['id', 'occurred_at', 'action', 'ip', 'data'])
    .where('tenant_id', '=', tenantId)
    .where('actor_type', '=', 'customer')
    .where('actor_id', '=', customerId)
    .orderBy('occurred_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    action: r.action,
    ip: r.ip,
    data: r.data,
  }));
}
