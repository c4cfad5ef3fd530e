import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertContentType, assertSafeStorageKey, type FileStorage } from './file-storage.js';

/**
 * Files on local disk under `<dataDir>/uploads/<key>`. The content type is kept beside it in
 * `uploads/.meta/<key>.json` (keys never start with a dot, so the two cannot collide), and writes
 * go through a temporary file and a rename, so a reader never sees half a file.
 */
export function createLocalDiskStorage(dataDir: string): FileStorage & { readonly root: string } {
  const root = path.resolve(dataDir, 'uploads');
  const metaRoot = path.join(root, '.meta');
  const tmpRoot = path.join(root, '.tmp');

  function resolveKey(base: string, key: string, suffix = ''): string {
    assertSafeStorageKey(key);
    const file = path.resolve(base, `${key}${suffix}`);
    // Belt and braces: the key check already rules out escaping the root.
    if (!file.startsWith(base + path.sep))
      throw new TypeError(`storage key "${key}" escapes the root`);
    return file;
  }

  async function atomicWrite(file: string, data: Uint8Array | string) {
    await mkdir(path.dirname(file), { recursive: true });
    await mkdir(tmpRoot, { recursive: true });
    const tmp = path.join(tmpRoot, randomUUID());
    try {
      await writeFile(tmp, data);
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  return {
    root,
    async put(key, bytes, contentType) {
      assertContentType(contentType);
      const file = resolveKey(root, key);
      const meta = resolveKey(metaRoot, key, '.json');
      await atomicWrite(meta, JSON.stringify({ contentType }));
      await atomicWrite(file, bytes);
    },
    async get(key) {
      const file = resolveKey(root, key);
      const meta = resolveKey(metaRoot, key, '.json');
      try {
        const [bytes, info] = await Promise.all([readFile(file), readFile(meta, 'utf8')]);
        const { contentType } = JSON.parse(info) as { contentType: string };
        return { bytes: new Uint8Array(bytes), contentType };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      const file = resolveKey(root, key);
      const meta = resolveKey(metaRoot, key, '.json');
      await rm(file, { force: true });
      await rm(meta, { force: true });
    },
  };
}
