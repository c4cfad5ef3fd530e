/**
 * Where uploaded files live: local disk under DATA_DIR now, an S3-compatible bucket later. Keys
 * are relative paths of lower-case letters, digits, '.', '_', '-' and '/' (see isSafeStorageKey);
 * an implementation refuses any other key.
 */
export interface FileStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** null when there is no file under the key. */
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  /** Removes the file; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

const SEGMENT = /^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$/;

/** A key that cannot name anything outside the storage root: no '..', no absolute path, no dot-files. */
export function isSafeStorageKey(key: string): boolean {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) return false;
  const segments = key.split('/');
  return segments.every((s) => SEGMENT.test(s) && !s.includes('..'));
}

export function assertSafeStorageKey(key: string): void {
  if (!isSafeStorageKey(key)) throw new TypeError(`storage key "${key}" is not allowed`);
}

const CONTENT_TYPE = /^[a-z]+\/[a-z0-9.+-]{1,100}$/;

export function assertContentType(contentType: string): void {
  if (!CONTENT_TYPE.test(contentType))
    throw new TypeError(`content type "${contentType}" is not allowed`);
}
