import { withTenant, type TenantTx } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import { buildCustomer, buildShopSku, useTestDatabase, type ShopSku } from '../testing/index.js';
import { addCartItem } from './add-cart-item.js';
import type { CartOwner } from './cart-owner.js';
import { CartErrors } from './cart.errors.js';
import { MAX_CART_LINES } from './cart.schemas.js';
import { countCartItems, getCart } from './get-cart.js';
import { mergeGuestCart } from './merge-guest-cart.js';
import { removeCartItems } from './remove-cart-items.js';
import { setCartItemQuantity } from './set-cart-item-quantity.js';

const t = useTestDatabase();

const guest = (guestToken: string | null = null): CartOwner => ({ customerId: null, guestToken });
const member = (customerId: string): CartOwner => ({ customerId, guestToken: null });

function inShop<T>(tenantId: string, fn: (trx: TenantTx) => Promise<T>) {
  return withTenant(t.db, tenantId, fn);
}

function add(shop: Pick<ShopSku, 'tenantId' | 'listingId'>, owner: CartOwner, quantity: number) {
  return inShop(shop.tenantId, (trx) =>
    addCartItem(trx, { tenantId: shop.tenantId, owner, listingId: shop.listingId, quantity }),
  );
}

function cartOf(tenantId: string, owner: CartOwner) {
  return inShop(tenantId, (trx) => getCart(trx, { tenantId, owner }));
}

async function refusal(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isDomainError(error, code), String(error)).toBe(true);
  return error as { userMessage: string; status: number; details?: Record<string, unknown> };
}

async function cartRows(tenantId: string) {
  return t.owner
    .selectFrom('cart_items')
    .select(['listing_id', 'quantity'])
    .where('tenant_id', '=', tenantId)
    .execute();
}

describe('a guest cart', () => {
  test('the first add creates a cart with a fresh token; adding again adds to the line', async () => {
    const shop = await buildShopSku(t.db, { codes: 8, priceFen: 1500 });
    const first = await add(shop, guest(), 2);
    expect(first.guestToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.quantity).toBe(2);

    const again = await add(shop, guest(first.guestToken), 3);
    expect(again).toEqual({ guestToken: null, quantity: 5 });

    const cart = await cartOf(shop.tenantId, guest(first.guestToken));
    expect(cart).toMatchObject({ itemCount: 5, totalFen: 7500, buyableCount: 1 });
    expect(cart.lines).toEqual([
      expect.objectContaining({
        listingId: shop.listingId,
        productName: '王者荣耀点券',
        skuName: '面值 10 元',
        productType: 'card_code',
        unitPriceFen: 1500,
        quantity: 5,
        totalFen: 7500,
        minPerOrder: 1,
        maxPerOrder: 10,
        maxBuyable: 8,
        problem: null,
      }),
    ]);
    // Only the token's hash is stored.
    const row = await t.owner
      .selectFrom('carts')
      .select(['guest_token_hash', 'customer_id'])
      .where('tenant_id', '=', shop.tenantId)
      .executeTakeFirstOrThrow();
    expect(row.customer_id).toBeNull();
    expect(Buffer.from(row.guest_token_hash!).toString('utf8')).not.toContain(first.guestToken);
    expect(row.guest_token_hash).toHaveLength(32);
  });

  test('a token that is malformed or unknown opens no cart; adding with it starts a new one', async () => {
    const shop = await buildShopSku(t.db, { codes: 3 });
    expect((await cartOf(shop.tenantId, guest('not a token'))).lines).toEqual([]);
    expect((await cartOf(shop.tenantId, guest('A'.repeat(32)))).lines).toEqual([]);
    const added = await add(shop, guest('A'.repeat(32)), 1);
    expect(added.guestToken).not.toBe('A'.repeat(32));
    expect(added.guestToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('quantities respect the SKU limits and the stock', () => {
  test('more than the SKU allows per order is refused, saying how many the cart holds; nothing changes', async () => {
    const shop = await buildShopSku(t.db, { codes: 20, maxPerOrder: 5 });
    const { guestToken } = await add(shop, guest(), 4);
    const error = await refusal(add(shop, guest(guestToken), 2), CartErrors.QUANTITY_OUT_OF_RANGE);
    expect(error.userMessage).toBe(
      '“王者荣耀点券（面值 10 元）”每单最多购买 5 件，购物车里已有 4 件',
    );
    expect(error.status).toBe(422);
    expect((await cartOf(shop.tenantId, guest(guestToken))).itemCount).toBe(4);
  });

  test('fewer than the SKU minimum is refused', async () => {
    const shop = await buildShopSku(t.db, { codes: 20, minPerOrder: 3, maxPerOrder: 10 });
    const error = await refusal(add(shop, guest(), 2), CartErrors.QUANTITY_OUT_OF_RANGE);
    expect(error.userMessage).toBe('“王者荣耀点券（面值 10 元）”每单至少购买 3 件');
    expect(error.details?.fieldErrors).toEqual({ quantity: '每单至少购买 3 件' });
    expect(await cartRows(shop.tenantId)).toEqual([]);
    expect(
      await t.owner
        .selectFrom('carts')
        .select('id')
        .where('tenant_id', '=', shop.tenantId)
        .execute(),
    ).toEqual([]);
  });

  test('more than the stock is refused with what is left; a sold-out SKU cannot be added', async () => {
    const shop = await buildShopSku(t.db, { codes: 3 });
    const short = await refusal(add(shop, guest(), 4), CartErrors.OUT_OF_STOCK);
    expect(short.userMessage).toBe(
      '“王者荣耀点券（面值 10 元）”库存不足，目前最多还能买 3 件，请减少数量',
    );
    const soldOut = await buildShopSku(t.db, { codes: 0 });
    const none = await refusal(add(soldOut, guest(), 1), CartErrors.OUT_OF_STOCK);
    expect(none.userMessage).toBe(
      '很抱歉，“王者荣耀点券（面值 10 元）”已售罄，请稍后再来或选择其他商品',
    );
  });

  test('a top-up has no stock limit, only the SKU limits', async () => {
    const shop = await buildShopSku(t.db, { productType: 'direct_topup', maxPerOrder: 50 });
    const { guestToken } = await add(shop, guest(), 50);
    const cart = await cartOf(shop.tenantId, guest(guestToken));
    expect(cart.lines[0]).toMatchObject({ quantity: 50, maxBuyable: 50, problem: null });
    expect(cart.lines[0]!.stock.level).toBe('plenty');
  });

  test('a listing that is not on sale cannot be added', async () => {
    const shop = await buildShopSku(t.db, { codes: 3 });
    await t.owner
      .updateTable('listings')
      .set({ visible: false })
      .where('id', '=', shop.listingId)
      .execute();
    const error = await refusal(add(shop, guest(), 1), CartErrors.NOT_ON_SALE);
    expect(error.userMessage).toBe('“王者荣耀点券（面值 10 元）”暂停销售，请选择其他商品');
  });

  test('a quantity that is not a whole number is refused before anything is read', async () => {
    const shop = await buildShopSku(t.db, { codes: 3 });
    const error = await refusal(add(shop, guest(), 1.5), CartErrors.INVALID_INPUT);
    expect(error.userMessage).toBe('购买数量应为整数');
  });

  test('setting a quantity checks the same rules; an item not in the cart is not found', async () => {
    const shop = await buildShopSku(t.db, { codes: 6, maxPerOrder: 10 });
    const { guestToken } = await add(shop, guest(), 1);
    const owner = guest(guestToken);
    const set = (quantity: number) =>
      inShop(shop.tenantId, (trx) =>
        setCartItemQuantity(trx, {
          tenantId: shop.tenantId,
          owner,
          listingId: shop.listingId,
          quantity,
        }),
      );
    expect(await set(6)).toEqual({ quantity: 6 });
    await refusal(set(7), CartErrors.OUT_OF_STOCK);
    await refusal(set(0), CartErrors.INVALID_INPUT);
    expect((await cartOf(shop.tenantId, owner)).itemCount).toBe(6);

    const other = await buildShopSku(t.db, { tenantId: shop.tenantId, codes: 2 });
    await refusal(
      inShop(shop.tenantId, (trx) =>
        setCartItemQuantity(trx, {
          tenantId: shop.tenantId,
          owner,
          listingId: other.listingId,
          quantity: 1,
        }),
      ),
      CartErrors.ITEM_NOT_FOUND,
    );
  });

  test('the cart holds at most as many different goods as one order takes', async () => {
    const first = await buildShopSku(t.db, { codes: 2 });
    const { guestToken } = await add(first, guest(), 1);
    for (let i = 1; i < MAX_CART_LINES; i++) {
      const sku = await buildShopSku(t.db, {
        tenantId: first.tenantId,
        supplier: first.supplier,
        productType: 'direct_topup',
      });
      await add(sku, guest(guestToken), 1);
    }
    const one = await buildShopSku(t.db, {
      tenantId: first.tenantId,
      supplier: first.supplier,
      productType: 'direct_topup',
    });
    const error = await refusal(add(one, guest(guestToken), 1), CartErrors.CART_FULL);
    expect(error.userMessage).toBe('购物车最多放 20 种商品，请先结算或删除一些再添加');
    // More of a line already in it is still fine.
    expect(await add(first, guest(guestToken), 1)).toEqual({ guestToken: null, quantity: 2 });
  }, 60_000);
});

describe('reading the cart', () => {
  test('lines show today’s price and are flagged when sold out, short, delisted or off limits', async () => {
    const a = await buildShopSku(t.db, { codes: 5, priceFen: 1200 });
    const b = await buildShopSku(t.db, { tenantId: a.tenantId, supplier: a.supplier, codes: 5 });
    const c = await buildShopSku(t.db, { tenantId: a.tenantId, supplier: a.supplier, codes: 5 });
    const d = await buildShopSku(t.db, { tenantId: a.tenantId, supplier: a.supplier, codes: 5 });
    const { guestToken } = await add(a, guest(), 2);
    const owner = guest(guestToken);
    await add(b, owner, 4);
    await add(c, owner, 1);
    await add(d, owner, 3);

    await t.owner
      .updateTable('listings')
      .set({ price_fen: 1350 })
      .where('id', '=', a.listingId)
      .execute();
    await t.owner
      .updateTable('sku_stock')
      .set({ available: 2 })
      .where('sku_id', '=', b.skuId)
      .execute();
    await t.owner
      .updateTable('listings')
      .set({ status: 'supplier_delisted' })
      .where('id', '=', c.listingId)
      .execute();
    await t.owner.updateTable('skus').set({ max_per_order: 2 }).where('id', '=', d.skuId).execute();

    const cart = await cartOf(a.tenantId, owner);
    expect(cart.lines.map((l) => [l.listingId, l.problem, l.unitPriceFen])).toEqual([
      [a.listingId, null, 1350],
      [b.listingId, 'short', 1200],
      [c.listingId, 'off_sale', 1200],
      [d.listingId, 'above_max', 1200],
    ]);
    expect(cart).toMatchObject({ itemCount: 10, totalFen: 2700, buyableCount: 1 });

    await t.owner
      .updateTable('sku_stock')
      .set({ available: 0 })
      .where('sku_id', '=', b.skuId)
      .execute();
    expect((await cartOf(a.tenantId, owner)).lines[1]!.problem).toBe('sold_out');

    // A listing the shop removes leaves the cart.
    await t.owner.deleteFrom('listings').where('id', '=', c.listingId).execute();
    const after = await cartOf(a.tenantId, owner);
    expect(after.lines.map((l) => l.listingId)).toEqual([a.listingId, b.listingId, d.listingId]);
    expect(
      await inShop(a.tenantId, (trx) => countCartItems(trx, { tenantId: a.tenantId, owner })),
    ).toBe(9);
  });

  test('removing takes the lines out; removing twice is harmless', async () => {
    const shop = await buildShopSku(t.db, { codes: 5 });
    const { guestToken } = await add(shop, guest(), 2);
    const remove = () =>
      inShop(shop.tenantId, (trx) =>
        removeCartItems(trx, {
          tenantId: shop.tenantId,
          owner: guest(guestToken),
          listingIds: [shop.listingId],
        }),
      );
    expect(await remove()).toBe(1);
    expect(await remove()).toBe(0);
    expect((await cartOf(shop.tenantId, guest(guestToken))).lines).toEqual([]);
  });
});

describe('signing in merges the guest cart into the account cart', () => {
  test('lines in both add up, capped at what one order can take; the guest cart is gone', async () => {
    const a = await buildShopSku(t.db, { codes: 30, maxPerOrder: 10 });
    const b = await buildShopSku(t.db, { tenantId: a.tenantId, supplier: a.supplier, codes: 4 });
    const c = await buildShopSku(t.db, { tenantId: a.tenantId, supplier: a.supplier, codes: 9 });
    const customer = await buildCustomer(t.db, a.tenantId);
    await add(a, member(customer.id), 7);
    await add(c, member(customer.id), 2);
    const { guestToken } = await add(a, guest(), 6);
    await add(b, guest(guestToken), 3);
    await t.owner
      .updateTable('sku_stock')
      .set({ available: 2 })
      .where('sku_id', '=', b.skuId)
      .execute();

    const merge = () =>
      inShop(a.tenantId, (trx) =>
        mergeGuestCart(trx, { tenantId: a.tenantId, guestToken, customerId: customer.id }),
      );
    expect(await merge()).toBe(2);
    const cart = await cartOf(a.tenantId, member(customer.id));
    expect(cart.lines.map((l) => [l.listingId, l.quantity])).toEqual([
      [a.listingId, 10],
      [c.listingId, 2],
      [b.listingId, 2],
    ]);
    expect((await cartOf(a.tenantId, guest(guestToken))).lines).toEqual([]);
    expect(
      await t.owner
        .selectFrom('carts')
        .select('id')
        .where('tenant_id', '=', a.tenantId)
        .where('customer_id', 'is', null)
        .execute(),
    ).toEqual([]);
    expect(await merge()).toBe(0);
  });

  test('a customer with no cart yet gets the guest lines as they were', async () => {
    const shop = await buildShopSku(t.db, { codes: 5 });
    const customer = await buildCustomer(t.db, shop.tenantId);
    const { guestToken } = await add(shop, guest(), 3);
    await inShop(shop.tenantId, (trx) =>
      mergeGuestCart(trx, { tenantId: shop.tenantId, guestToken, customerId: customer.id }),
    );
    const cart = await cartOf(shop.tenantId, member(customer.id));
    expect(cart.lines.map((l) => l.quantity)).toEqual([3]);
  });
});

describe('isolation between shops', () => {
  test('a cart token of one shop opens nothing in another, and another shop’s listing cannot be added', async () => {
    const shopA = await buildShopSku(t.db, { codes: 5 });
    const shopB = await buildShopSku(t.db, { codes: 5 });
    const { guestToken } = await add(shopA, guest(), 2);

    expect((await cartOf(shopB.tenantId, guest(guestToken))).lines).toEqual([]);
    await refusal(
      inShop(shopA.tenantId, (trx) =>
        addCartItem(trx, {
          tenantId: shopA.tenantId,
          owner: guest(guestToken),
          listingId: shopB.listingId,
          quantity: 1,
        }),
      ),
      CartErrors.LISTING_NOT_FOUND,
    );
    // Even naming shop A's id inside shop B's transaction, RLS shows no cart of A.
    const seen = await inShop(shopB.tenantId, (trx) =>
      trx.selectFrom('cart_items').select('listing_id').execute(),
    );
    expect(seen).toEqual([]);
    expect(await cartRows(shopA.tenantId)).toEqual([{ listing_id: shopA.listingId, quantity: 2 }]);
  });

  test('a customer’s cart in one shop is not their cart in another', async () => {
    const shopA = await buildShopSku(t.db, { codes: 5 });
    const customer = await buildCustomer(t.db, shopA.tenantId);
    await add(shopA, member(customer.id), 1);
    const shopB = await buildShopSku(t.db, { codes: 5 });
    expect((await cartOf(shopB.tenantId, member(customer.id))).lines).toEqual([]);
  });
});
