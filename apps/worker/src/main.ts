// The job worker on its own (server deployments): runs the outbox relay and every job queue.
import 'dotenv/config';
import { createRuntime, loadEnv } from '@cardshop/domain';

const env = loadEnv();
if (env.embedded) {
  console.error(
    'The standalone worker needs DATABASE_URL and REDIS_URL; `npm start` runs jobs in-process.',
  );
  process.exit(1);
}
const runtime = await createRuntime(env);
await runtime.startWorker();
runtime.logger.info({ queue: runtime.queue.kind }, 'worker started');

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    runtime.logger.info({ signal }, 'worker stopping');
    void runtime.close().then(() => process.exit(0));
  });
}
