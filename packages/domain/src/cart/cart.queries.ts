import { sql, type StockDisplay, type TenantTx } from '@cardshop/db';

// ---- Carts ----

export async function findCustomerCart(trx: TenantTx, tenantId: string, customerId: string) {
  const row = await trx
    .selectFrom('carts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.id;
}

export async function findGuestCart(trx: TenantTx, tenantId: string, tokenHash: Buffer) {
  const row = await trx
    .selectFrom('carts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('guest_token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row?.id;
}

/** The customer's cart, created on first use (a concurrent first use gets the same one). */
export async function ensureCustomerCart(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<string> {
  await trx
    .insertInto('carts')
    .values({ tenant_id: tenantId, customer_id: customerId })
    .onConflict((oc) => oc.columns(['tenant_id', 'customer_id']).doNothing())
    .execute();
  return (await findCustomerCart(trx, tenantId, customerId))!;
}

export async function insertGuestCart(
  trx: TenantTx,
  tenantId: string,
  tokenHash: Buffer,
): Promise<string> {
  const row = await trx
    .insertInto('carts')
    .values({ tenant_id: tenantId, guest_token_hash: tokenHash })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function touchCart(trx: TenantTx, tenantId: string, cartId: string) {
  await trx
    .updateTable('carts')
    .set({ updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cartId)
    .execute();
}

export async function deleteCart(trx: TenantTx, tenantId: string, cartId: string) {
  await trx
    .deleteFrom('carts')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cartId)
    .execute();
}

/** Removes up to `limit` guest carts nobody touched since `before` (their items go with them). */
export async function pruneGuestCarts(
  trx: TenantTx,
  tenantId: string,
  before: Date,
  limit = 100,
): Promise<number> {
  const result = await trx
    .deleteFrom('carts')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('carts')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('customer_id', 'is', null)
        .where('updated_at', '<', before)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---- Items ----

export interface CartItemRow {
  listingId: string;
  quantity: number;
  addedAt: Date;
}

/** The cart's items, oldest first; `lock` holds them until the transaction ends. */
export async function selectCartItems(
  trx: TenantTx,
  tenantId: string,
  cartId: string,
  options: { lock?: boolean } = {},
): Promise<CartItemRow[]> {
  let query = trx
    .selectFrom('cart_items')
    .select(['listing_id as listingId', 'quantity', 'added_at as addedAt'])
    .where('tenant_id', '=', tenantId)
    .where('cart_id', '=', cartId)
    .orderBy('added_at')
    .orderBy('listing_id');
  if (options.lock) query = query.forUpdate();
  return query.execute();
}

export async function upsertCartItem(
  trx: TenantTx,
  tenantId: string,
  cartId: string,
  listingId: string,
  quantity: number,
) {
  await trx
    .insertInto('cart_items')
    .values({ tenant_id: tenantId, cart_id: cartId, listing_id: listingId, quantity })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'cart_id', 'listing_id'])
        .doUpdateSet({ quantity, updated_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function deleteCartItems(
  trx: TenantTx,
  tenantId: string,
  cartId: string,
  listingIds: string[],
): Promise<number> {
  if (listingIds.length === 0) return 0;
  const result = await trx
    .deleteFrom('cart_items')
    .where('tenant_id', '=', tenantId)
    .where('cart_id', '=', cartId)
    .where('listing_id', 'in', listingIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function selectStockDisplay(trx: TenantTx, tenantId: string): Promise<StockDisplay> {
  const row = await trx
    .selectFrom('tenants')
    .select('stock_display')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return row?.stock_display ?? 'status';
}

/** Takes the cart's row lock: changes to one cart take turns. */
export async function lockCart(trx: TenantTx, tenantId: string, cartId: string) {
  await trx
    .selectFrom('carts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', cartId)
    .forUpdate()
    .execute();
}
