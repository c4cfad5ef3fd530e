import type { PlatformActor, PlatformTx } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { CatalogErrors } from './catalog.errors.js';
import { findCategory, insertCategory, type Category } from './catalog.queries.js';
import { createCategorySchema, type CreateCategoryInput } from './catalog.schemas.js';
import { parseInput } from '../parse-input.js';

/** Adds a platform category (top level, or under parentId). */
export async function platformCreateCategory(
  trx: PlatformTx,
  actor: PlatformActor,
  input: CreateCategoryInput,
): Promise<Category> {
  const data = parseInput(createCategorySchema, input, CatalogErrors.INVALID_INPUT);
  if (data.parentId && !(await findCategory(trx, data.parentId))) {
    throw new DomainError(CatalogErrors.CATEGORY_NOT_FOUND, {
      userMessage: '上级分类不存在',
      status: 404,
    });
  }
  const category = await insertCategory(trx, data);
  if (!category) {
    throw new DomainError(CatalogErrors.CATEGORY_SLUG_TAKEN, {
      userMessage: `分类标识“${data.slug}”已被使用，请换一个`,
      status: 409,
    });
  }
  await recordPlatformAudit(trx, {
    actor,
    action: 'category.create',
    target: { type: 'category', id: category.id },
    data: { slug: category.slug, name: category.name, parentId: category.parentId },
  });
  return category;
}
