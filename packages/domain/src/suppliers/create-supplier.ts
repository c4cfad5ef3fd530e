import type { PlatformActor, PlatformTx, SupplierStatus } from '@cardshop/db';
import { z } from 'zod';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { SupplierErrors } from './suppliers.errors.js';

export const createSupplierSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/, '供货商标识只能使用小写字母、数字和连字符'),
  name: z.string().trim().min(1, '请填写供货商名称').max(80, '供货商名称最多 80 个字'),
  contactEmail: z.email('请输入有效的邮箱地址').optional(),
  status: z.enum(['pending', 'approved', 'suspended', 'rejected']).default('pending'),
});

export async function createSupplier(
  trx: PlatformTx,
  actor: PlatformActor,
  input: z.input<typeof createSupplierSchema>,
): Promise<{ id: string; slug: string; name: string; status: SupplierStatus }> {
  const data = createSupplierSchema.parse(input);
  const supplier = await trx
    .insertInto('suppliers')
    .values({
      slug: data.slug,
      name: data.name,
      status: data.status,
      contact_email: data.contactEmail ?? null,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning(['id', 'slug', 'name', 'status'])
    .executeTakeFirst();
  if (!supplier) {
    throw new DomainError(SupplierErrors.SLUG_TAKEN, {
      userMessage: `供货商标识“${data.slug}”已被使用`,
      status: 409,
    });
  }
  await recordPlatformAudit(trx, {
    actor,
    action: 'supplier.create',
    target: { type: 'supplier', id: supplier.id },
    data: { slug: supplier.slug, status: supplier.status },
  });
  return supplier;
}
