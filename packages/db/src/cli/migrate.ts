// npm run db:migrate [-- --down]: applies the migrations to DATABASE_URL.
import 'dotenv/config';
import { connectPostgres } from '../client.js';
import { migrateDown, migrateToLatest, setAppRolePassword } from '../migrate.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'DATABASE_URL is not set. Set it to the PostgreSQL database to migrate, e.g.\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/cardshop npm run db:migrate\n' +
      '(The embedded database migrates itself on npm start.)',
  );
  process.exit(1);
}

const { db, close } = connectPostgres({ connectionString: databaseUrl, max: 1 });
try {
  const down = process.argv.includes('--down');
  const results = down ? await migrateDown(db) : await migrateToLatest(db);
  for (const r of results)
    console.log(`${r.status === 'Success' ? '✓' : '✗'} ${r.direction} ${r.migrationName}`);
  if (results.length === 0) console.log('Database is up to date.');
  const appUrl = process.env.APP_DATABASE_URL;
  const password = appUrl ? new URL(appUrl).password : '';
  if (!down && password) {
    await setAppRolePassword(db, decodeURIComponent(password));
    console.log('Set the application role password from APP_DATABASE_URL.');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await close();
}
