/**
 * A ledger account, by what it is for. Its id is derived from the owner, so any scope can post to
 * an account it cannot read (a shop crediting a supplier's payable).
 */
export type AccountRef =
  | { kind: 'customer_balance'; tenantId: string; customerId: string }
  | { kind: 'supplier_payable'; supplierId: string }
  | { kind: 'reseller_payable'; tenantId: string }
  | { kind: 'gateway_clearing'; provider: string }
  | { kind: 'platform_revenue' }
  | { kind: 'refunds_payable' };

export const DEFAULT_CURRENCY = 'CNY';

/** The account's id, exactly as the ledger_accounts check constraint derives it. */
export function accountId(ref: AccountRef): string {
  switch (ref.kind) {
    case 'customer_balance':
      return `customer_balance:${ref.tenantId}:${ref.customerId}`;
    case 'supplier_payable':
      return `supplier_payable:${ref.supplierId}`;
    case 'reseller_payable':
      return `reseller_payable:${ref.tenantId}`;
    case 'gateway_clearing':
      return `gateway_clearing:${ref.provider}`;
    case 'platform_revenue':
    case 'refunds_payable':
      return ref.kind;
  }
}

/** The row that opens the account. */
export function accountRow(ref: AccountRef, currency: string) {
  return {
    id: accountId(ref),
    kind: ref.kind,
    currency,
    owner_tenant_id:
      ref.kind === 'customer_balance' || ref.kind === 'reseller_payable' ? ref.tenantId : null,
    owner_supplier_id: ref.kind === 'supplier_payable' ? ref.supplierId : null,
    owner_customer_id: ref.kind === 'customer_balance' ? ref.customerId : null,
    provider: ref.kind === 'gateway_clearing' ? ref.provider : null,
  };
}
