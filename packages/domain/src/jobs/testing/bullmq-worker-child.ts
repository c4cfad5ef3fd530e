// A BullMQ worker in its own process, so a test can SIGKILL it mid-handler.
// Env: CARDSHOP_TEST_DB_URL (the test database), CARDSHOP_TEST_PREFIX, REDIS_URL,
// CARDSHOP_TEST_JOB_HANG=1 to make test.record hang after it has started.
import { appConnectionString, connectPostgres } from '@cardshop/db';
import { createBullmqQueue } from '../bullmq-queue.js';
import { REDIS_URL, testRegistry } from './test-jobs.js';

const databaseUrl = process.env.CARDSHOP_TEST_DB_URL;
const prefix = process.env.CARDSHOP_TEST_PREFIX;
if (!databaseUrl || !prefix)
  throw new Error('CARDSHOP_TEST_DB_URL and CARDSHOP_TEST_PREFIX are required');

const handle = connectPostgres({ connectionString: appConnectionString(databaseUrl), max: 2 });
const queue = createBullmqQueue({
  registry: testRegistry,
  redisUrl: REDIS_URL,
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
