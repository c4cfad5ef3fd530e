import type { PlatformActor, PlatformTx } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { CatalogErrors } from './catalog.errors.js';
import {
  findCategory,
  findCategoryBySlug,
  selectCategoryWithDescendants,
  updateCategoryRow,
  type Category,
} from './catalog.queries.js';
import { updateCategorySchema, type UpdateCategoryInput } from './catalog.schemas.js';
import { parseInput } from '../parse-input.js';

/**
 * Renames, re-icons, reorders, moves (parentId) or hides/shows a category. Hiding one takes its
 * goods out of catalog browsing and stops new goods being filed under it or its children.
 */
export async function platformUpdateCategory(
  trx: PlatformTx,
  actor: PlatformActor,
  id: string,
  input: UpdateCategoryInput,
): Promise<Category> {
  const data = parseInput(updateCategorySchema, input, CatalogErrors.INVALID_INPUT);
  const current = await findCategory(trx, id);
  if (!current) {
    throw new DomainError(CatalogErrors.CATEGORY_NOT_FOUND, {
      userMessage: '分类不存在',
      status: 404,
    });
  }
  if (data.parentId) {
    if (!(await findCategory(trx, data.parentId))) {
      throw new DomainError(CatalogErrors.CATEGORY_NOT_FOUND, {
        userMessage: '上级分类不存在',
        status: 404,
      });
    }
    const subtree = await selectCategoryWithDescendants(trx, id);
    if (subtree.includes(data.parentId)) {
      throw new DomainError(CatalogErrors.CATEGORY_PARENT_INVALID, {
        userMessage: '不能把分类移到它自己或它的下级分类下面',
      });
    }
  }
  if (data.slug && data.slug !== current.slug) {
    if (await findCategoryBySlug(trx, data.slug)) {
      throw new DomainError(CatalogErrors.CATEGORY_SLUG_TAKEN, {
        userMessage: `分类标识“${data.slug}”已被使用，请换一个`,
        status: 409,
      });
    }
  }
  const updated = await updateCategoryRow(trx, id, {
    ...(data.parentId !== undefined ? { parent_id: data.parentId } : {}),
    ...(data.slug !== undefined ? { slug: data.slug } : {}),
    ...(data.name !== undefined ? { name: data.name } : {}),
    ...(data.nameEn !== undefined ? { name_en: data.nameEn } : {}),
    ...(data.icon !== undefined ? { icon: data.icon } : {}),
    ...(data.sortOrder !== undefined ? { sort_order: data.sortOrder } : {}),
    ...(data.status !== undefined ? { status: data.status } : {}),
  });
  await recordPlatformAudit(trx, {
    actor,
    action: 'category.update',
    target: { type: 'category', id },
    data: { changes: data },
  });
  return updated ?? current;
}
