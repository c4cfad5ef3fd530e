import type { PlatformActor, StockAdjustmentKind, SupplierTx } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { checkLowStock } from './check-low-stock.js';
import { InventoryErrors } from './inventory.errors.js';
import {
  currentSupplierStatus,
  findSkuForImport,
  insertStockAdjustment,
  lockStockRow,
  selectStockAdjustments,
  setAvailableStock,
} from './inventory.queries.js';
import {
  adjustStockSchema,
  MAX_ON_HAND,
  parseInventoryInput,
  type AdjustStockInput,
} from './inventory.schemas.js';

export interface PhysicalStock {
  /** Cards in the supplier's hands: for sale now, or held by orders not yet shipped. */
  onHand: number;
  available: number;
  reserved: number;
  /** Shipped to buyers. */
  sold: number;
}

export interface StockAdjustmentResult {
  adjustmentId: string;
  before: PhysicalStock;
  after: PhysicalStock;
  /** Whether this change sent the supplier a low-stock notice. */
  lowStockNotified: boolean;
}

/**
 * A supplier sets or corrects the quantity on hand of a physical card: set it to what a count
 * found, add cards that came in, or take out cards that left some other way. Cards held by unpaid
 * or unshipped orders stay held, so on hand can never drop below them; only the cards for sale
 * (sku_stock.available) change. The SKU's counter row is locked for the change, so an order taking
 * cards at the same moment either goes first (and is counted as held) or waits. Every change is
 * kept with its reason (stock_adjustments) and in the platform audit log, and the low-stock notice
 * follows the new quantity.
 */
export async function adjustPhysicalStock(
  trx: SupplierTx,
  input: AdjustStockInput,
  actor: PlatformActor,
): Promise<StockAdjustmentResult> {
  const data = parseInventoryInput(adjustStockSchema, input);
  const supplier = await currentSupplierStatus(trx);
  if (!supplier || supplier.status === 'suspended' || supplier.status === 'rejected') {
    throw new DomainError(InventoryErrors.SUPPLIER_NOT_ALLOWED, {
      userMessage:
        supplier?.status === 'suspended'
          ? '供货商已被暂停，暂时不能调整库存，请联系平台'
          : '供货商资质审核未通过，不能调整库存',
      status: 403,
    });
  }
  const sku = await findSkuForImport(trx, data.skuId);
  if (!sku) {
    throw new DomainError(InventoryErrors.SKU_NOT_FOUND, {
      userMessage: '找不到这个 SKU，请确认 SKU 编号',
      status: 404,
    });
  }
  if (!sku.ownedByCurrentSupplier) {
    throw new DomainError(InventoryErrors.SKU_NOT_YOURS, {
      userMessage: '这个 SKU 属于其他供货商，不能调整它的库存',
      status: 403,
    });
  }
  if (sku.productType !== 'physical_card') {
    throw new DomainError(InventoryErrors.NOT_PHYSICAL_PRODUCT, {
      userMessage:
        sku.productType === 'card_code'
          ? `“${sku.productName}”是卡密商品，库存随导入和作废卡密变化，不能手动调整`
          : `“${sku.productName}”是直充商品，由供货商充值，没有库存数量`,
      status: 409,
    });
  }

  const counters = await lockStockRow(trx, sku);
  const before: PhysicalStock = { onHand: counters.available + counters.reserved, ...counters };
  const onHandAfter =
    data.mode === 'set'
      ? data.quantity
      : data.mode === 'add'
        ? before.onHand + data.quantity
        : before.onHand - data.quantity;
  if (onHandAfter < before.reserved) {
    const held = `${before.reserved} 件已被待支付或待发货的订单占用`;
    throw new DomainError(InventoryErrors.BELOW_RESERVED, {
      userMessage:
        data.mode !== 'remove'
          ? `库存不能少于 ${before.reserved} 件：这些已被待支付或待发货的订单占用，发货或订单关闭后才会释放`
          : before.reserved > 0
            ? `最多只能减少 ${before.available} 件：另有 ${held}`
            : `最多只能减少 ${before.available} 件：现在在手只有 ${before.onHand} 件`,
      status: 409,
      details: {
        reserved: before.reserved,
        available: before.available,
        fieldErrors: {
          quantity:
            data.mode === 'remove'
              ? `最多减少 ${before.available} 件`
              : `不能少于已占用的 ${before.reserved} 件`,
        },
      },
    });
  }
  if (onHandAfter > MAX_ON_HAND) {
    throw new DomainError(InventoryErrors.TOO_MANY, {
      userMessage: `库存最多 ${MAX_ON_HAND} 件，当前已有 ${before.onHand} 件`,
      status: 422,
      details: { fieldErrors: { quantity: `库存最多 ${MAX_ON_HAND} 件` } },
    });
  }
  const available = onHandAfter - before.reserved;
  await setAvailableStock(trx, sku.skuId, available);
  const adjustment = await insertStockAdjustment(trx, {
    supplierId: sku.supplierId,
    skuId: sku.skuId,
    kind: data.mode,
    quantity: data.quantity,
    onHandBefore: before.onHand,
    onHandAfter,
    reason: data.reason,
    createdBy: actor.type === 'staff' ? actor.id : null,
  });
  await recordPlatformAudit(trx, {
    actor,
    action: 'supplier.stock.adjust',
    target: { type: 'sku', id: sku.skuId },
    data: {
      supplierId: sku.supplierId,
      adjustmentId: adjustment.id,
      mode: data.mode,
      quantity: data.quantity,
      onHandBefore: before.onHand,
      onHandAfter,
      reserved: before.reserved,
      reason: data.reason,
    },
  });
  const low = await checkLowStock(trx, sku.skuId);
  return {
    adjustmentId: adjustment.id,
    before,
    after: { onHand: onHandAfter, available, reserved: before.reserved, sold: before.sold },
    lowStockNotified: low?.notified ?? false,
  };
}

export interface StockAdjustmentEntry {
  id: string;
  kind: StockAdjustmentKind;
  quantity: number;
  onHandBefore: number;
  onHandAfter: number;
  reason: string;
  createdAt: Date;
  /** Who made it: their name, or their email when they have none; null for the system. */
  by: string | null;
}

/** The latest hand adjustments of one of the acting supplier's SKUs, newest first. */
export async function listStockAdjustments(
  trx: SupplierTx,
  skuId: string,
  limit = 50,
): Promise<StockAdjustmentEntry[]> {
  const id = parseInventoryInput(adjustStockSchema.shape.skuId, skuId);
  const rows = await selectStockAdjustments(trx, id, limit);
  return rows.map(({ byName, byEmail, ...row }) => ({
    ...row,
    onHandBefore: Number(row.onHandBefore),
    onHandAfter: Number(row.onHandAfter),
    by: byName || byEmail || null,
  }));
}
