import type { Runtime } from '@cardshop/domain';

export interface AppEnv {
  Variables: {
    runtime: Runtime;
    requestId: string;
  };
}
