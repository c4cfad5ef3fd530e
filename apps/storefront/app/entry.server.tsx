import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToString } from 'react-dom/server';
import { NonceContext } from '@cardshop/ui';

export { handleError } from '@cardshop/ui/entry-server';

interface StreamCacheEntry extends Promise<void> {
  result?: { done: boolean; value: string };
}

/**
 * Whole documents with renderToString, the cheapest way React renders on the server. With single
 * fetch, Remix writes the loader data for hydration from a Suspense boundary (StreamTransfer) that
 * reads `serverHandoffStream` chunk by chunk, which renderToString cannot wait for. No route here
 * defers data, so the stream is complete before rendering: read it first and hand it to
 * StreamTransfer through its cache (renderMeta.streamCache, Remix 2.x), so the boundary renders
 * at once. test/browsing.test.ts checks that pages carry their data and close the stream.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const stream = remixContext.serverHandoffStream;
  if (stream) {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
    reader.releaseLock();
    const resolved = (result: { done: boolean; value: string }): StreamCacheEntry =>
      Object.assign(Promise.resolve(), { result });
    const meta = (remixContext as { renderMeta?: { streamCache?: Record<number, unknown> } })
      .renderMeta;
    if (meta) meta.streamCache = { 0: resolved({ done: true, value: text }) };
  }
  const nonce = loadContext.cspNonce;
  const html = renderToString(
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} {...(nonce ? { nonce } : {})} />
    </NonceContext.Provider>,
  );
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  return new Response(`<!DOCTYPE html>${html}`, {
    status: responseStatusCode,
    headers: responseHeaders,
  });
}
