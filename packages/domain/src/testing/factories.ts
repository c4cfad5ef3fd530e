import { randomUUID } from 'node:crypto';
import {
  asSystem,
  type Database,
  type PlatformActor,
  type PlatformRole,
  type StaffRole,
} from '@cardshop/db';
import { createStaffUser } from '../identity/create-staff-user.js';
import { createSupplier } from '../suppliers/create-supplier.js';
import { createTenant } from '../tenants/create-tenant.js';
import type { Branding } from '@cardshop/db';

const actor: PlatformActor = { type: 'system', id: 'test-factory' };
const unique = () => randomUUID().slice(0, 8);

export const TEST_PASSWORD = 'correct-horse-battery';

/** A valid shop; override anything. */
export function buildTenant(
  db: Database,
  overrides: { slug?: string; name?: string; branding?: Branding } = {},
) {
  return asSystem(db, (trx) =>
    createTenant(trx, actor, {
      slug: overrides.slug ?? `shop-${unique()}`,
      name: overrides.name ?? '测试店铺',
      branding: overrides.branding ?? { primaryColor: '#0ea5e9' },
    }),
  );
}

/** A console account with the given roles, password TEST_PASSWORD unless overridden. */
export function buildStaff(
  db: Database,
  overrides: {
    email?: string;
    password?: string;
    platformRole?: PlatformRole;
    tenantRoles?: Array<{ tenantId: string; role: StaffRole }>;
    supplierRoles?: Array<{ supplierId: string; role: StaffRole }>;
  } = {},
) {
  return asSystem(db, (trx) =>
    createStaffUser(trx, actor, {
      email: overrides.email ?? `staff-${unique()}@example.com`,
      displayName: '测试员工',
      password: overrides.password ?? TEST_PASSWORD,
      ...(overrides.platformRole ? { platformRole: overrides.platformRole } : {}),
      tenantRoles: overrides.tenantRoles ?? [],
      supplierRoles: overrides.supplierRoles ?? [],
    }),
  );
}

export function buildSupplier(
  db: Database,
  overrides: {
    slug?: string;
    name?: string;
    status?: 'pending' | 'approved' | 'suspended' | 'rejected';
  } = {},
) {
  return asSystem(db, (trx) =>
    createSupplier(trx, actor, {
      slug: overrides.slug ?? `sup-${unique()}`,
      name: overrides.name ?? '测试供货商',
      status: overrides.status ?? 'approved',
    }),
  );
}
