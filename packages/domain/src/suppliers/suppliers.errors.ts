export const SupplierErrors = {
  /** createSupplier: another supplier already uses the slug. */
  SLUG_TAKEN: 'SUPPLIER_SLUG_TAKEN',
} as const;
