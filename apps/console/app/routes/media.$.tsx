import type { LoaderFunctionArgs } from '@remix-run/node';
import { PRODUCT_IMAGE_KEY } from '@cardshop/domain';
import { fileStorage } from '../scopes.server';

// Uploaded product images, by storage key (/media/products/<uuid>.png). Keys are random and never
// reused, so a file can be cached for good. Only product-image keys are served.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const key = params['*'] ?? '';
  if (!PRODUCT_IMAGE_KEY.test(key)) throw new Response('Not found', { status: 404 });
  const file = await fileStorage(context).get(key);
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
