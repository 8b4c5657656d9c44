import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema.js";

export type Schema = typeof schema;
/** One type for both drivers: every query function takes this, so it runs on PGlite and Postgres alike. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Query functions take `DbOrTx` so the same function runs inside or outside a transaction. */
export type DbOrTx = Db | Tx;

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string;
  /** Directory for PGlite; `memory://` (or undefined with no url) keeps it in memory. */
  dataDir?: string;
  /** PGlite only: start from this dumped data directory instead of an empty one (tests' migrated snapshot). */
  loadDataDir?: Blob;
  /** Called with every SQL statement drizzle sends (statement counting, debug logging). */
  onQuery?: (sql: string) => void;
  /** Pool size for postgres.js. */
  maxConnections?: number;
  /** PostgreSQL statement_timeout of every connection (the API server's request deadline); none by default. */
  statementTimeoutMs?: number;
}

/** Seconds postgres.js waits for a new connection: an unreachable server fails fast, not after 30 s. */
export const CONNECT_TIMEOUT_SECONDS = 5;

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /** Connections that can run statements at once (PGlite: 1). */
  poolSize: number;
  /** Raw SQL escape hatch for bulk paths (COPY) and health checks. */
  raw: { pglite?: PGlite; postgres?: postgres.Sql };
  ping(): Promise<void>;
  /**
   * Calls `onMessage` for every NOTIFY on `channel`, and also whenever listening (re)starts: what
   * was announced while the listening connection was down is lost, so a (re)start must count as a
   * change. Resolves once listening; the function it gives stops it.
   */
  listen(channel: string, onMessage: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const logger = options.onQuery ? { logQuery: (q: string) => options.onQuery!(q) } : false;
  if (options.url) {
    const max = options.maxConnections ?? 10;
    const client = postgres(options.url, {
      max,
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      // postgres.js waits up to 20 s before reconnecting a connection that failed (3^retries / 100 s):
      // during an outage every request then waits for its deadline, and after one the pool comes back
      // slowly. Capped at half a second, requests fail fast with UNAVAILABLE and recover at once.
      backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 0.5),
      onnotice: () => {},
      ...(options.statementTimeoutMs ? { connection: { statement_timeout: options.statementTimeoutMs } } : {}),
    });
    const db = drizzlePostgres(client, { schema, logger }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      poolSize: max,
      raw: { postgres: client },
      ping: async () => {
        await client`select 1`;
      },
      listen: async (channel, onMessage) => {
        // postgres.js listens on a connection of its own and listens again after reconnecting (onlisten).
        const { unlisten } = await client.listen(channel, onMessage, onMessage);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir, extensions: { pg_trgm, btree_gist } });
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    poolSize: 1,
    raw: { pglite: client },
    ping: async () => {
      await client.query("select 1");
    },
    listen: async (channel, onMessage) => {
      const stop = await client.listen(channel, onMessage);
      onMessage();
      return () => stop();
    },
    close: () => client.close(),
  };
}
