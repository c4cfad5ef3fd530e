import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppLoadContext } from '@remix-run/node';
import {
  unstable_parseMultipartFormData as parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node';
import { MAX_PRODUCT_IMAGE_BYTES } from '@cardshop/domain';

/** Text fields of a product form: a 20,000-character description is about 60 KB of UTF-8. */
const MAX_TEXT_PART = 128 * 1024;

async function readText(data: AsyncIterable<Uint8Array>, limit: number, name: string) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > limit) throw new UploadTooLarge(name, limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class UploadTooLarge extends Error {
  constructor(
    readonly field: string,
    readonly limit: number,
  ) {
    super(`form field ${field} is over ${limit} bytes`);
  }
}

/**
 * A product form sent as multipart: text fields, and the image in memory up to the image limit.
 * A larger image is read to its end (to learn its size) but not kept, so the form's other fields
 * still arrive and the page can say how big the file was.
 */
export async function readProductForm(request: Request) {
  let oversizeImage: number | null = null;
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (typeof filename !== 'string') return readText(data, MAX_TEXT_PART, name);
    if (name !== 'image' || filename === '') {
      for await (const _ of data) void _;
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= MAX_PRODUCT_IMAGE_BYTES) chunks.push(chunk);
    }
    if (size > MAX_PRODUCT_IMAGE_BYTES) {
      oversizeImage = size;
      return undefined;
    }
    return new File(chunks as BlobPart[], filename, { type: contentType });
  };
  const form = await parseMultipartFormData(request, handler);
  return { form, oversizeImage: oversizeImage as number | null };
}

// ---- Card-code imports: the pasted text or the uploaded file is staged on disk between the
// preview and the confirmation, so neither step holds the whole input in memory. ----

/** The largest import accepted through the console: comfortably over 100,000 lines. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
const STAGE_TTL_MS = 24 * 60 * 60 * 1000;
const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface StagedImport {
  token: string;
  path: string;
  supplierId: string;
  skuId: string;
  source: 'paste' | 'file';
  filename: string | null;
  bytes: number;
}

function stageDir(context: AppLoadContext) {
  return path.join(context.runtime.env.DATA_DIR, 'tmp', 'code-imports');
}

async function streamToFile(data: AsyncIterable<Uint8Array>, file: string, field: string) {
  const out = createWriteStream(file, { mode: 0o600 });
  let size = 0;
  try {
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > MAX_IMPORT_BYTES) throw new UploadTooLarge(field, MAX_IMPORT_BYTES);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
    }
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  return size;
}

/**
 * Reads an import form (multipart): the pasted `codes` text or the uploaded `file` is streamed to
 * a staging file under DATA_DIR; the other fields come back as a FormData. A non-empty upload wins
 * over pasted text. Old staging files (abandoned previews) are removed on the way.
 */
export async function stageImportForm(
  request: Request,
  context: AppLoadContext,
  owner: { supplierId: string; skuId: string },
): Promise<{ form: FormData; staged: StagedImport | null }> {
  const dir = stageDir(context);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await sweepStaged(dir);
  const token = randomUUID();
  const pasted = path.join(dir, `${token}.paste`);
  const uploaded = path.join(dir, `${token}.file`);
  let pastedBytes = 0;
  let uploadedBytes = 0;
  let filename: string | null = null;

  const handler: UploadHandler = async ({ name, filename: partName, data }) => {
    if (name === 'codes' && typeof partName !== 'string') {
      pastedBytes = await streamToFile(data, pasted, name);
      return undefined;
    }
    if (name === 'file' && typeof partName === 'string' && partName !== '') {
      uploadedBytes = await streamToFile(data, uploaded, name);
      filename = partName;
      return undefined;
    }
    if (typeof partName === 'string') {
      for await (const _ of data) void _;
      return undefined;
    }
    return readText(data, 4096, name);
  };
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, handler);
  } catch (error) {
    await rm(pasted, { force: true });
    await rm(uploaded, { force: true });
    throw error;
  }

  let staged: StagedImport | null = null;
  const base = { token, supplierId: owner.supplierId, skuId: owner.skuId };
  if (uploadedBytes > 0) {
    await rm(pasted, { force: true });
    staged = { ...base, path: uploaded, source: 'file', filename, bytes: uploadedBytes };
  } else {
    await rm(uploaded, { force: true });
    if (pastedBytes > 0 && (await hasText(pasted))) {
      staged = { ...base, path: pasted, source: 'paste', filename: null, bytes: pastedBytes };
    } else {
      await rm(pasted, { force: true });
    }
  }
  if (staged) {
    await writeFile(path.join(dir, `${token}.json`), JSON.stringify(staged), { mode: 0o600 });
  }
  return { form, staged };
}

async function hasText(file: string) {
  const info = await stat(file);
  if (info.size > 4096) return true;
  return (await readFile(file, 'utf8')).trim() !== '';
}

/** A staged import by its token, only for the supplier and SKU that staged it. */
export async function findStagedImport(
  context: AppLoadContext,
  token: string,
  owner: { supplierId: string; skuId: string },
): Promise<StagedImport | null> {
  if (!TOKEN.test(token)) return null;
  try {
    const meta = JSON.parse(
      await readFile(path.join(stageDir(context), `${token}.json`), 'utf8'),
    ) as StagedImport;
    if (meta.supplierId !== owner.supplierId || meta.skuId !== owner.skuId) return null;
    await stat(meta.path);
    return meta;
  } catch {
    return null;
  }
}

export async function discardStagedImport(context: AppLoadContext, staged: StagedImport) {
  await rm(staged.path, { force: true });
  await rm(path.join(stageDir(context), `${staged.token}.json`), { force: true });
}

async function sweepStaged(dir: string) {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    try {
      if (now - (await stat(file)).mtimeMs > STAGE_TTL_MS) await rm(file, { force: true });
    } catch {
      // Removed by a concurrent sweep.
    }
  }
}
