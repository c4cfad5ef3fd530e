import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { appConnectionString, connectPostgres, type DatabaseHandle } from '../client.js';
import { migrateToLatest, migrationsFolder } from '../migrate.js';

export const TEST_DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(database: string, base = TEST_DATABASE_URL) {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The template's name changes whenever a migration does, so a stale template is never used. */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return `cardshop_tpl_${hash.digest('hex').slice(0, 12)}`;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates and migrates the template database once (vitest globalSetup). */
export async function prepareTemplate(): Promise<string> {
  const name = templateName();
  await withAdmin(async (client) => {
    await client.query(`select pg_advisory_lock(hashtext('cardshop_template'))`);
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [
        name,
      ]);
      if (rowCount) {
        await client.query(`comment on database "${name}" is '${Date.now()}'`);
        return;
      }
      // Other checkouts (CI, a second work tree) may be cloning their own template right now, so a
      // stale template is dropped only when it has not been used for a day.
      const stale = await client.query(
        `select datname, shobj_description(oid, 'pg_database') as used from pg_database
          where datname like 'cardshop_tpl_%'`,
      );
      for (const row of stale.rows as { datname: string; used: string | null }[]) {
        if (Date.now() - Number(row.used ?? 0) < 24 * 60 * 60 * 1000) continue;
        await client.query(`alter database "${row.datname}" is_template false`);
        await client.query(`drop database if exists "${row.datname}" with (force)`);
      }
      await client.query(`create database "${name}"`);
      const owner = connectPostgres({ connectionString: urlFor(name), max: 1 });
      try {
        await migrateToLatest(owner.db);
      } catch (error) {
        await owner.close();
        await client.query(`drop database "${name}"`);
        throw error;
      }
      await owner.close();
      await client.query(`alter database "${name}" is_template true`);
      await client.query(`comment on database "${name}" is '${Date.now()}'`);
    } finally {
      await client.query(`select pg_advisory_unlock(hashtext('cardshop_template'))`);
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Connected as the application role, exactly as the running platform is. */
  app: DatabaseHandle;
  /** Connected as the migration owner, for inspecting the catalog and seeding around RLS. */
  owner: DatabaseHandle;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = templateName();
  const name = `cardshop_test_${testRunId()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database "${name}" template "${template}"`);
        return;
      } catch (error) {
        // Two clones of one template at the same instant can collide; retry briefly.
        if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  const url = urlFor(name);
  const app = connectPostgres({ connectionString: appConnectionString(url), max: 5 });
  const owner = connectPostgres({ connectionString: url, max: 2 });
  return {
    name,
    url,
    app,
    owner,
    async drop() {
      await app.close();
      await owner.close();
      await withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** One id per test run, set by globalSetup and inherited by the workers. */
export function testRunId(): string {
  return (process.env.CARDSHOP_TEST_RUN ??= randomBytes(3).toString('hex'));
}

/** Drops what this run's test files left behind (globalSetup teardown). */
export async function dropRunDatabases(): Promise<void> {
  await withAdmin(async (client) => {
    const { rows } = await client.query(`select datname from pg_database where datname like $1`, [
      `cardshop_test_${testRunId()}_%`,
    ]);
    for (const row of rows as { datname: string }[]) {
      await client.query(`drop database if exists "${row.datname}" with (force)`);
    }
  });
}
