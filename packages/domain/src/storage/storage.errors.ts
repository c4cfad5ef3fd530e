export const StorageErrors = {
  /** saveProductImage: no bytes at all. */
  IMAGE_EMPTY: 'IMAGE_EMPTY',
  /** saveProductImage: more than MAX_PRODUCT_IMAGE_BYTES. */
  IMAGE_TOO_LARGE: 'IMAGE_TOO_LARGE',
  /** saveProductImage: the declared type is not PNG, JPEG, WebP or GIF. */
  IMAGE_TYPE_NOT_ALLOWED: 'IMAGE_TYPE_NOT_ALLOWED',
  /** saveProductImage: the bytes are not a PNG, JPEG, WebP or GIF, whatever the name says. */
  IMAGE_CONTENT_INVALID: 'IMAGE_CONTENT_INVALID',
} as const;
