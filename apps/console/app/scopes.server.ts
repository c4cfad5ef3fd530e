import type { AppLoadContext } from '@remix-run/node';
import {
  asPlatform,
  createLocalDiskStorage,
  withSupplier,
  withTenant,
  type CodeVault,
  type FileStorage,
  type PlatformActor,
  type PlatformTx,
  type StaffAreas,
  type SupplierTx,
  type TenantTx,
} from '@cardshop/domain';
import { requireStaff } from './auth.server';

type Shop = StaffAreas['shops'][number];
type Supplier = StaffAreas['suppliers'][number];

/** One transaction in the shop's tenant scope. */
export function inShop<T>(context: AppLoadContext, shop: Shop, fn: (trx: TenantTx) => Promise<T>) {
  return withTenant(context.runtime.db, shop.tenantId, fn);
}

/** One transaction acting as the supplier (a shop's private supplier carries its shop). */
export function asSupplier<T>(
  context: AppLoadContext,
  supplier: Supplier,
  fn: (trx: SupplierTx) => Promise<T>,
) {
  return withSupplier(
    context.runtime.db,
    { id: supplier.supplierId, ownerTenantId: supplier.ownerTenantId },
    fn,
  );
}

/** The signed-in platform staff member as an audit actor, or a 403 for anyone else. */
export async function requireOperator(request: Request, context: AppLoadContext) {
  const { user } = await requireStaff(request, context);
  if (!user.platformRole) {
    throw Response.json({ reason: 'not-platform-staff', email: user.email }, { status: 403 });
  }
  const actor: PlatformActor = { type: 'staff', id: user.id, ip: context.ip };
  return { user, actor, role: user.platformRole };
}

/** The audited platform scope for a write the operator makes. */
export function asOperator<T>(
  context: AppLoadContext,
  actor: PlatformActor,
  purpose: string,
  fn: (trx: PlatformTx) => Promise<T>,
) {
  return asPlatform(context.runtime.db, { actor, purpose }, fn);
}

/** The card-code vault built from the process's CARD_CODE_KEYS / CARD_CODE_INDEX_KEY, once. */
export function codeVault(context: AppLoadContext): CodeVault {
  return context.runtime.vault;
}

const storages = new WeakMap<object, FileStorage>();

/** Uploaded files (product images) on local disk under DATA_DIR. */
export function fileStorage(context: AppLoadContext): FileStorage {
  const env = context.runtime.env;
  let storage = storages.get(env);
  if (!storage) {
    storage = createLocalDiskStorage(env.DATA_DIR);
    storages.set(env, storage);
  }
  return storage;
}
