import type { PlatformActor, PlatformRole, PlatformTx, StaffRole } from '@cardshop/db';
import { z } from 'zod';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { IdentityErrors } from './identity.errors.js';
import { emailSchema, newPasswordSchema } from './identity.schemas.js';
import { hashPassword } from './passwords.js';

export const createStaffUserSchema = z.object({
  email: emailSchema,
  displayName: z.string().trim().min(1, '请填写姓名').max(80, '姓名最多 80 个字'),
  password: newPasswordSchema,
  platformRole: z.enum(['admin', 'operator', 'support']).optional(),
  tenantRoles: z
    .array(
      z.object({ tenantId: z.uuid(), role: z.enum(['owner', 'manager', 'support', 'finance']) }),
    )
    .default([]),
  supplierRoles: z
    .array(
      z.object({ supplierId: z.uuid(), role: z.enum(['owner', 'manager', 'support', 'finance']) }),
    )
    .default([]),
});

export type CreateStaffUserInput = z.input<typeof createStaffUserSchema>;

/** A console account, with its platform role and shop / supplier memberships, in one step. */
export async function createStaffUser(
  trx: PlatformTx,
  actor: PlatformActor,
  input: CreateStaffUserInput,
): Promise<{ id: string; email: string }> {
  const data = createStaffUserSchema.parse(input);
  const user = await trx
    .insertInto('staff_users')
    .values({
      email: data.email,
      display_name: data.displayName,
      password_hash: await hashPassword(data.password),
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(['id', 'email'])
    .executeTakeFirst();
  if (!user) {
    throw new DomainError(IdentityErrors.EMAIL_TAKEN, {
      userMessage: `邮箱 ${data.email} 已注册控制台账号`,
      status: 409,
    });
  }
  if (data.platformRole) await grantPlatformRole(trx, user.id, data.platformRole);
  for (const m of data.tenantRoles) await addTenantMember(trx, m.tenantId, user.id, m.role);
  for (const m of data.supplierRoles) {
    await trx
      .insertInto('supplier_staff')
      .values({ supplier_id: m.supplierId, user_id: user.id, role: m.role })
      .execute();
  }
  await recordPlatformAudit(trx, {
    actor,
    action: 'staff.create',
    target: { type: 'staff_user', id: user.id },
    data: { email: user.email, platformRole: data.platformRole ?? null },
  });
  return user;
}

async function grantPlatformRole(trx: PlatformTx, userId: string, role: PlatformRole) {
  await trx
    .insertInto('platform_staff')
    .values({ user_id: userId, role })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ role }))
    .execute();
}

async function addTenantMember(trx: PlatformTx, tenantId: string, userId: string, role: StaffRole) {
  await trx
    .insertInto('tenant_memberships')
    .values({ tenant_id: tenantId, user_id: userId, role })
    .execute();
}
