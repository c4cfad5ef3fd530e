import type { ProductType } from '@cardshop/db';

/**
 * Product types sold from counted stock (sku_stock): card codes (a code per unit) and physical
 * cards (a quantity on hand their supplier keeps). Only these sell out; top-ups are fulfilled by
 * the supplier and never run out. The storefront's SQL names the same two types.
 */
export const COUNTED_STOCK_TYPES: readonly ProductType[] = ['card_code', 'physical_card'];

export function hasCountedStock(type: ProductType): boolean {
  return COUNTED_STOCK_TYPES.includes(type);
}
