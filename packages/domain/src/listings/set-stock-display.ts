import type { StockDisplay, TenantTx } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { TenantErrors } from '../tenants/tenants.errors.js';
import { ListingErrors } from './listings.errors.js';
import { updateStockDisplay } from './listings.queries.js';
import { stockDisplaySchema } from './listings.schemas.js';

/** How the storefront shows stock: 'exact' count, a 'range', or in stock / low / sold out ('status'). */
export async function setStockDisplay(trx: TenantTx, mode: StockDisplay): Promise<void> {
  const value = parseInput(stockDisplaySchema, mode, ListingErrors.INVALID_INPUT);
  if (!(await updateStockDisplay(trx, value))) {
    throw new DomainError(TenantErrors.NOT_FOUND, { userMessage: '店铺不存在', status: 404 });
  }
}
