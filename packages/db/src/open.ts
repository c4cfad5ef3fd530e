import path from 'node:path';
import {
  appConnectionString,
  connectPostgres,
  openEmbedded,
  type DatabaseHandle,
} from './client.js';
import { migrateToLatest, setAppRolePassword } from './migrate.js';

export interface OpenDatabaseOptions {
  /** PostgreSQL URL of the migration owner; without it the embedded database is used. */
  databaseUrl?: string | undefined;
  /** PostgreSQL URL of the application role; derived from databaseUrl when omitted. */
  appDatabaseUrl?: string | undefined;
  /** Embedded mode keeps its files under <dataDir>/pg. */
  dataDir: string;
  /** Apply pending migrations first (always true in embedded mode). */
  migrate?: boolean;
  poolSize?: number;
}

/**
 * Opens the database the application runs on, connected as the application role: PostgreSQL when
 * a URL is configured, otherwise PGlite under dataDir, migrated before first use.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (!options.databaseUrl) {
    const embedded = await openEmbedded({ dataDir: path.join(options.dataDir, 'pg') });
    try {
      await migrateToLatest(embedded.handle.db);
      await embedded.dropToAppRole();
    } catch (error) {
      await embedded.handle.close();
      throw error;
    }
    return embedded.handle;
  }
  if (options.migrate) {
    const owner = connectPostgres({ connectionString: options.databaseUrl, max: 1 });
    try {
      await migrateToLatest(owner.db);
      const password = options.appDatabaseUrl && new URL(options.appDatabaseUrl).password;
      if (password) await setAppRolePassword(owner.db, decodeURIComponent(password));
    } finally {
      await owner.close();
    }
  }
  return connectPostgres({
    connectionString: appConnectionString(options.databaseUrl, options.appDatabaseUrl),
    max: options.poolSize ?? 10,
  });
}
