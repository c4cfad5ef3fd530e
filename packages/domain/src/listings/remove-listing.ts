import type { TenantTx } from '@cardshop/db';
import { parseId } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { ListingErrors } from './listings.errors.js';
import { deleteListingRow } from './listings.queries.js';

/** Takes an SKU out of this shop. */
export async function removeListing(trx: TenantTx, listingId: string): Promise<void> {
  const id = parseId(listingId, ListingErrors.NOT_FOUND, '店铺中没有这个商品，它可能已被移除');
  if (!(await deleteListingRow(trx, id))) {
    throw new DomainError(ListingErrors.NOT_FOUND, {
      userMessage: '店铺中没有这个商品，它可能已被移除',
      status: 404,
    });
  }
}
