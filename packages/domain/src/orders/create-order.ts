import { createHash } from 'node:crypto';
import { withTenant, type Database, type ShippingAddress, type TenantTx } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { validateTopupAccount } from '../catalog/topup-fields.js';
import { DomainError } from '../errors.js';
import { hashPassword } from '../identity/passwords.js';
import { enqueueJob } from '../jobs/outbox.js';
import { hasCountedStock } from '../inventory/counted-stock.js';
import { outOfStock, reserveOrderStock, type LineToReserve } from './code-holds.js';
import { expireOrderJob } from './expire-order.job.js';
import { loadOrderSummary, type OrderSummary } from './get-order.js';
import { newOrderNumber } from './order-number.js';
import { OrderErrors } from './orders.errors.js';
import {
  countOpenOrders,
  findOrderByIdempotencyKey,
  insertOrder,
  insertOrderLines,
  lockCheckoutKeys,
  selectListingsForCheckout,
  type CheckoutListing,
  type NewOrderLine,
} from './orders.queries.js';
import {
  createOrderSchema,
  shippingAddressSchema,
  type CreateOrderInput,
  type ParsedCreateOrderInput,
} from './orders.schemas.js';

/** Unpaid orders one address, one contact or one account may hold at once (stock-draining guard). */
export interface OpenOrderLimits {
  perIp: number;
  perContact: number;
  perCustomer: number;
}

export const DEFAULT_OPEN_ORDER_LIMITS: Readonly<OpenOrderLimits> = {
  perIp: 5,
  perContact: 3,
  perCustomer: 5,
};

/** An unpaid order holds its codes this long (per-shop configuration can override it). */
export const DEFAULT_ORDER_TTL_MS = 15 * 60_000;

export interface CreateOrderOptions {
  expiresInMs?: number;
  limits?: Partial<OpenOrderLimits>;
}

export interface CreateOrderResult {
  order: OrderSummary;
  /** False when the idempotency key named an order made earlier, which is returned as it is now. */
  created: boolean;
}

/**
 * Places an order: checks every line against the listing as it is now (on sale, quantity within the
 * SKU's limits, top-up account or shipping address as the product needs), snapshots prices,
 * reserves the card codes (`for update skip locked`) and the physical cards (a hold and one
 * conditional update of the counters), moves the stock counters and schedules the expiry, all in
 * one transaction of the shop. Idempotent by `idempotencyKey`: a retried or
 * double-clicked checkout returns the same order. A refusal changes nothing.
 */
export async function createOrder(
  db: Database,
  input: CreateOrderInput,
  options: CreateOrderOptions = {},
): Promise<CreateOrderResult> {
  const parsed = parseInput(createOrderSchema, input, OrderErrors.INVALID_INPUT);
  const guest = parsed.customerId === null;
  if (guest && !parsed.contactEmail && !parsed.contactPhone) {
    throw new DomainError(OrderErrors.CONTACT_REQUIRED, {
      userMessage: '请填写邮箱或手机号，用于接收卡密和查询订单',
      status: 422,
      details: { fieldErrors: { contactEmail: '请填写邮箱或手机号' } },
    });
  }
  if (guest && !parsed.lookupPassword) {
    throw new DomainError(OrderErrors.LOOKUP_PASSWORD_REQUIRED, {
      userMessage: '请设置查单密码（至少 6 位），之后凭订单号和查单密码查询订单',
      status: 422,
      details: { fieldErrors: { lookupPassword: '请设置查单密码' } },
    });
  }
  const seen = new Set<string>();
  for (const line of parsed.lines) {
    if (seen.has(line.listingId)) {
      throw new DomainError(OrderErrors.INVALID_INPUT, {
        userMessage: '同一商品请合并为一行，修改购买数量即可',
        status: 422,
      });
    }
    seen.add(line.listingId);
  }
  const limits = { ...DEFAULT_OPEN_ORDER_LIMITS, ...options.limits };
  const ttlMs = options.expiresInMs ?? DEFAULT_ORDER_TTL_MS;
  const requestHash = fingerprint(parsed);
  // Hashed before the transaction, so the connection is not held while argon2 works.
  const lookupPasswordHash = parsed.lookupPassword
    ? await hashPassword(parsed.lookupPassword)
    : null;

  return withTenant(db, parsed.tenantId, async (trx) => {
    const earlier = await findOrderByIdempotencyKey(trx, parsed.tenantId, parsed.idempotencyKey);
    if (earlier) return replay(trx, parsed.tenantId, earlier, requestHash);

    const listings = await selectListingsForCheckout(
      trx,
      parsed.tenantId,
      parsed.lines.map((l) => l.listingId),
    );
    const lines = parsed.lines.map((line, i) =>
      checkLine(
        line,
        i,
        listings.find((l) => l.listingId === line.listingId),
      ),
    );

    await enforceOpenOrderLimits(trx, parsed, limits, ttlMs);

    const expiresAt = new Date(Date.now() + ttlMs);
    const totalFen = lines.reduce((sum, l) => sum + l.unitPriceFen * l.quantity, 0);
    const wholesaleFen = lines.reduce((sum, l) => sum + l.unitWholesaleFen * l.quantity, 0);
    let orderId: string | undefined;
    let number = '';
    for (let attempt = 0; orderId === undefined; attempt++) {
      number = newOrderNumber();
      orderId = await insertOrder(trx, {
        tenantId: parsed.tenantId,
        number,
        idempotencyKey: parsed.idempotencyKey,
        requestHash,
        customerId: parsed.customerId,
        contactEmail: parsed.contactEmail ?? null,
        contactPhone: parsed.contactPhone ?? null,
        lookupPasswordHash,
        totalFen,
        wholesaleFen,
        expiresAt,
        ip: parsed.ip,
      });
      if (orderId !== undefined) break;
      // A concurrent request with the same key committed first (we waited for it): its order.
      const twin = await findOrderByIdempotencyKey(trx, parsed.tenantId, parsed.idempotencyKey);
      if (twin) return replay(trx, parsed.tenantId, twin, requestHash);
      if (attempt >= 4) throw new Error('could not find a free order number');
    }

    const inserted = await insertOrderLines(trx, parsed.tenantId, orderId, lines);
    const idOf = new Map(inserted.map((r) => [r.lineNo, r.id]));
    const toReserve: LineToReserve[] = lines
      .filter((l) => hasCountedStock(l.productType))
      .map((l) => ({
        lineId: idOf.get(l.lineNo)!,
        skuId: l.skuId,
        supplierId: l.supplierId,
        productType: l.productType,
        quantity: l.quantity,
        productName: l.productName,
        skuName: l.skuName,
      }));
    await enqueueJob(
      trx,
      expireOrderJob,
      { tenantId: parsed.tenantId, orderId },
      { runAt: expiresAt },
    );
    // Last before the commit: it ends by writing the SKU's counter row, which every buyer locks.
    await reserveOrderStock(
      trx,
      { tenantId: parsed.tenantId, orderId, reservedUntil: expiresAt },
      toReserve,
    );

    return {
      created: true,
      order: {
        id: orderId,
        number,
        status: 'pending_payment',
        currency: 'CNY',
        totalFen,
        expiresAt,
        customerId: parsed.customerId,
        contactEmail: parsed.contactEmail ?? null,
        contactPhone: parsed.contactPhone ?? null,
        lines: lines.map((l) => ({
          id: idOf.get(l.lineNo)!,
          lineNo: l.lineNo,
          productType: l.productType,
          productName: l.productName,
          skuName: l.skuName,
          skuId: l.skuId,
          quantity: l.quantity,
          unitPriceFen: l.unitPriceFen,
          totalFen: l.unitPriceFen * l.quantity,
          status: 'pending_payment',
        })),
      },
    };
  });
}

async function replay(
  trx: TenantTx,
  tenantId: string,
  earlier: { id: string; request_hash: Uint8Array },
  requestHash: Buffer,
): Promise<CreateOrderResult> {
  if (!requestHash.equals(Buffer.from(earlier.request_hash))) {
    throw new DomainError(OrderErrors.IDEMPOTENCY_KEY_REUSED, {
      userMessage: '这个下单请求已用于另一个订单，请刷新页面后重新下单',
      status: 409,
    });
  }
  const order = await loadOrderSummary(trx, tenantId, earlier.id);
  return { order: order!, created: false };
}

type ParsedLine = ParsedCreateOrderInput['lines'][number];

function checkLine(
  line: ParsedLine,
  index: number,
  listing: CheckoutListing | undefined,
): NewOrderLine {
  if (!listing) {
    throw new DomainError(OrderErrors.LISTING_NOT_FOUND, {
      userMessage: '商品不存在或已下架，请刷新页面后重新选择',
      status: 404,
      details: { line: index },
    });
  }
  const name = `${listing.productName}（${listing.skuName}）`;
  const onSale =
    listing.listingStatus === 'active' &&
    listing.visible &&
    listing.skuStatus === 'active' &&
    listing.productStatus === 'active' &&
    listing.supplierStatus === 'approved' &&
    listing.priceFen >= listing.wholesalePriceFen;
  if (!onSale) {
    throw new DomainError(OrderErrors.NOT_ON_SALE, {
      userMessage: `“${name}”暂停销售，请选择其他商品`,
      status: 409,
      details: { line: index },
    });
  }
  if (line.quantity < listing.minPerOrder || line.quantity > listing.maxPerOrder) {
    throw new DomainError(OrderErrors.QUANTITY_OUT_OF_RANGE, {
      userMessage:
        listing.minPerOrder === listing.maxPerOrder
          ? `“${name}”每单只能购买 ${listing.minPerOrder} 件`
          : `“${name}”每单可购买 ${listing.minPerOrder}–${listing.maxPerOrder} 件`,
      status: 422,
      details: { line: index, min: listing.minPerOrder, max: listing.maxPerOrder },
    });
  }

  if (hasCountedStock(listing.productType)) {
    // The counter is a cheap early answer; the reservation below is the authority.
    const available = listing.available ?? 0;
    if (available < line.quantity) throw outOfStock(listing, available);
  }
  let topupAccount: Record<string, string> | null = null;
  let shippingAddress: ShippingAddress | null = null;
  if (listing.productType === 'direct_topup') {
    const account = validateTopupAccount(listing.topupFields, line.topupAccount ?? {});
    if (!account.ok) {
      const fieldErrors = Object.fromEntries(
        Object.entries(account.errors).map(([key, message]) => [
          `lines.${index}.topupAccount.${key}`,
          message,
        ]),
      );
      throw new DomainError(OrderErrors.TOPUP_ACCOUNT_INVALID, {
        userMessage: Object.values(account.errors)[0]!,
        status: 422,
        details: { line: index, fieldErrors },
      });
    }
    topupAccount = account.values;
  } else if (listing.productType === 'physical_card') {
    if (line.shippingAddress === undefined || line.shippingAddress === null) {
      throw new DomainError(OrderErrors.SHIPPING_ADDRESS_REQUIRED, {
        userMessage: `“${name}”是实物卡，需要填写收货地址`,
        status: 422,
        details: { line: index },
      });
    }
    const address = shippingAddressSchema.safeParse(line.shippingAddress);
    if (!address.success) {
      const issue = address.error.issues[0];
      throw new DomainError(OrderErrors.INVALID_INPUT, {
        userMessage: issue?.message ?? '收货地址不完整',
        status: 422,
        details: {
          line: index,
          fieldErrors: Object.fromEntries(
            address.error.issues.map((i) => [
              `lines.${index}.shippingAddress.${i.path.join('.')}`,
              i.message,
            ]),
          ),
        },
      });
    }
    const { postalCode, ...rest } = address.data;
    shippingAddress = postalCode === undefined ? rest : { ...rest, postalCode };
  }

  return {
    lineNo: index + 1,
    listingId: listing.listingId,
    productId: listing.productId,
    skuId: listing.skuId,
    supplierId: listing.supplierId,
    productType: listing.productType,
    productName: listing.productName,
    skuName: listing.skuName,
    unitPriceFen: listing.priceFen,
    unitWholesaleFen: listing.wholesalePriceFen,
    quantity: line.quantity,
    topupAccount,
    shippingAddress,
  };
}

async function enforceOpenOrderLimits(
  trx: TenantTx,
  input: ParsedCreateOrderInput,
  limits: OpenOrderLimits,
  ttlMs: number,
) {
  const who = {
    ip: input.ip,
    email: input.contactEmail ?? null,
    phone: input.contactPhone ?? null,
    customerId: input.customerId,
  };
  const keys = Object.entries(who)
    .filter(([, value]) => value !== null)
    .map(([kind, value]) => `checkout:${input.tenantId}:${kind}:${value}`);
  if (keys.length === 0) return;
  await lockCheckoutKeys(trx, keys);
  const open = await countOpenOrders(trx, input.tenantId, who);
  const minutes = Math.ceil(ttlMs / 60_000);
  // A signed-in buyer is counted by account; a guest by the contact they gave.
  const own = who.customerId !== null ? open.customer : Math.max(open.email, open.phone);
  if (own >= (who.customerId !== null ? limits.perCustomer : limits.perContact)) {
    throw new DomainError(OrderErrors.TOO_MANY_OPEN_ORDERS, {
      userMessage: `您还有 ${own} 个未支付的订单，请先支付或取消后再下单（未支付的订单 ${minutes} 分钟后自动关闭）`,
      status: 429,
      details: { open },
    });
  }
  if (who.ip !== null && open.ip >= limits.perIp) {
    throw new DomainError(OrderErrors.TOO_MANY_OPEN_ORDERS, {
      userMessage: `当前网络下未支付的订单过多（${open.ip} 个），请先完成支付，或等未支付的订单自动关闭（${minutes} 分钟）后再试`,
      status: 429,
      details: { open },
    });
  }
}

/** What makes two checkouts the same request: lines, buyer and contact (not the password). */
function fingerprint(input: ParsedCreateOrderInput): Buffer {
  return createHash('sha256')
    .update(
      JSON.stringify({
        lines: input.lines.map((l) => [
          l.listingId,
          l.quantity,
          l.topupAccount ?? null,
          l.shippingAddress ?? null,
        ]),
        customerId: input.customerId,
        email: input.contactEmail ?? null,
        phone: input.contactPhone ?? null,
      }),
    )
    .digest();
}
