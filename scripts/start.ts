// npm start: the whole platform in one process: storefront, console and the job worker, on the
// embedded database unless DATABASE_URL is set. Seeds the demo platform on first start.
import 'dotenv/config';
import { startConsole } from '@cardshop/console';
import {
  codeVaultFromEnv,
  createRuntime,
  DEMO_PASSWORD,
  demoLogins,
  EnvError,
  loadEnv,
  seedDemo,
  shopOrigin,
} from '@cardshop/domain';
import { startStorefront } from '@cardshop/storefront';

let env;
try {
  env = loadEnv();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}

const started = performance.now();
const runtime = await createRuntime(env);
const { created } = env.SEED_DEMO
  ? await seedDemo(runtime.db, codeVaultFromEnv(env))
  : { created: false };
await runtime.startWorker();
const [storefront, consoleServer] = await Promise.all([
  startStorefront(runtime),
  startConsole(runtime),
]);

const line = '─'.repeat(64);
console.log(`
${line}
 卡盟云 Cardshop is running  (${env.embedded ? `embedded database in ${env.DATA_DIR}` : 'PostgreSQL'}, ${
   runtime.queue.kind === 'bullmq' ? 'BullMQ on Redis' : 'in-process jobs'
 }; ready in ${((performance.now() - started) / 1000).toFixed(1)} s${created ? ', demo data seeded' : ''})

 Demo shops   ${['demo', 'game', 'vip'].map((slug) => shopOrigin(env, slug)).join('\n              ')}
 Console      ${env.CONSOLE_ORIGIN}
 Health       ${env.CONSOLE_ORIGIN}/healthz

 Demo logins (password: ${DEMO_PASSWORD})
${demoLogins.map((l) => `   ${l.email.padEnd(34)} ${l.role}`).join('\n')}
${line}
`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: shutting down…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void Promise.all([storefront.close(), consoleServer.close()])
      .then(() => runtime.close())
      .then(() => process.exit(0));
  });
}
