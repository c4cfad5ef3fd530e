import { createContext, useContext } from 'react';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** This response's Content-Security-Policy nonce (packages/api sets both). */
    cspNonce?: string;
  }
}

/**
 * The CSP nonce of the document being rendered on the server: the entry server provides it, the
 * root passes it to <Scripts> and <ScrollRestoration>. Undefined in the browser, where it is not
 * needed (scripts added after load are trusted through 'strict-dynamic').
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
