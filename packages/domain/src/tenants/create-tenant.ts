import type { PlatformTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import type { PlatformActor } from '@cardshop/db';
import { TenantErrors } from './tenants.errors.js';
import { createTenantSchema, type CreateTenantInput } from './tenants.schemas.js';
import type { Tenant } from './tenants.queries.js';

/** Host labels the platform keeps for itself; a shop may not take them. */
export const RESERVED_SLUGS = new Set([
  'www',
  'api',
  'app',
  'admin',
  'console',
  'platform',
  'static',
  'assets',
  'cdn',
  'mail',
  'help',
  'support',
  'status',
  'docs',
  'pay',
  'payments',
  'webhooks',
  'auth',
  'login',
  'account',
]);

export async function createTenant(
  trx: PlatformTx,
  actor: PlatformActor,
  input: CreateTenantInput,
): Promise<Tenant> {
  const data = createTenantSchema.parse(input);
  if (RESERVED_SLUGS.has(data.slug)) {
    throw new DomainError(TenantErrors.SLUG_RESERVED, {
      userMessage: `店铺地址“${data.slug}”为平台保留，请换一个`,
    });
  }
  const tenant = await trx
    .insertInto('tenants')
    .values({ slug: data.slug, name: data.name, branding: JSON.stringify(data.branding) })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning(['id', 'slug', 'name', 'status', 'branding'])
    .executeTakeFirst();
  if (!tenant) {
    throw new DomainError(TenantErrors.SLUG_TAKEN, {
      userMessage: `店铺地址“${data.slug}”已被使用，请换一个`,
      status: 409,
    });
  }
  await recordPlatformAudit(trx, {
    actor,
    action: 'tenant.create',
    subjectTenantId: tenant.id,
    target: { type: 'tenant', id: tenant.id },
    data: { slug: tenant.slug, name: tenant.name },
  });
  return tenant;
}
