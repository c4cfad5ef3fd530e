import { Transform } from 'node:stream';
import {
  createReadableStreamFromReadable,
  type AppLoadContext,
  type EntryContext,
  type HandleErrorFunction,
} from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceContext } from './nonce.js';

const ABORT_AFTER_MS = 5_000;

/**
 * Whole documents: the response starts once everything is ready (no route defers data), the way
 * Remix's own entry serves bots. Not renderToString: with single fetch, Remix writes the loader
 * data for hydration from inside a Suspense boundary that renderToString never finishes.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_AFTER_MS}
          {...(nonce ? { nonce } : {})}
        />
      </NonceContext.Provider>,
      {
        ...(nonce ? { nonce } : {}),
        onAllReady() {
          const body = withoutNulBytes();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              status: responseStatusCode,
              headers: responseHeaders,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          logError(error, request, loadContext);
        },
      },
    );
    setTimeout(abort, ABORT_AFTER_MS + 1000).unref();
  });
}

/**
 * React 18.3's Node renderer, when a 3-byte UTF-8 character (most Chinese) does not fit the last
 * one or two bytes of its 2 KiB write buffer, sends the whole buffer, unused bytes and all: NUL
 * bytes in the middle of the page. HTML never carries NUL, so dropping every NUL byte is exact.
 */
function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!chunk.includes(0)) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const byte of chunk) if (byte !== 0) out[n++] = byte;
      done(null, out.subarray(0, n));
    },
  });
}

interface LoggingContext {
  runtime?: { logger: { error(obj: object, msg: string): void } };
  requestId?: string;
}

function logError(error: unknown, request: Request, context: unknown) {
  const { runtime, requestId } = (context ?? {}) as LoggingContext;
  if (runtime)
    runtime.logger.error({ err: error, requestId, url: request.url }, 'page request failed');
  else console.error(error);
}

/** Unexpected errors go to the app's logger with the request id; 404s and aborts are not errors. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logError(error, request, context);
};
