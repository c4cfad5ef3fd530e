import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { APP_ROLE } from './roles.js';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'embedded';
  close(): Promise<void>;
}

const INT8_OID = 20;

/** Postgres bigint as a JS number: every amount here is fen and fits; anything larger is a bug. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`bigint ${value} exceeds the safe integer range`);
  return n;
}

pg.types.setTypeParser(INT8_OID, parseInt8);

export interface PostgresOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

/** A pool to a PostgreSQL server. Connect as the application role for app traffic. */
export function connectPostgres(options: PostgresOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'cardshop',
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export interface EmbeddedOptions {
  /** Directory for the data files; omit for an in-memory database. */
  dataDir?: string;
}

/** Opens (creating if needed) the embedded PGlite database. One process owns it at a time. */
export async function openEmbedded(options: EmbeddedOptions): Promise<{
  handle: DatabaseHandle;
  /** Switches the session to the application role: call after migrating. */
  dropToAppRole(): Promise<void>;
}> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir, {
    parsers: { [INT8_OID]: parseInt8 },
    // The storefront's partial-word search uses trigram indexes (see the storefront migration).
    extensions: { pg_trgm },
  });
  const { PGliteDialect } = await import('./pglite-dialect.js');
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    handle: {
      db,
      kind: 'embedded',
      close: async () => {
        await db.destroy();
        await pglite.close();
      },
    },
    async dropToAppRole() {
      await sql`set role ${sql.id(APP_ROLE)}`.execute(db);
    },
  };
}

/**
 * The connection string the application role uses: APP_DATABASE_URL when given, otherwise the
 * migration URL with the user swapped for the application role (enough with trust or peer auth).
 */
export function appConnectionString(databaseUrl: string, appDatabaseUrl?: string): string {
  if (appDatabaseUrl) return appDatabaseUrl;
  const url = new URL(databaseUrl);
  url.username = APP_ROLE;
  url.password = '';
  return url.toString();
}
