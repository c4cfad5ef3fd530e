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
  /**
   * Calls `onMessage` with each NOTIFY payload on `channel` after the notifying transaction
   * commits. On PostgreSQL it holds a connection of its own and reconnects by itself; messages sent
   * while it was away are lost, so `onStatus(false)` / `onStatus(true)` say when it drops and comes
   * back (drop what the messages were keeping fresh). Resolves once it listens.
   */
  listen(channel: string, listener: ChannelListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ChannelListener {
  onMessage(payload: string): void;
  onStatus?(live: boolean): void;
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
  // An idle connection the server closes (restart, failover, an administrator) errors on the pool;
  // pg-pool has already discarded it and the next query opens a new one. Unhandled, that error
  // would end the process.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    listen: (channel, listener) => listenPostgres(options.connectionString, channel, listener),
    close: () => db.destroy(),
  };
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function listenPostgres(
  connectionString: string,
  channel: string,
  listener: ChannelListener,
): Promise<() => Promise<void>> {
  if (!CHANNEL_NAME.test(channel)) throw new TypeError(`bad channel name "${channel}"`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const c = new pg.Client({ connectionString, application_name: 'cardshop-listen' });
    c.on('notification', (message) => {
      if (message.channel === channel) listener.onMessage(message.payload ?? '');
    });
    // A broken connection ends; 'end' schedules the reconnect.
    c.on('error', () => undefined);
    c.on('end', () => {
      if (client === c) client = null;
      if (!stopped) {
        listener.onStatus?.(false);
        schedule();
      }
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch (error) {
      await c.end().catch(() => undefined);
      throw error;
    }
    client = c;
    listener.onStatus?.(true);
  };
  const schedule = () => {
    clearTimeout(retry);
    retry = setTimeout(() => {
      if (stopped || client) return;
      connect().catch(schedule);
    }, 1_000);
    retry.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
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
      // One process owns the embedded database, so its notifications never go missing.
      async listen(channel, listener) {
        const stop = await pglite.listen(channel, (payload) => listener.onMessage(payload));
        listener.onStatus?.(true);
        return () => stop();
      },
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
