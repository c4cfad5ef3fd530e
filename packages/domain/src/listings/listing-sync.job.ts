import { asSystem, sql, type PlatformTx } from '@cardshop/db';
import { z } from 'zod';
import { formatYuan } from '../catalog/money.js';
import { defineJob } from '../jobs/define-job.js';
import {
  insertTenantNotification,
  selectTenantsNotifiedByJob,
} from '../notifications/notifications.queries.js';
import {
  selectListingsOfSkusForUpdate,
  selectProductForSync,
  updateListingPriceAndStatus,
} from './listings.queries.js';
import { deriveListingState, formatMarkup, pricingOf, type ListingStatus } from './pricing.js';

export const LISTING_CHANGE_NOTIFICATION = 'listing.supplier_change';

export const listingSyncPayloadSchema = z.object({
  productId: z.uuid(),
  /** null: every SKU of the product (the product itself was delisted or relisted). */
  skuId: z.uuid().nullable(),
  /** The wholesale change that prompted the sync, for the shops' notice. */
  wholesale: z
    .object({ fromFen: z.number().int().positive(), toFen: z.number().int().positive() })
    .nullable(),
  availability: z.enum(['delisted', 'relisted']).nullable(),
});
export type ListingSyncPayload = z.infer<typeof listingSyncPayloadSchema>;

/**
 * After a supplier changes a wholesale price or delists/relists goods: every shop's listing of
 * those SKUs gets its price and state recomputed from the SKU as it is now, and each shop with
 * such a listing gets one notice. Runs under asSystem because it crosses shops.
 */
export const listingSyncJob = defineJob({
  name: 'listings.sync-sku',
  queue: 'catalog',
  schema: listingSyncPayloadSchema,
  options: { attempts: 8, backoffMs: 5_000 },
  async handler(payload, ctx) {
    const result = await asSystem(ctx.db, (trx) => syncListings(trx, payload, ctx.jobId));
    ctx.logger.debug(result, 'listings synced');
  },
});

interface ListingChange {
  listingId: string;
  skuId: string;
  skuName: string;
  wholesaleFen: number;
  before: { priceFen: number; status: ListingStatus };
  after: { priceFen: number; status: ListingStatus };
  pricing: ReturnType<typeof pricingOf>;
}

/**
 * The job's work in one transaction. Listing rows are recomputed from current state (so an older
 * job running late still converges), and a shop already told about this job id is not told again:
 * running it twice changes nothing twice.
 */
export async function syncListings(
  trx: PlatformTx,
  payload: ListingSyncPayload,
  jobId: string,
): Promise<{ listingsChanged: number; shopsNotified: number }> {
  // Two runs of one job at once (a stalled worker's job handed out again) take turns.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`listings.sync:${jobId}`}, 0))`.execute(
    trx,
  );
  const product = await selectProductForSync(trx, payload.productId, payload.skuId);
  if (!product || product.skus.length === 0) return { listingsChanged: 0, shopsNotified: 0 };
  const skus = new Map(product.skus.map((s) => [s.id, s]));
  const listings = await selectListingsOfSkusForUpdate(trx, [...skus.keys()]);

  let listingsChanged = 0;
  const byTenant = new Map<string, ListingChange[]>();
  for (const listing of listings) {
    const sku = skus.get(listing.sku_id)!;
    const pricing = pricingOf(listing);
    const sellable =
      sku.status === 'active' &&
      product.status === 'active' &&
      product.supplierStatus === 'approved';
    const after = deriveListingState(pricing, {
      wholesalePriceFen: sku.wholesalePriceFen,
      sellable,
    });
    const before = { priceFen: Number(listing.price_fen), status: listing.status };
    if (after.priceFen !== before.priceFen || after.status !== before.status) {
      await updateListingPriceAndStatus(trx, listing.tenant_id, listing.id, after);
      listingsChanged++;
    }
    const changes = byTenant.get(listing.tenant_id) ?? [];
    changes.push({
      listingId: listing.id,
      skuId: sku.id,
      skuName: sku.name,
      wholesaleFen: sku.wholesalePriceFen,
      before,
      after,
      pricing,
    });
    byTenant.set(listing.tenant_id, changes);
  }

  const alreadyTold = await selectTenantsNotifiedByJob(trx, [...byTenant.keys()], jobId);
  let shopsNotified = 0;
  const skuOrder = new Map(product.skus.map((s, i) => [s.id, i]));
  for (const [tenantId, changes] of byTenant) {
    if (alreadyTold.has(tenantId)) continue;
    changes.sort((a, b) => skuOrder.get(a.skuId)! - skuOrder.get(b.skuId)!);
    const notice = composeNotice(product.name, payload, changes);
    await insertTenantNotification(trx, {
      tenantId,
      kind: LISTING_CHANGE_NOTIFICATION,
      title: notice.title,
      body: notice.body,
      data: {
        jobId,
        productId: payload.productId,
        skuId: payload.skuId,
        wholesale: payload.wholesale,
        availability: payload.availability,
        listings: changes.map((c) => ({
          listingId: c.listingId,
          skuId: c.skuId,
          before: c.before,
          after: c.after,
        })),
      },
    });
    shopsNotified++;
  }
  return { listingsChanged, shopsNotified };
}

function composeNotice(
  productName: string,
  payload: ListingSyncPayload,
  changes: ListingChange[],
): { title: string; body: string } {
  const single = changes.length === 1 ? changes[0]! : null;
  const goods = single ? `${productName}（${single.skuName}）` : productName;
  let title: string;
  const lines: string[] = [];
  if (payload.availability === 'delisted') {
    title = `供货商已下架：${goods}`;
    lines.push(`供货商已下架“${goods}”。`);
  } else if (payload.availability === 'relisted') {
    title = `供货商恢复供货：${goods}`;
    lines.push(`供货商已恢复供应“${goods}”。`);
  } else if (payload.wholesale) {
    const up = payload.wholesale.toFen > payload.wholesale.fromFen;
    title = `批发价${up ? '上调' : '下调'}：${goods}`;
  } else {
    title = `商品信息变更：${goods}`;
  }
  if (payload.wholesale) {
    lines.push(
      `“${goods}”的批发价由 ${formatYuan(payload.wholesale.fromFen)} 元调整为 ${formatYuan(payload.wholesale.toFen)} 元。`,
    );
  }
  for (const change of changes) {
    const prefix = single ? '您店铺中的该商品' : `规格“${change.skuName}”`;
    lines.push(`${prefix}${describeOutcome(change)}`);
  }
  return { title, body: lines.join('\n') };
}

function describeOutcome(change: ListingChange): string {
  const { before, after, pricing, wholesaleFen } = change;
  const price = formatYuan(after.priceFen);
  const margin = formatYuan(after.priceFen - wholesaleFen);
  if (after.status === 'supplier_delisted') {
    return '已暂停销售（供货商下架），恢复供货后会自动重新上架。';
  }
  if (after.status === 'below_wholesale') {
    return `的固定售价 ${price} 元已低于批发价 ${formatYuan(wholesaleFen)} 元，已暂停销售；请调高售价后恢复销售。`;
  }
  const resumed = before.status !== 'active' ? '已恢复销售，' : '';
  if (pricing.mode === 'markup') {
    const changed =
      after.priceFen !== before.priceFen
        ? `售价按加价 ${formatMarkup(pricing.markupBps)} 自动由 ${formatYuan(before.priceFen)} 元调整为 ${price} 元`
        : `售价 ${price} 元（加价 ${formatMarkup(pricing.markupBps)}）`;
    return `${resumed}${changed}，每件利润 ${margin} 元。`;
  }
  return `${resumed}固定售价 ${price} 元不变，每件利润 ${margin} 元。`;
}
