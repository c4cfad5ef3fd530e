export { assertSupplierApproved, loadActingSupplier } from './acting-supplier.js';
export { CatalogErrors } from './catalog.errors.js';
export type {
  ActingSupplier,
  Category,
  CategoryStatus,
  PrivateSupplier,
  ProductStatus,
  SkuStatus,
  SupplierProduct,
  SupplierProductSummary,
  SupplierSku,
} from './catalog.queries.js';
export {
  createCategorySchema,
  createProductSchema,
  createSkuSchema,
  isEmojiIcon,
  productStatusSchema,
  updateCategorySchema,
  updateProductSchema,
  updateSkuSchema,
} from './catalog.schemas.js';
export type {
  CreateCategoryInput,
  CreateProductInput,
  CreateSkuInput,
  SupplierProductFilter,
  UpdateCategoryInput,
  UpdateProductInput,
  UpdateSkuInput,
} from './catalog.schemas.js';
export { createProduct } from './create-product.js';
export { createSku } from './create-sku.js';
export { DEFAULT_CATEGORIES, ensureDefaultCategories } from './default-categories.js';
export type { DefaultCategory } from './default-categories.js';
export { getSupplierProduct } from './get-supplier-product.js';
export type { SupplierProductDetail } from './get-supplier-product.js';
export { listCategoryTree, platformListCategories } from './list-categories.js';
export type { CategoryNode, PlatformCategoryNode } from './list-categories.js';
export { listSupplierProducts } from './list-supplier-products.js';
export { formatYuan, MAX_PRICE_FEN } from './money.js';
export { platformCreateCategory } from './platform-create-category.js';
export { platformUpdateCategory } from './platform-update-category.js';
export { createPrivateSupplier, getPrivateSupplierForTenant } from './private-supplier.js';
export { renderDescription } from './render-description.js';
export { setProductStatus } from './set-product-status.js';
export {
  checkTopupPattern,
  MAX_TOPUP_FIELDS,
  TOPUP_FIELD_KINDS,
  validateTopupAccount,
} from './topup-fields.js';
export type { TopupAccountResult } from './topup-fields.js';
export { updateProduct } from './update-product.js';
export { updateSku } from './update-sku.js';
