import type { Runtime } from '@cardshop/domain';

export interface AppEnv {
  Variables: {
    runtime: Runtime;
    requestId: string;
    /** This response's Content-Security-Policy nonce (see csp.ts). */
    cspNonce: string;
  };
}
