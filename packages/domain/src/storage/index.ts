export type { FileStorage } from './file-storage.js';
export { isSafeStorageKey } from './file-storage.js';
export { createLocalDiskStorage } from './local-disk-storage.js';
export {
  MAX_PRODUCT_IMAGE_BYTES,
  PRODUCT_IMAGE_KEY,
  saveProductImage,
  sniffImageType,
} from './save-product-image.js';
export type { ImageType } from './save-product-image.js';
export { StorageErrors } from './storage.errors.js';
