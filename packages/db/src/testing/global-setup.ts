import { dropRunDatabases, prepareTemplate, testRunId } from './index.js';

// Vitest globalSetup: migrate the template once; each test file clones it (createTestDatabase).
export default async function setup() {
  testRunId();
  await prepareTemplate();
  return async () => {
    await dropRunDatabases();
  };
}
