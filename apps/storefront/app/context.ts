import type { HostResolution, Runtime } from '@cardshop/domain';
import type { Lang } from '@cardshop/ui';

declare module '@remix-run/node' {
  interface AppLoadContext {
    runtime: Runtime;
    host: HostResolution;
    hostHeader: string;
    lang: Lang;
    requestId: string;
  }
}

export {};
