import { DomainError } from '../errors.js';
import { hasCountedStock } from '../inventory/counted-stock.js';
import type { CheckoutListing } from '../orders/orders.queries.js';
import { CartErrors } from './cart.errors.js';

/**
 * Why a line cannot be bought as it stands: off sale (delisted, hidden, paused, or priced under
 * wholesale), sold out, fewer in stock than asked, or a quantity outside the SKU's limits.
 */
export type CartLineProblem = 'off_sale' | 'sold_out' | 'short' | 'below_min' | 'above_max';

/** The same rule checkout applies: listing, SKU, product and supplier all selling. */
export function isOnSale(listing: CheckoutListing): boolean {
  return (
    listing.listingStatus === 'active' &&
    listing.visible &&
    listing.skuStatus === 'active' &&
    listing.productStatus === 'active' &&
    listing.supplierStatus === 'approved' &&
    listing.priceFen >= listing.wholesalePriceFen
  );
}

/** Units that can be sold now: the stock counter for counted goods, no limit for top-ups. */
export function unitsAvailable(listing: CheckoutListing): number | null {
  return hasCountedStock(listing.productType) ? Math.max(0, listing.available ?? 0) : null;
}

export function lineProblem(listing: CheckoutListing, quantity: number): CartLineProblem | null {
  if (!isOnSale(listing)) return 'off_sale';
  const available = unitsAvailable(listing);
  if (available !== null && available === 0) return 'sold_out';
  if (quantity < listing.minPerOrder) return 'below_min';
  if (quantity > listing.maxPerOrder) return 'above_max';
  if (available !== null && quantity > available) return 'short';
  return null;
}

/** The most of this line one order can take now (0 when none). */
export function maxBuyable(listing: CheckoutListing): number {
  const available = unitsAvailable(listing);
  return available === null ? listing.maxPerOrder : Math.min(listing.maxPerOrder, available);
}

export function lineName(listing: Pick<CheckoutListing, 'productName' | 'skuName'>): string {
  return `${listing.productName}（${listing.skuName}）`;
}

/**
 * Refuses a quantity the line cannot be bought in, with a message for the buyer. `inCart` is what
 * the cart held before an add, so the message can say the total went over.
 */
export function checkQuantity(
  listing: CheckoutListing,
  quantity: number,
  options: { inCart?: number } = {},
): void {
  const name = lineName(listing);
  if (!isOnSale(listing)) {
    throw new DomainError(CartErrors.NOT_ON_SALE, {
      userMessage: `“${name}”暂停销售，请选择其他商品`,
      status: 409,
    });
  }
  const available = unitsAvailable(listing);
  if (available === 0) {
    throw new DomainError(CartErrors.OUT_OF_STOCK, {
      userMessage: `很抱歉，“${name}”已售罄，请稍后再来或选择其他商品`,
      status: 409,
      details: { left: 0 },
    });
  }
  const already = options.inCart ?? 0;
  if (quantity < listing.minPerOrder || quantity > listing.maxPerOrder) {
    const range =
      listing.minPerOrder === listing.maxPerOrder
        ? `每单只能购买 ${listing.minPerOrder} 件`
        : quantity < listing.minPerOrder
          ? `每单至少购买 ${listing.minPerOrder} 件`
          : `每单最多购买 ${listing.maxPerOrder} 件`;
    throw new DomainError(CartErrors.QUANTITY_OUT_OF_RANGE, {
      userMessage:
        already > 0 && quantity > listing.maxPerOrder
          ? `“${name}”${range}，购物车里已有 ${already} 件`
          : `“${name}”${range}`,
      status: 422,
      details: {
        fieldErrors: { quantity: range },
        min: listing.minPerOrder,
        max: listing.maxPerOrder,
      },
    });
  }
  if (available !== null && quantity > available) {
    throw new DomainError(CartErrors.OUT_OF_STOCK, {
      userMessage:
        already > 0
          ? `“${name}”库存不足，目前最多还能买 ${available} 件（购物车里已有 ${already} 件）`
          : `“${name}”库存不足，目前最多还能买 ${available} 件，请减少数量`,
      status: 409,
      details: { left: available },
    });
  }
}
