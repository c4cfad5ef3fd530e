import {
  getSupplierProduct,
  listCodeBatches,
  listSupplierProducts,
  type CodeBatchSummary,
  type SupplierProductSummary,
} from '@cardshop/domain';
import type { asSupplier } from './scopes.server';

type SupplierTx = Parameters<Parameters<typeof asSupplier>[2]>[0];

/** How many card-code products the supplier-wide batch list looks into. */
const PRODUCTS_SCANNED = 100;

export interface SupplierBatch extends CodeBatchSummary {
  sku: { id: string; name: string; productId: string; productName: string };
}

/**
 * The supplier's latest import batches across its card-code SKUs, newest first. The inventory
 * domain lists batches per SKU, so this walks the supplier's products (the most recently updated
 * PRODUCTS_SCANNED of them) and merges.
 */
export async function recentSupplierBatches(
  trx: SupplierTx,
  limit: number,
  products?: SupplierProductSummary[],
): Promise<SupplierBatch[]> {
  const summaries =
    products ?? (await listSupplierProducts(trx, { pageSize: PRODUCTS_SCANNED })).items;
  const batches: SupplierBatch[] = [];
  for (const summary of summaries) {
    if (summary.type !== 'card_code' || summary.skuCount === 0) continue;
    const product = await getSupplierProduct(trx, summary.id);
    for (const sku of product.skus) {
      for (const batch of await listCodeBatches(trx, sku.id, { limit })) {
        batches.push({
          ...batch,
          sku: { id: sku.id, name: sku.name, productId: product.id, productName: product.name },
        });
      }
    }
  }
  return batches
    .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())
    .slice(0, limit);
}
