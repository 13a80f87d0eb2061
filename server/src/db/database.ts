import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Runs the migrations that have not run yet. */
  migrate(): Promise<void>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /**
   * Messages between the server processes sharing this database (PostgreSQL LISTEN/NOTIFY); undefined
   * for the embedded database, which one process holds.
   */
  channel?: MessageChannel;
  close(): Promise<void>;
}

export interface MessageChannel {
  /** Sends one message (at most 7,900 bytes) to every process listening, this one included. */
  notify(payload: string): Promise<void>;
  /** Listens until the returned function is called; reconnects by itself after a lost connection. */
  listen(onMessage: (payload: string) => void): () => void;
}

const CHANNEL = 'gongzhi_events';

function postgresChannel(pool: pg.Pool, url: string): MessageChannel {
  return {
    notify: async (payload) => {
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    },
    listen(onMessage) {
      let stopped = false;
      let client: pg.Client | undefined;
      const connect = async (): Promise<void> => {
        if (stopped) return;
        client = new pg.Client({ connectionString: url });
        client.on('notification', (message) => message.payload !== undefined && onMessage(message.payload));
        client.on('error', () => undefined);
        client.on('end', () => {
          if (!stopped) setTimeout(() => void connect().catch(() => undefined), 1_000);
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${CHANNEL}`);
        } catch {
          await client.end().catch(() => undefined);
        }
      };
      void connect();
      return () => {
        stopped = true;
        void client?.end().catch(() => undefined);
      };
    },
  };
}

/** The migrations of this code: SQL files and drizzle's journal (meta/_journal.json). */
export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

/** Opens PostgreSQL when given a URL, else the embedded PGlite in a directory (or in memory, for tests). */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) return openPostgres(target.url);
  return openPglite('dataDir' in target ? target.dataDir : undefined);
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // A client losing its connection (server restart, network cut) must not crash the process: an idle
  // one is reported by the pool, one checked out (between a transaction's statements) by itself;
  // its statement fails, the request answers 503, and the pool drops the client when it is released.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    migrate: async () => {
      const client = await pool.connect();
      try {
        // Several processes may start at once: one migrates, the others wait for it.
        await client.query('SELECT pg_advisory_lock(7411600)');
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock(7411600)').catch(() => undefined);
        client.release();
      }
    },
    ping: async () => {
      await db.execute(sql`SELECT 1`);
    },
    channel: postgresChannel(pool, url),
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let release = (): void => undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    release = acquireDataDirLock(dataDir);
  }
  const client = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : undefined);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    },
    ping: async () => {
      await client.query('SELECT 1');
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

/** Runs raw SQL on either engine and returns its rows (both drivers answer with `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Inserts many rows as one JSON parameter per batch (json_populate_recordset): several times faster
 * than a parameter per value, above all on PGlite, and free of the 65,535-parameter limit.
 * Rows are keyed by column name; columns left out take their defaults.
 */
export async function insertJsonRows(db: Db, table: string, columns: string[], rows: readonly object[]): Promise<void> {
  const list = sql.raw(columns.join(', '));
  for (let i = 0; i < rows.length; i += 2_000) {
    const batch = JSON.stringify(rows.slice(i, i + 2_000));
    await db.execute(
      sql`INSERT INTO ${sql.raw(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${sql.raw(table)}, ${batch}::json)`,
    );
  }
}
