import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors.js';
import type { FileStorage } from './file-storage.js';
import { StorageErrors } from './storage.errors.js';

export const MAX_PRODUCT_IMAGE_BYTES = 2 * 1024 * 1024;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

const EXTENSIONS: Record<ImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

const DECLARED: Record<string, ImageType> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/webp': 'image/webp',
  'image/gif': 'image/gif',
};

/** The key a product image is stored under; products.image_path holds one of these. */
export const PRODUCT_IMAGE_KEY =
  /^products\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(?:png|jpg|webp|gif)$/;

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

/** The image type the bytes really are, from their magic numbers; null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    ascii(bytes, 1, 3) === 'PNG' &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a &&
    bytes[6] === 0x1a &&
    bytes[7] === 0x0a
  )
    return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'image/jpeg';
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a'))
    return 'image/gif';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return 'image/webp';
  return null;
}

/** Rounded up to 0.1 MB, so a file just over the limit never reads as "2.0 MB". */
function formatMegabytes(bytes: number): string {
  return (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1);
}

/**
 * Stores a product image a supplier uploaded and returns its key (for products.image_path).
 * The bytes decide what it is: a file named .png that is not a PNG, JPEG, WebP or GIF is refused,
 * and one of those under another image name is stored as what it really is.
 */
export async function saveProductImage(
  storage: FileStorage,
  bytes: Uint8Array,
  declaredType: string,
): Promise<string> {
  if (bytes.length === 0) {
    throw new DomainError(StorageErrors.IMAGE_EMPTY, {
      userMessage: '图片文件是空的，请重新选择',
    });
  }
  if (bytes.length > MAX_PRODUCT_IMAGE_BYTES) {
    throw new DomainError(StorageErrors.IMAGE_TOO_LARGE, {
      userMessage: `图片不能超过 2 MB，这张有 ${formatMegabytes(bytes.length)} MB，请压缩后再上传`,
      status: 413,
    });
  }
  const declared = DECLARED[declaredType.trim().toLowerCase().split(';')[0]!.trim()];
  if (!declared) {
    throw new DomainError(StorageErrors.IMAGE_TYPE_NOT_ALLOWED, {
      message: `declared type ${declaredType}`,
      userMessage: '只支持 PNG、JPEG、WebP 或 GIF 格式的图片',
      status: 415,
    });
  }
  const actual = sniffImageType(bytes);
  if (!actual) {
    throw new DomainError(StorageErrors.IMAGE_CONTENT_INVALID, {
      message: `declared ${declaredType}, bytes are not a supported image`,
      userMessage: '文件内容不是有效的 PNG、JPEG、WebP 或 GIF 图片，请检查后重新上传',
      status: 415,
    });
  }
  const key = `products/${randomUUID()}.${EXTENSIONS[actual]}`;
  await storage.put(key, bytes, actual);
  return key;
}
