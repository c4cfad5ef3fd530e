import type { SupplierTx } from '@cardshop/db';
import { CatalogErrors } from './catalog.errors.js';
import { selectOwnProducts, type SupplierProductSummary } from './catalog.queries.js';
import { supplierProductFilterSchema, type SupplierProductFilter } from './catalog.schemas.js';
import { parseInput } from '../parse-input.js';

/** The acting supplier's products, newest change first, with SKU counts, stock and lowest price. */
export async function listSupplierProducts(
  trx: SupplierTx,
  filter: SupplierProductFilter = {},
): Promise<{ items: SupplierProductSummary[]; total: number; page: number; pageSize: number }> {
  const data = parseInput(supplierProductFilterSchema, filter, CatalogErrors.INVALID_INPUT);
  const { items, total } = await selectOwnProducts(trx, {
    ...(data.status ? { status: data.status } : {}),
    ...(data.q ? { q: data.q } : {}),
    limit: data.pageSize,
    offset: (data.page - 1) * data.pageSize,
  });
  return { items, total, page: data.page, pageSize: data.pageSize };
}
