export const CatalogErrors = {
  /** Any catalog input that fails its schema; userMessage names the first problem. */
  INVALID_INPUT: 'CATALOG_INVALID_INPUT',
  /** A category id that does not exist, or is hidden (or under a hidden parent). */
  CATEGORY_NOT_FOUND: 'CATEGORY_NOT_FOUND',
  /** platformCreateCategory / platformUpdateCategory: another category uses the slug. */
  CATEGORY_SLUG_TAKEN: 'CATEGORY_SLUG_TAKEN',
  /** platformUpdateCategory: the new parent is the category itself or one of its descendants. */
  CATEGORY_PARENT_INVALID: 'CATEGORY_PARENT_INVALID',
  /** The acting supplier's vetting is still pending. */
  SUPPLIER_PENDING: 'SUPPLIER_PENDING',
  /** The acting supplier is suspended by the platform. */
  SUPPLIER_SUSPENDED: 'SUPPLIER_SUSPENDED',
  /** The acting supplier's application was rejected. */
  SUPPLIER_REJECTED: 'SUPPLIER_REJECTED',
  /** The transaction carries no supplier, or one that does not exist. */
  SUPPLIER_NOT_FOUND: 'SUPPLIER_NOT_FOUND',
  /** A product id that is not this supplier's. */
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  /** An SKU id that is not this supplier's. */
  SKU_NOT_FOUND: 'SKU_NOT_FOUND',
  /** direct_topup account field definitions that are missing, duplicated or unsafe. */
  TOPUP_FIELDS_INVALID: 'TOPUP_FIELDS_INVALID',
  /** updateSku: the code kind of an SKU that already has codes cannot change. */
  SKU_CODE_KIND_LOCKED: 'SKU_CODE_KIND_LOCKED',
  /** createSku / updateSku: reusable codes are for card_code products only. */
  SKU_CODE_KIND_INVALID: 'SKU_CODE_KIND_INVALID',
} as const;
