import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { APP_ROLE } from './roles.js';
import type { DB } from './schema.js';
import { migrations } from '../migrations/index.js';

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../migrations',
);

function migrator(db: Kysely<DB>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Work lands from parallel branches: a migration dated before one already applied still runs.
    allowUnorderedMigrations: true,
  });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Applies every pending migration; throws (after rolling back) if one fails. */
export async function migrateToLatest(
  db: Kysely<DB>,
): Promise<NonNullable<MigrationResultSet['results']>> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return results ?? [];
}

export async function migrateDown(
  db: Kysely<DB>,
): Promise<NonNullable<MigrationResultSet['results']>> {
  const { error, results } = await migrator(db).migrateDown();
  if (error) throw new MigrationError(String(error), { cause: error });
  return results ?? [];
}

/** Gives the application role the password from its connection string (production servers). */
export async function setAppRolePassword(db: Kysely<DB>, password: string): Promise<void> {
  await sql`alter role ${sql.id(APP_ROLE)} with login password ${sql.lit(password)}`.execute(db);
}
