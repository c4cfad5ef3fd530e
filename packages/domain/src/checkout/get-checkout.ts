import type { ProductType, TenantTx, TopupField } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { parseId } from '../parse-input.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { BALANCE_PROVIDER_ID } from '../payments/pay-with-balance.js';
import type { PaymentProviders } from '../payments/provider.js';
import type { CartOwner } from '../cart/cart-owner.js';
import { lineProblem, type CartLineProblem } from '../cart/cart-rules.js';
import { getCart } from '../cart/get-cart.js';
import { selectListingsForCheckout, type CheckoutListing } from '../orders/orders.queries.js';
import { getCheckoutSettings } from './checkout-settings.js';
import { CheckoutErrors } from './checkout.errors.js';

export type CheckoutSource =
  | { kind: 'buy_now'; listingId: string; quantity: string | number | null }
  | { kind: 'cart'; owner: CartOwner };

export interface CheckoutLine {
  listingId: string;
  productId: string;
  productName: string;
  productType: ProductType;
  skuName: string;
  imagePath: string | null;
  icon: string;
  unitPriceFen: number;
  quantity: number;
  totalFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  /** The account fields a direct_topup line asks for (empty for other goods). */
  topupFields: TopupField[];
  /** Why the line cannot be bought as it stands, or null. */
  problem: CartLineProblem | null;
}

export interface PaymentChoice {
  /** A gateway's id, or 'balance' for the customer's 余额. */
  id: string;
  name: string;
}

export interface CheckoutView {
  source: 'buy_now' | 'cart';
  lines: CheckoutLine[];
  totalFen: number;
  /** Cart lines left out because they cannot be bought now (they stay in the cart). */
  skippedLines: number;
  /** Whether the order can be placed as shown. */
  ready: boolean;
  needsShipping: boolean;
  paymentMethods: PaymentChoice[];
  /** The signed-in customer's 余额; null for a guest. */
  balanceFen: number | null;
  /** How long an unpaid order is kept before it closes. */
  orderExpiryMinutes: number;
}

function toLine(listing: CheckoutListing, quantity: number): CheckoutLine {
  return {
    listingId: listing.listingId,
    productId: listing.productId,
    productName: listing.productName,
    productType: listing.productType,
    skuName: listing.skuName,
    imagePath: listing.imagePath,
    icon: listing.icon,
    unitPriceFen: listing.priceFen,
    quantity,
    totalFen: listing.priceFen * quantity,
    minPerOrder: listing.minPerOrder,
    maxPerOrder: listing.maxPerOrder,
    topupFields: listing.productType === 'direct_topup' ? listing.topupFields : [],
    problem: lineProblem(listing, quantity),
  };
}

function wholeQuantity(raw: string | number | null, fallback: number): number {
  const n = typeof raw === 'number' ? raw : raw === null ? NaN : Number(raw.trim());
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : fallback;
}

/**
 * What the checkout page shows: the lines to buy (one listing bought now, or the cart's lines
 * that can be bought), their total at today's prices, what the buyer must fill in, and how they
 * can pay (the gateways, and 余额 with its balance for a signed-in customer).
 */
export async function getCheckout(
  trx: TenantTx,
  input: {
    tenantId: string;
    customerId: string | null;
    source: CheckoutSource;
    providers: PaymentProviders;
  },
): Promise<CheckoutView> {
  const { tenantId, source } = input;
  let lines: CheckoutLine[];
  let skippedLines = 0;
  if (source.kind === 'buy_now') {
    const listingId = parseId(
      source.listingId,
      CheckoutErrors.LISTING_NOT_FOUND,
      '商品不存在或已下架',
    );
    const [listing] = await selectListingsForCheckout(trx, tenantId, [listingId]);
    if (!listing) {
      throw new DomainError(CheckoutErrors.LISTING_NOT_FOUND, {
        userMessage: '商品不存在或已下架',
        status: 404,
      });
    }
    lines = [toLine(listing, wholeQuantity(source.quantity, listing.minPerOrder))];
  } else {
    const cart = await getCart(trx, { tenantId, owner: source.owner });
    const buyable = cart.lines.filter((l) => l.problem === null);
    skippedLines = cart.lines.length - buyable.length;
    const listings = await selectListingsForCheckout(
      trx,
      tenantId,
      buyable.map((l) => l.listingId),
    );
    lines = buyable.flatMap((l) => {
      const listing = listings.find((x) => x.listingId === l.listingId);
      return listing ? [toLine(listing, l.quantity)] : [];
    });
  }
  const settings = await getCheckoutSettings(trx, { tenantId });
  const balanceFen = input.customerId
    ? await owedOn(trx, {
        kind: 'customer_balance',
        tenantId,
        customerId: input.customerId,
      })
    : null;
  const paymentMethods: PaymentChoice[] = [...input.providers.values()].map((p) => ({
    id: p.id,
    name: p.displayName,
  }));
  if (input.customerId) paymentMethods.push({ id: BALANCE_PROVIDER_ID, name: '余额' });
  return {
    source: source.kind,
    lines,
    totalFen: lines.reduce((sum, l) => sum + l.totalFen, 0),
    skippedLines,
    ready: lines.length > 0 && lines.every((l) => l.problem === null),
    needsShipping: lines.some((l) => l.productType === 'physical_card'),
    paymentMethods,
    balanceFen,
    orderExpiryMinutes: settings.orderExpiryMinutes,
  };
}
