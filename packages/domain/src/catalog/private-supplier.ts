import type { Database, PlatformActor, PlatformTx } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { findTenantById } from '../tenants/tenants.queries.js';
import { TenantErrors } from '../tenants/tenants.errors.js';
import {
  findPrivateSupplier,
  findSupplierSlugsLike,
  insertPrivateSupplier,
  type PrivateSupplier,
} from './catalog.queries.js';

const SYSTEM: PlatformActor = { type: 'system', id: 'catalog' };

function slugBase(tenantSlug: string): string {
  return `shop-${tenantSlug}`.slice(0, 40).replace(/-+$/, '');
}

/**
 * The supplier through which a reseller sells its own goods (its own codes, only in its shop):
 * approved from the start, owned by the shop (owner_tenant_id), slug `shop-<shop slug>`. Products
 * and SKUs it creates carry the shop as owner, which the database checks. Idempotent: a shop has
 * at most one, and asking again returns it.
 */
export async function createPrivateSupplier(
  trx: PlatformTx,
  tenantId: string,
  actor: PlatformActor = SYSTEM,
): Promise<PrivateSupplier> {
  const existing = await findPrivateSupplier(trx, tenantId);
  if (existing) return existing;
  const tenant = await findTenantById(trx, tenantId);
  if (!tenant) {
    throw new DomainError(TenantErrors.NOT_FOUND, { userMessage: '店铺不存在', status: 404 });
  }
  const base = slugBase(tenant.slug);
  const name = `${tenant.name.slice(0, 74)}（自营）`;
  const taken = await findSupplierSlugsLike(trx, base);
  for (let n = 1; n <= 50; n++) {
    const slug = n === 1 ? base : `${base.slice(0, 40 - String(n).length - 1)}-${n}`;
    if (taken.has(slug)) continue;
    const created = await insertPrivateSupplier(trx, { slug, name, tenantId });
    if (created) {
      await recordPlatformAudit(trx, {
        actor,
        action: 'supplier.create_private',
        subjectTenantId: tenantId,
        target: { type: 'supplier', id: created.id },
        data: { slug },
      });
      return created;
    }
    // Lost a race: either the shop got its supplier meanwhile, or someone took the slug.
    const raced = await findPrivateSupplier(trx, tenantId);
    if (raced) return raced;
  }
  throw new Error(`no free supplier slug for shop ${tenant.slug}`);
}

/** The shop's private supplier, if it has one (suppliers are readable in every scope). */
export async function getPrivateSupplierForTenant(
  db: Database,
  tenantId: string,
): Promise<PrivateSupplier | undefined> {
  return findPrivateSupplier(db, tenantId);
}
