// npm run db:seed: seeds the demo platform (operator, suppliers, three stocked shops) into the
// database the environment names (DATABASE_URL, or the embedded one under DATA_DIR). Does nothing
// when the demo platform is there already.
import 'dotenv/config';
import { codeVaultFromEnv, createRuntime, EnvError, loadEnv, seedDemo } from '@cardshop/domain';

let env;
try {
  env = loadEnv();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
const runtime = await createRuntime(env);
try {
  const { created } = await seedDemo(runtime.db, codeVaultFromEnv(env));
  console.log(
    created ? 'Demo platform seeded.' : 'The demo platform is there already; nothing to do.',
  );
} finally {
  await runtime.close();
}
