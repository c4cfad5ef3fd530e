import { sql, type SupplierTx } from '@cardshop/db';

/** A batch or a SKU, as the export names it. */
export type ExportWhich = { batchId: string } | { skuId: string };

export interface ExportTargetRow {
  skuId: string;
  skuName: string;
  productId: string;
  productName: string;
  productType: 'card_code' | 'direct_topup' | 'physical_card';
  batchId: string | null;
  batchCreatedAt: Date | null;
  batchFilename: string | null;
  /** Whether the SKU belongs to the supplier this transaction acts as. */
  owned: boolean;
}

/** The batch (RLS: only the supplier's own) or the SKU, with its product. */
export async function findExportTarget(
  trx: SupplierTx,
  which: ExportWhich,
): Promise<ExportTargetRow | undefined> {
  if ('batchId' in which) {
    const row = await trx
      .selectFrom('code_batches as b')
      .innerJoin('skus as k', 'k.id', 'b.sku_id')
      .innerJoin('products as p', 'p.id', 'k.product_id')
      .where('b.id', '=', which.batchId)
      .select([
        'k.id as skuId',
        'k.name as skuName',
        'p.id as productId',
        'p.name as productName',
        'p.type as productType',
        'b.id as batchId',
        'b.created_at as batchCreatedAt',
        'b.filename as batchFilename',
        sql<boolean>`k.supplier_id is not distinct from app_current_supplier()`.as('owned'),
      ])
      .executeTakeFirst();
    return row;
  }
  const row = await trx
    .selectFrom('skus as k')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .where('k.id', '=', which.skuId)
    .select([
      'k.id as skuId',
      'k.name as skuName',
      'p.id as productId',
      'p.name as productName',
      'p.type as productType',
      sql<null>`null`.as('batchId'),
      sql<null>`null`.as('batchCreatedAt'),
      sql<null>`null`.as('batchFilename'),
      sql<boolean>`k.supplier_id is not distinct from app_current_supplier()`.as('owned'),
    ])
    .executeTakeFirst();
  return row;
}

function unsold(trx: SupplierTx, which: ExportWhich) {
  return trx
    .selectFrom('card_codes')
    .where('state', '=', 'available')
    .where((eb) =>
      'batchId' in which ? eb('batch_id', '=', which.batchId) : eb('sku_id', '=', which.skuId),
    );
}

export async function countUnsoldCodes(trx: SupplierTx, which: ExportWhich): Promise<number> {
  const row = await unsold(trx, which)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface SealedCodeRow {
  id: string;
  keyId: string;
  sealed: Uint8Array;
  expiresOn: string | null;
}

/**
 * The unsold codes, oldest first, locked until commit: a checkout skips them (SKIP LOCKED) while
 * they are read, and one that reserved a code first has taken it out of `available` by then.
 */
export async function lockUnsoldCodes(
  trx: SupplierTx,
  which: ExportWhich,
): Promise<SealedCodeRow[]> {
  const rows = await unsold(trx, which)
    .select([
      'id',
      'key_id',
      'sealed',
      sql<string | null>`to_char(expires_on, 'YYYY-MM-DD')`.as('expires_on'),
    ])
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => ({
    id: r.id,
    keyId: r.key_id,
    sealed: r.sealed,
    expiresOn: r.expires_on,
  }));
}
