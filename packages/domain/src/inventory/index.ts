export { adjustPhysicalStock, listStockAdjustments } from './adjust-physical-stock.js';
export type {
  PhysicalStock,
  StockAdjustmentEntry,
  StockAdjustmentResult,
} from './adjust-physical-stock.js';
export { checkLowStock } from './check-low-stock.js';
export type { LowStockCheck } from './check-low-stock.js';
export { COUNTED_STOCK_TYPES, hasCountedStock } from './counted-stock.js';
export { codeVaultFromEnv, createCodeVault, normalizeCode } from './code-crypto.js';
export type { CodeSecret, CodeVault, CodeVaultKeys, SealedCode } from './code-crypto.js';
export { getSkuStock } from './get-sku-stock.js';
export type { SkuStock } from './get-sku-stock.js';
export { importCodes } from './import-codes.js';
export type { CodeImportProgress, CodeImportResult, ImportCodesInput } from './import-codes.js';
export { InventoryErrors } from './inventory.errors.js';
export { findSkuSupplier } from './inventory.queries.js';
export {
  adjustStockSchema,
  importCodesOptionsSchema,
  MAX_IMPORT_BATCH_SIZE,
  MAX_ON_HAND,
  voidCodesSchema,
} from './inventory.schemas.js';
export type { AdjustStockInput, VoidCodesInput } from './inventory.schemas.js';
export { countFileLines, fileLines, textLines } from './line-sources.js';
export { listCodeBatches, listSupplierBatches } from './list-code-batches.js';
export type { CodeBatchSummary, SupplierBatch } from './list-code-batches.js';
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
export { codeExportLine, exportUnsoldCodes, previewCodeExport } from './export-unsold-codes.js';
export type { CodeExportFile, CodeExportPreview } from './export-unsold-codes.js';
export { exportCodesSchema } from './inventory.schemas.js';
export type { ExportCodesInput } from './inventory.schemas.js';
