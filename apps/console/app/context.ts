import type { Runtime } from '@cardshop/domain';
import type { Lang } from '@cardshop/ui';

declare module '@remix-run/node' {
  interface AppLoadContext {
    runtime: Runtime;
    lang: Lang;
    requestId: string;
    ip: string | null;
    userAgent: string | null;
  }
}

export {};
