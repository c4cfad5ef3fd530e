export const InventoryErrors = {
  /** Input to an inventory use-case failed validation (bad id, batch size, list of codes). */
  INVALID_INPUT: 'INVENTORY_INVALID_INPUT',
  /** The SKU does not exist, or is a private SKU this scope cannot see. */
  SKU_NOT_FOUND: 'INVENTORY_SKU_NOT_FOUND',
  /** The SKU belongs to another supplier. */
  SKU_NOT_YOURS: 'INVENTORY_SKU_NOT_YOURS',
  /** The SKU or its product has been delisted: no new stock goes into it. */
  SKU_DELISTED: 'INVENTORY_SKU_DELISTED',
  /** Codes go only into products of type card_code (top-ups and physical cards have none). */
  NOT_CARD_CODE_PRODUCT: 'INVENTORY_NOT_CARD_CODE_PRODUCT',
  /** A suspended or rejected supplier may not add stock. */
  SUPPLIER_NOT_ALLOWED: 'INVENTORY_SUPPLIER_NOT_ALLOWED',
  /** The import has malformed lines and the supplier has not confirmed skipping them. */
  MALFORMED_LINES: 'INVENTORY_MALFORMED_LINES',
  /** The pasted text or file holds no code at all (only blank lines, or only malformed ones). */
  NOTHING_TO_IMPORT: 'INVENTORY_NOTHING_TO_IMPORT',
  /** The file changed between the validation pass and the import pass. */
  SOURCE_CHANGED: 'INVENTORY_SOURCE_CHANGED',
  /** voidUnsoldCodes: the batch does not exist or is not this supplier's. */
  BATCH_NOT_FOUND: 'INVENTORY_BATCH_NOT_FOUND',
  /** A quantity on hand is kept only for physical-card products (codes are counted by import). */
  NOT_PHYSICAL_PRODUCT: 'INVENTORY_NOT_PHYSICAL_PRODUCT',
  /** The change would leave fewer cards on hand than orders hold reserved (unpaid or unshipped). */
  BELOW_RESERVED: 'INVENTORY_BELOW_RESERVED',
  /** The change would put more cards on hand than MAX_ON_HAND. */
  TOO_MANY: 'INVENTORY_TOO_MANY',
  /** A sealed code names a key id that is no longer in CARD_CODE_KEYS. */
  KEY_UNKNOWN: 'INVENTORY_CARD_CODE_KEY_UNKNOWN',
  /** A sealed code failed authentication: it was altered or sealed with another key. */
  SEAL_INVALID: 'INVENTORY_CARD_CODE_SEAL_INVALID',
  /** exportUnsoldCodes: the batch or SKU has no unsold (available) code left to export. */
  NOTHING_TO_EXPORT: 'INVENTORY_NOTHING_TO_EXPORT',
} as const;
