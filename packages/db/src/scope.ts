import { sql, type Transaction } from 'kysely';
import type { Database } from './client.js';
import { APP_ROLE, PLATFORM_ROLE } from './roles.js';
import type { DB } from './schema.js';

declare const tenantScope: unique symbol;
declare const platformScope: unique symbol;
declare const supplierScope: unique symbol;
declare const staffUserScope: unique symbol;

/** A transaction bound to one tenant: RLS shows it that tenant's rows and nothing else. */
export type TenantTx = Transaction<DB> & { readonly [tenantScope]: string };
/** A transaction in the platform scope: sees every tenant. Opened only by asPlatform or asSystem. */
export type PlatformTx = Transaction<DB> & { readonly [platformScope]: true };
/** A transaction acting as one supplier: it writes only that supplier's goods, codes and batches. */
export type SupplierTx = Transaction<DB> & { readonly [supplierScope]: string };
/** A transaction as one signed-in staff member: it can read that person's own memberships. */
export type StaffUserTx = Transaction<DB> & { readonly [staffUserScope]: string };
/** Either scope: for queries that work the same in a shop and in the platform console. */
export type ScopedTx = TenantTx | PlatformTx;

export type PlatformActor =
  { type: 'staff'; id: string; ip?: string | null } | { type: 'system'; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs fn in a transaction scoped to one tenant. The tenant is set with set_config(..., true),
 * transaction-local, so a pooled connection never carries it into the next request.
 */
export async function withTenant<T>(
  db: Database,
  tenantId: string,
  fn: (trx: TenantTx) => Promise<T>,
): Promise<T> {
  if (!UUID.test(tenantId)) throw new TypeError(`withTenant: "${tenantId}" is not a tenant id`);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true), set_config('app.supplier_id', '', true)`.execute(
      trx,
    );
    return fn(trx as TenantTx);
  });
}

/**
 * Runs fn as one supplier (its staff in the console, its import CLI). A reseller's private supplier
 * also carries the reseller's tenant, so the shop's private goods stay readable while it edits them.
 */
export async function withSupplier<T>(
  db: Database,
  supplier: { id: string; ownerTenantId?: string | null },
  fn: (trx: SupplierTx) => Promise<T>,
): Promise<T> {
  if (!UUID.test(supplier.id))
    throw new TypeError(`withSupplier: "${supplier.id}" is not a supplier id`);
  const tenant = supplier.ownerTenantId ?? '';
  if (tenant && !UUID.test(tenant))
    throw new TypeError(`withSupplier: "${tenant}" is not a tenant id`);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${APP_ROLE}, true), set_config('app.supplier_id', ${supplier.id}, true), set_config('app.tenant_id', ${tenant}, true)`.execute(
      trx,
    );
    return fn(trx as SupplierTx);
  });
}

/** Runs fn as one signed-in staff member, to read their own memberships across shops. */
export async function asStaffUser<T>(
  db: Database,
  userId: string,
  fn: (trx: StaffUserTx) => Promise<T>,
): Promise<T> {
  if (!UUID.test(userId)) throw new TypeError(`asStaffUser: "${userId}" is not a user id`);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${APP_ROLE}, true), set_config('app.user_id', ${userId}, true), set_config('app.tenant_id', '', true), set_config('app.supplier_id', '', true)`.execute(
      trx,
    );
    return fn(trx as StaffUserTx);
  });
}

/**
 * Runs fn in the platform scope (every tenant visible) for a person, and writes who opened it and
 * why to the platform audit log in the same transaction.
 */
export async function asPlatform<T>(
  db: Database,
  scope: { actor: PlatformActor; purpose: string; subjectTenantId?: string | null },
  fn: (trx: PlatformTx) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await enterPlatform(trx);
    await trx
      .insertInto('platform_audit_log')
      .values({
        actor_type: scope.actor.type,
        actor_id: scope.actor.id,
        action: 'platform.scope',
        subject_tenant_id: scope.subjectTenantId ?? null,
        ip: scope.actor.type === 'staff' ? (scope.actor.ip ?? null) : null,
        data: JSON.stringify({ purpose: scope.purpose }),
      })
      .execute();
    return fn(trx as PlatformTx);
  });
}

/**
 * The platform scope for the platform's own machinery (outbox relay, job runner, host routing),
 * which acts for no person and would flood the audit log. Never call it on behalf of a request.
 */
export async function asSystem<T>(db: Database, fn: (trx: PlatformTx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await enterPlatform(trx);
    return fn(trx as PlatformTx);
  });
}

async function enterPlatform(trx: Transaction<DB>) {
  await sql`select set_config('role', ${PLATFORM_ROLE}, true), set_config('app.tenant_id', '', true), set_config('app.supplier_id', '', true)`.execute(
    trx,
  );
}
