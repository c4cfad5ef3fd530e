import type { LoaderFunctionArgs } from '@remix-run/node';
import { createLocalDiskStorage, PRODUCT_IMAGE_KEY } from '@cardshop/domain';

// Product images, by storage key (/media/products/<uuid>.png), the same files the console serves.
// Keys are random and never reused, so a file is cached for good. Only product-image keys exist.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const key = params['*'] ?? '';
  if (!PRODUCT_IMAGE_KEY.test(key)) throw new Response('Not found', { status: 404 });
  const file = await createLocalDiskStorage(context.runtime.env.DATA_DIR).get(key);
  if (!file) throw new Response('Not found', { status: 404 });
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.bytes.length),
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
