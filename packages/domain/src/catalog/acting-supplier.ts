import type { SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { CatalogErrors } from './catalog.errors.js';
import { findActingSupplier, type ActingSupplier } from './catalog.queries.js';

/** The supplier this transaction acts for; refuses when there is none. */
export async function loadActingSupplier(trx: SupplierTx): Promise<ActingSupplier> {
  const supplier = await findActingSupplier(trx);
  if (!supplier) {
    throw new DomainError(CatalogErrors.SUPPLIER_NOT_FOUND, {
      message: 'no supplier row for app.supplier_id',
      userMessage: '找不到您的供货商账号，请重新登录后再试',
      status: 403,
    });
  }
  return supplier;
}

/**
 * Only an approved supplier may put goods on sale or change them; `action` completes the sentence
 * ("发布商品", "修改规格") so the refusal says what was refused.
 */
export function assertSupplierApproved(supplier: ActingSupplier, action: string): void {
  switch (supplier.status) {
    case 'approved':
      return;
    case 'pending':
      throw new DomainError(CatalogErrors.SUPPLIER_PENDING, {
        userMessage: `您的供货商资质还在审核中，审核通过后才能${action}`,
        status: 403,
      });
    case 'suspended':
      throw new DomainError(CatalogErrors.SUPPLIER_SUSPENDED, {
        userMessage: `您的供货商账号已被平台暂停，暂时不能${action}，如有疑问请联系平台客服`,
        status: 403,
      });
    case 'rejected':
      throw new DomainError(CatalogErrors.SUPPLIER_REJECTED, {
        userMessage: `您的供货商申请未通过审核，不能${action}`,
        status: 403,
      });
  }
}

export async function loadApprovedSupplier(
  trx: SupplierTx,
  action: string,
): Promise<ActingSupplier> {
  const supplier = await loadActingSupplier(trx);
  assertSupplierApproved(supplier, action);
  return supplier;
}
