export { checkLowStock } from './check-low-stock.js';
export type { LowStockCheck } from './check-low-stock.js';
export { codeVaultFromEnv, createCodeVault, normalizeCode } from './code-crypto.js';
export type { CodeSecret, CodeVault, CodeVaultKeys, SealedCode } from './code-crypto.js';
export { getSkuStock } from './get-sku-stock.js';
export type { SkuStock } from './get-sku-stock.js';
export { importCodes } from './import-codes.js';
export type { CodeImportProgress, CodeImportResult, ImportCodesInput } from './import-codes.js';
export { InventoryErrors } from './inventory.errors.js';
export { findSkuSupplier } from './inventory.queries.js';
export {
  importCodesOptionsSchema,
  MAX_IMPORT_BATCH_SIZE,
  voidCodesSchema,
} from './inventory.schemas.js';
export type { VoidCodesInput } from './inventory.schemas.js';
export { countFileLines, fileLines, textLines } from './line-sources.js';
export { listCodeBatches } from './list-code-batches.js';
export type { CodeBatchSummary } from './list-code-batches.js';
export {
  MAX_CODE_LENGTH,
  MAX_LINE_LENGTH,
  parseCodeLine,
  parseCodeLines,
  todayInChina,
} from './parse-code-lines.js';
export type { NumberedCodeLine, ParsedCodeLine } from './parse-code-lines.js';
export { DEFAULT_MAX_REPORTED_MALFORMED, previewCodeImport } from './preview-code-import.js';
export type { CodeImportCounts, CodeImportPreview, MalformedLine } from './preview-code-import.js';
export { voidUnsoldCodes } from './void-unsold-codes.js';
