import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { renderToString } from 'react-dom/server';

/**
 * Both apps render whole documents with renderToString: no route defers data, so streaming would
 * only add work per request (the storefront's category page is a hot path).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const html = renderToString(<RemixServer context={remixContext} url={request.url} />);
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  return new Response(`<!DOCTYPE html>${html}`, {
    status: responseStatusCode,
    headers: responseHeaders,
  });
}

interface LoggingContext {
  runtime?: { logger: { error(obj: object, msg: string): void } };
  requestId?: string;
}

/** Unexpected errors go to the app's logger with the request id; 404s and aborts are not errors. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const { runtime, requestId } = (context ?? {}) as AppLoadContext & LoggingContext;
  if (runtime)
    runtime.logger.error({ err: error, requestId, url: request.url }, 'page request failed');
  else console.error(error);
};
