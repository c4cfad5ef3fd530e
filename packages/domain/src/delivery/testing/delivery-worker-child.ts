// The platform's real job workers (every job in the registry) in a process of their own, so a test
// can SIGKILL them in the middle of a delivery. Env: CARDSHOP_TEST_DB_URL (the test database, as
// its owner URL), CARDSHOP_TEST_PREFIX (BullMQ prefix), REDIS_URL.
import { appConnectionString, connectPostgres } from '@cardshop/db';
import { createBullmqQueue } from '../../jobs/bullmq-queue.js';
import { createJobRegistry } from '../../jobs/queue.js';
import { allJobs } from '../../jobs/registry.js';

const databaseUrl = process.env.CARDSHOP_TEST_DB_URL;
const prefix = process.env.CARDSHOP_TEST_PREFIX;
if (!databaseUrl || !prefix)
  throw new Error('CARDSHOP_TEST_DB_URL and CARDSHOP_TEST_PREFIX are required');

const handle = connectPostgres({ connectionString: appConnectionString(databaseUrl), max: 6 });
const queue = createBullmqQueue({
  registry: createJobRegistry(allJobs),
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  prefix,
  lockDuration: 1_000,
  stalledInterval: 500,
});
await queue.startWorkers({ db: handle.db });
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void (async () => {
    await queue.close();
    await handle.close();
    process.exit(0);
  })();
});
