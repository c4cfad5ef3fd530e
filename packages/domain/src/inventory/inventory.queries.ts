import {
  sql,
  type PlatformTx,
  type ScopedTx,
  type StockAdjustmentKind,
  type SupplierTx,
} from '@cardshop/db';

type AnyTx = SupplierTx | ScopedTx;

export interface SkuForImport {
  skuId: string;
  skuName: string;
  skuStatus: 'active' | 'inactive' | 'delisted';
  productId: string;
  productName: string;
  productType: 'card_code' | 'direct_topup' | 'physical_card';
  productStatus: 'draft' | 'active' | 'delisted';
  supplierId: string;
  ownerTenantId: string | null;
  codeKind: 'single' | 'reusable';
  reuseLimit: number | null;
  lowStockThreshold: number;
  /** Whether the SKU belongs to the supplier this transaction acts as. */
  ownedByCurrentSupplier: boolean;
}

/** The SKU with what an import needs to know about it, as far as this scope can see it. */
export async function findSkuForImport(
  trx: SupplierTx,
  skuId: string,
): Promise<SkuForImport | undefined> {
  const row = await trx
    .selectFrom('skus as k')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .where('k.id', '=', skuId)
    .select([
      'k.id as skuId',
      'k.name as skuName',
      'k.status as skuStatus',
      'p.id as productId',
      'p.name as productName',
      'p.type as productType',
      'p.status as productStatus',
      'k.supplier_id as supplierId',
      'k.owner_tenant_id as ownerTenantId',
      'k.code_kind as codeKind',
      'k.reuse_limit as reuseLimit',
      'k.low_stock_threshold as lowStockThreshold',
      sql<boolean>`k.supplier_id is not distinct from app_current_supplier()`.as(
        'ownedByCurrentSupplier',
      ),
    ])
    .executeTakeFirst();
  return row;
}

/** The status of the supplier this transaction acts as. */
export async function currentSupplierStatus(trx: SupplierTx) {
  const row = await trx
    .selectFrom('suppliers')
    .select(['status', 'name'])
    .where('id', '=', sql<string>`app_current_supplier()`)
    .executeTakeFirst();
  return row;
}

/** Who supplies a SKU: for the import CLI, which acts as that supplier. */
export async function findSkuSupplier(trx: PlatformTx, skuId: string) {
  return trx
    .selectFrom('skus as k')
    .innerJoin('suppliers as s', 's.id', 'k.supplier_id')
    .where('k.id', '=', skuId)
    .select(['s.id', 's.owner_tenant_id as ownerTenantId', 's.name', 's.status'])
    .executeTakeFirst();
}

/** Which of these blind indexes the SKU already holds (in any state). */
export async function existingBlindIndexes(
  trx: SupplierTx,
  skuId: string,
  indexes: Buffer[],
): Promise<Buffer[]> {
  if (indexes.length === 0) return [];
  const rows = await trx
    .selectFrom('card_codes')
    .select('blind_index')
    .where('sku_id', '=', skuId)
    .where('blind_index', 'in', indexes)
    .execute();
  return rows.map((r) => Buffer.from(r.blind_index));
}

export async function insertCodeBatch(
  trx: SupplierTx,
  values: {
    supplierId: string;
    skuId: string;
    source: 'paste' | 'file' | 'cli';
    filename: string | null;
    createdBy: string | null;
  },
): Promise<string> {
  const row = await trx
    .insertInto('code_batches')
    .values({
      supplier_id: values.supplierId,
      sku_id: values.skuId,
      source: values.source,
      filename: values.filename,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewCardCode {
  keyId: string;
  sealed: Buffer;
  blindIndex: Buffer;
  expiresOn: string | null;
}

/** Inserts sealed codes, skipping those already in stock; returns how many went in. */
export async function insertCardCodes(
  trx: SupplierTx,
  target: { skuId: string; supplierId: string; batchId: string; sellLimit: number },
  codes: NewCardCode[],
): Promise<number> {
  if (codes.length === 0) return 0;
  const result = await trx
    .insertInto('card_codes')
    .values(
      codes.map((c) => ({
        sku_id: target.skuId,
        supplier_id: target.supplierId,
        batch_id: target.batchId,
        key_id: c.keyId,
        sealed: c.sealed,
        blind_index: c.blindIndex,
        sell_limit: target.sellLimit,
        expires_on: c.expiresOn,
      })),
    )
    .onConflict((oc) => oc.columns(['sku_id', 'blind_index']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export interface BatchCounts {
  totalLines: number;
  imported: number;
  duplicatesInFile: number;
  duplicatesInStock: number;
  malformed: number;
}

export async function addToBatchCounts(trx: SupplierTx, batchId: string, add: BatchCounts) {
  await trx
    .updateTable('code_batches')
    .set((eb) => ({
      total_lines: eb('total_lines', '+', add.totalLines),
      imported: eb('imported', '+', add.imported),
      duplicates_in_file: eb('duplicates_in_file', '+', add.duplicatesInFile),
      duplicates_in_stock: eb('duplicates_in_stock', '+', add.duplicatesInStock),
      malformed: eb('malformed', '+', add.malformed),
    }))
    .where('id', '=', batchId)
    .execute();
}

export async function finishCodeBatch(
  trx: SupplierTx,
  batchId: string,
  outcome: { status: 'done' } | { status: 'failed'; error: string },
) {
  await trx
    .updateTable('code_batches')
    .set({
      status: outcome.status,
      finished_at: sql`now()`,
      error: outcome.status === 'failed' ? outcome.error : null,
    })
    .where('id', '=', batchId)
    .execute();
}

/** Adds sellable units to a SKU's stock row, creating it on the first import. */
export async function addAvailableStock(
  trx: SupplierTx,
  sku: { skuId: string; supplierId: string; ownerTenantId: string | null },
  units: number,
) {
  await trx
    .insertInto('sku_stock')
    .values({
      sku_id: sku.skuId,
      supplier_id: sku.supplierId,
      owner_tenant_id: sku.ownerTenantId,
      available: units,
    })
    .onConflict((oc) =>
      oc.column('sku_id').doUpdateSet((eb) => ({
        available: eb('sku_stock.available', '+', eb.ref('excluded.available')),
        updated_at: sql`now()`,
      })),
    )
    .execute();
}

export async function removeAvailableStock(trx: SupplierTx, skuId: string, units: number) {
  await trx
    .updateTable('sku_stock')
    .set((eb) => ({ available: eb('available', '-', units), updated_at: sql`now()` }))
    .where('sku_id', '=', skuId)
    .execute();
}

export async function findStock(trx: AnyTx, skuId: string) {
  return trx
    .selectFrom('skus as k')
    .leftJoin('sku_stock as st', 'st.sku_id', 'k.id')
    .where('k.id', '=', skuId)
    .select([
      'k.id as skuId',
      'k.low_stock_threshold as lowStockThreshold',
      'st.available',
      'st.reserved',
      'st.sold',
      'st.low_stock_notified_at as lowStockNotifiedAt',
    ])
    .executeTakeFirst();
}

export async function batchExists(trx: SupplierTx, batchId: string) {
  const row = await trx
    .selectFrom('code_batches')
    .select('id')
    .where('id', '=', batchId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Voids the still-available codes of a batch or a list, and returns what went per SKU and batch:
 * codes voided, and sellable units taken out of stock (a reusable code takes its unsold uses).
 */
export async function voidAvailableCodes(
  trx: SupplierTx,
  which: { batchId: string } | { codeIds: string[] },
) {
  const rows = await trx
    .with('v', (db) =>
      db
        .updateTable('card_codes')
        .set({ state: 'voided', voided_at: sql`now()` })
        .where('state', '=', 'available')
        .where((eb) =>
          'batchId' in which ? eb('batch_id', '=', which.batchId) : eb('id', 'in', which.codeIds),
        )
        .returning((eb) => [
          'sku_id',
          'batch_id',
          eb(eb.ref('sell_limit'), '-', eb.ref('sold_count')).as('units'),
        ]),
    )
    .selectFrom('v')
    .select((eb) => [
      'v.sku_id as skuId',
      'v.batch_id as batchId',
      eb.fn.countAll<string>().as('codes'),
      eb.fn.sum<string>('v.units').as('units'),
    ])
    .groupBy(['v.sku_id', 'v.batch_id'])
    .execute();
  return rows.map((r) => ({
    skuId: r.skuId,
    batchId: r.batchId,
    codes: Number(r.codes),
    units: Number(r.units),
  }));
}

export async function addToBatchVoided(trx: SupplierTx, batchId: string, codes: number) {
  await trx
    .updateTable('code_batches')
    .set((eb) => ({ voided: eb('voided', '+', codes) }))
    .where('id', '=', batchId)
    .execute();
}

export async function listBatchesOfSku(trx: SupplierTx, skuId: string, limit: number) {
  return selectBatches(trx).where('b.sku_id', '=', skuId).limit(limit).execute();
}

/** The supplier's newest batches across all its SKUs (RLS keeps to its own), with their SKU. */
export async function listRecentBatches(trx: SupplierTx, limit: number) {
  return selectBatches(trx)
    .innerJoin('skus as k', 'k.id', 'b.sku_id')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .select(['k.id as skuId', 'k.name as skuName', 'p.id as productId', 'p.name as productName'])
    .limit(limit)
    .execute();
}

function selectBatches(trx: SupplierTx) {
  return trx
    .selectFrom('code_batches as b')
    .select((eb) => [
      'b.id',
      'b.source',
      'b.filename',
      'b.status',
      'b.total_lines as totalLines',
      'b.imported',
      'b.duplicates_in_file as duplicatesInFile',
      'b.duplicates_in_stock as duplicatesInStock',
      'b.malformed',
      'b.voided',
      'b.created_by as createdBy',
      'b.created_at as createdAt',
      'b.finished_at as finishedAt',
      'b.error',
      eb
        .selectFrom('card_codes as c')
        .whereRef('c.batch_id', '=', 'b.id')
        .where('c.state', '=', 'available')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('available'),
    ])
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id');
}

/** The SKU, its product and its stock row, for deciding on and wording a low-stock notice. */
export async function findLowStockSubject(trx: SupplierTx | PlatformTx, skuId: string) {
  return trx
    .selectFrom('skus as k')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .innerJoin('sku_stock as st', 'st.sku_id', 'k.id')
    .where('k.id', '=', skuId)
    .select([
      'k.id as skuId',
      'k.name as skuName',
      'k.status as skuStatus',
      'k.supplier_id as supplierId',
      'k.low_stock_threshold as threshold',
      'p.id as productId',
      'p.name as productName',
      'p.type as productType',
      'p.status as productStatus',
      'st.available',
    ])
    .executeTakeFirst();
}

/** Clears the low-stock mark once stock is above the threshold again, so the next dip notifies. */
export async function clearLowStockMark(
  trx: SupplierTx | PlatformTx,
  skuId: string,
  threshold: number,
) {
  await trx
    .updateTable('sku_stock')
    .set({ low_stock_notified_at: null })
    .where('sku_id', '=', skuId)
    .where('low_stock_notified_at', 'is not', null)
    .where('available', '>', threshold)
    .execute();
}

/**
 * Marks the SKU as notified if it is at or under the threshold and not marked yet. One conditional
 * update: of two concurrent callers only one gets the row back, so one notice is written.
 */
export async function claimLowStockMark(
  trx: SupplierTx | PlatformTx,
  skuId: string,
  threshold: number,
): Promise<{ available: number } | undefined> {
  return trx
    .updateTable('sku_stock')
    .set({ low_stock_notified_at: sql`now()` })
    .where('sku_id', '=', skuId)
    .where('low_stock_notified_at', 'is', null)
    .where('available', '<=', threshold)
    .returning('available')
    .executeTakeFirst();
}

export async function insertSupplierNotification(
  trx: SupplierTx | PlatformTx,
  notice: {
    supplierId: string;
    kind: string;
    title: string;
    body: string;
    data: Record<string, unknown>;
  },
) {
  await trx
    .insertInto('supplier_notifications')
    .values({
      supplier_id: notice.supplierId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      data: JSON.stringify(notice.data),
    })
    .execute();
}

/**
 * The SKU's counters, locked for a hand adjustment (the stock row is made first if an older SKU
 * has none): every order moving them waits, so the check against reserved holds until commit.
 */
export async function lockStockRow(
  trx: SupplierTx,
  sku: { skuId: string; supplierId: string; ownerTenantId: string | null },
): Promise<{ available: number; reserved: number; sold: number }> {
  await trx
    .insertInto('sku_stock')
    .values({
      sku_id: sku.skuId,
      supplier_id: sku.supplierId,
      owner_tenant_id: sku.ownerTenantId,
    })
    .onConflict((oc) => oc.column('sku_id').doNothing())
    .execute();
  const row = await trx
    .selectFrom('sku_stock')
    .select(['available', 'reserved', 'sold'])
    .where('sku_id', '=', sku.skuId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return {
    available: Number(row.available),
    reserved: Number(row.reserved),
    sold: Number(row.sold),
  };
}

export async function setAvailableStock(trx: SupplierTx, skuId: string, available: number) {
  await trx
    .updateTable('sku_stock')
    .set({ available, updated_at: sql`now()` })
    .where('sku_id', '=', skuId)
    .execute();
}

export async function insertStockAdjustment(
  trx: SupplierTx,
  row: {
    supplierId: string;
    skuId: string;
    kind: StockAdjustmentKind;
    quantity: number;
    onHandBefore: number;
    onHandAfter: number;
    reason: string;
    createdBy: string | null;
  },
): Promise<{ id: string; createdAt: Date }> {
  return trx
    .insertInto('stock_adjustments')
    .values({
      supplier_id: row.supplierId,
      sku_id: row.skuId,
      kind: row.kind,
      quantity: row.quantity,
      on_hand_before: row.onHandBefore,
      on_hand_after: row.onHandAfter,
      reason: row.reason,
      created_by: row.createdBy,
    })
    .returning(['id', 'created_at as createdAt'])
    .executeTakeFirstOrThrow();
}

/** The SKU's hand adjustments, newest first, with who made each (RLS: the supplier's own). */
export async function selectStockAdjustments(trx: SupplierTx, skuId: string, limit: number) {
  return trx
    .selectFrom('stock_adjustments as a')
    .leftJoin('staff_users as u', 'u.id', 'a.created_by')
    .where('a.sku_id', '=', skuId)
    .select([
      'a.id',
      'a.kind',
      'a.quantity',
      'a.on_hand_before as onHandBefore',
      'a.on_hand_after as onHandAfter',
      'a.reason',
      'a.created_at as createdAt',
      'u.display_name as byName',
      'u.email as byEmail',
    ])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}
