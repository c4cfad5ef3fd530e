import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createLocalDiskStorage } from './local-disk-storage.js';
import { MAX_PRODUCT_IMAGE_BYTES, saveProductImage, sniffImageType } from './save-product-image.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
const WEBP = new Uint8Array([
  ...new TextEncoder().encode('RIFF'),
  0x24,
  0,
  0,
  0,
  ...new TextEncoder().encode('WEBPVP8 '),
]);

function freshStorage() {
  return createLocalDiskStorage(mkdtempSync(path.join(tmpdir(), 'cardshop-storage-')));
}

async function filesUnder(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

describe('local disk storage', () => {
  test('stores bytes with their content type under DATA_DIR/uploads and deletes them', async () => {
    const storage = freshStorage();
    expect(storage.root.endsWith(`${path.sep}uploads`)).toBe(true);
    await storage.put('products/a.png', PNG, 'image/png');
    expect(await storage.get('products/a.png')).toEqual({ bytes: PNG, contentType: 'image/png' });
    await storage.delete('products/a.png');
    expect(await storage.get('products/a.png')).toBeNull();
    await expect(storage.delete('products/a.png')).resolves.toBeUndefined();
  });

  test('refuses keys that could leave the storage root', async () => {
    const storage = freshStorage();
    for (const key of [
      '../escape.png',
      'products/../../escape.png',
      '/etc/passwd',
      'products//a.png',
      '.meta/products/a.png.json',
      'products/.hidden',
      'products\\a.png',
      'Products/A.png',
      '',
    ]) {
      await expect(storage.put(key, PNG, 'image/png')).rejects.toThrow(/not allowed/);
      await expect(storage.get(key)).rejects.toThrow(/not allowed/);
    }
    expect(await filesUnder(storage.root)).toEqual([]);
  });
});

describe('saveProductImage', () => {
  test('accepts PNG, JPEG, WebP and GIF by their bytes and returns a product image key', async () => {
    const storage = freshStorage();
    for (const [bytes, type, ext] of [
      [PNG, 'image/png', 'png'],
      [JPEG, 'image/jpeg', 'jpg'],
      [WEBP, 'image/webp', 'webp'],
      [GIF, 'image/gif', 'gif'],
    ] as const) {
      const key = await saveProductImage(storage, bytes, type);
      expect(key).toMatch(new RegExp(`^products/[0-9a-f-]{36}\\.${ext}$`));
      expect(await storage.get(key)).toEqual({ bytes, contentType: type });
    }
  });

  test('a real image under another image name is stored as what it really is', async () => {
    const storage = freshStorage();
    const key = await saveProductImage(storage, JPEG, 'image/png');
    expect(key.endsWith('.jpg')).toBe(true);
    expect((await storage.get(key))?.contentType).toBe('image/jpeg');
  });

  test('an oversized image is refused and nothing is stored', async () => {
    const storage = freshStorage();
    const big = new Uint8Array(MAX_PRODUCT_IMAGE_BYTES + 1);
    big.set(PNG);
    await expect(saveProductImage(storage, big, 'image/png')).rejects.toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      userMessage: '图片不能超过 2 MB，这张有 2.1 MB，请压缩后再上传',
      status: 413,
    });
    expect(await filesUnder(storage.root)).toEqual([]);
  });

  test('non-image bytes with an image type are refused and nothing is stored', async () => {
    const storage = freshStorage();
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    for (const bytes of [html, svg, new Uint8Array([0x89, 0x50])]) {
      await expect(saveProductImage(storage, bytes, 'image/png')).rejects.toMatchObject({
        code: 'IMAGE_CONTENT_INVALID',
        userMessage: '文件内容不是有效的 PNG、JPEG、WebP 或 GIF 图片，请检查后重新上传',
      });
    }
    expect(await filesUnder(storage.root)).toEqual([]);
  });

  test('a declared type that is not a supported image, and an empty file, are refused', async () => {
    const storage = freshStorage();
    await expect(saveProductImage(storage, PNG, 'image/svg+xml')).rejects.toMatchObject({
      code: 'IMAGE_TYPE_NOT_ALLOWED',
      userMessage: '只支持 PNG、JPEG、WebP 或 GIF 格式的图片',
    });
    await expect(saveProductImage(storage, PNG, 'application/pdf')).rejects.toMatchObject({
      code: 'IMAGE_TYPE_NOT_ALLOWED',
    });
    await expect(saveProductImage(storage, new Uint8Array(), 'image/png')).rejects.toMatchObject({
      code: 'IMAGE_EMPTY',
    });
    expect(await filesUnder(storage.root)).toEqual([]);
  });

  test('sniffImageType knows the four formats and nothing else', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(WEBP)).toBe('image/webp');
    expect(sniffImageType(GIF)).toBe('image/gif');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WAVE'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});
