import type { ProductType, TenantTx } from '@cardshop/db';
import { selectListingsForCheckout } from '../orders/orders.queries.js';
import { stockView, type StockView } from '../storefront/stock-view.js';
import type { CartOwner } from './cart-owner.js';
import { lineProblem, maxBuyable, unitsAvailable, type CartLineProblem } from './cart-rules.js';
import { selectCartItems, selectStockDisplay } from './cart.queries.js';
import { findCart } from './open-cart.js';

export interface CartLine {
  listingId: string;
  productId: string;
  productName: string;
  productType: ProductType;
  skuName: string;
  imagePath: string | null;
  icon: string;
  /** The listing's price now. */
  unitPriceFen: number;
  quantity: number;
  totalFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  /** The most one order can take now (the SKU's maximum, or fewer when stock is short). */
  maxBuyable: number;
  /** Stock the way the shop shows it. */
  stock: StockView;
  /** Why the line cannot be bought as it stands, or null when it can. */
  problem: CartLineProblem | null;
}

export interface Cart {
  lines: CartLine[];
  /** Units in the cart, over every line (what the header shows). */
  itemCount: number;
  /** What the lines that can be bought cost together, at today's prices. */
  totalFen: number;
  /** Lines that can be bought as they stand. */
  buyableCount: number;
}

const EMPTY: Cart = { lines: [], itemCount: 0, totalFen: 0, buyableCount: 0 };

/** The owner's cart at today's prices and stock, each line flagged when it cannot be bought. */
export async function getCart(
  trx: TenantTx,
  input: { tenantId: string; owner: CartOwner },
): Promise<Cart> {
  const cartId = await findCart(trx, input.tenantId, input.owner);
  if (!cartId) return EMPTY;
  const items = await selectCartItems(trx, input.tenantId, cartId);
  if (items.length === 0) return EMPTY;
  const [listings, mode] = await Promise.all([
    selectListingsForCheckout(
      trx,
      input.tenantId,
      items.map((i) => i.listingId),
    ),
    selectStockDisplay(trx, input.tenantId),
  ]);
  const byId = new Map(listings.map((l) => [l.listingId, l]));
  const lines: CartLine[] = [];
  for (const item of items) {
    const listing = byId.get(item.listingId);
    if (!listing) continue;
    lines.push({
      listingId: listing.listingId,
      productId: listing.productId,
      productName: listing.productName,
      productType: listing.productType,
      skuName: listing.skuName,
      imagePath: listing.imagePath,
      icon: listing.icon,
      unitPriceFen: listing.priceFen,
      quantity: item.quantity,
      totalFen: listing.priceFen * item.quantity,
      minPerOrder: listing.minPerOrder,
      maxPerOrder: listing.maxPerOrder,
      maxBuyable: maxBuyable(listing),
      stock: stockView(mode, unitsAvailable(listing)),
      problem: lineProblem(listing, item.quantity),
    });
  }
  const buyable = lines.filter((l) => l.problem === null);
  return {
    lines,
    itemCount: lines.reduce((sum, l) => sum + l.quantity, 0),
    totalFen: buyable.reduce((sum, l) => sum + l.totalFen, 0),
    buyableCount: buyable.length,
  };
}

/** Units in the owner's cart, for the header's cart link (one cheap read). */
export async function countCartItems(
  trx: TenantTx,
  input: { tenantId: string; owner: CartOwner },
): Promise<number> {
  const cartId = await findCart(trx, input.tenantId, input.owner);
  if (!cartId) return 0;
  const items = await selectCartItems(trx, input.tenantId, cartId);
  return items.reduce((sum, i) => sum + i.quantity, 0);
}
