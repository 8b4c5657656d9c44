import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type Database } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { pgliteSnapshot, POSTGRES_TEMPLATE } from "./snapshot.js";

export const TEST_POSTGRES_URL = process.env.TESSERA_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends Database {
  /** SQL statements sent through drizzle since the last reset. */
  statements: string[];
  /** postgres:// URL of the database (postgres project only), for tests that spawn the CLI. */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the
 * PostgreSQL server (dropped on close), copied from the run's migrated snapshot (test/snapshot.ts). A server that cannot be reached fails the run.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const statements: string[] = [];
  const onQuery = (q: string) => statements.push(q);
  if (process.env.TESSERA_TEST_DB !== "postgres") {
    const snapshot = pgliteSnapshot();
    const database = await openDatabase({ onQuery, loadDataDir: snapshot });
    if (!snapshot) await migrate(database);
    statements.length = 0;
    return Object.assign(database, { statements });
  }
  const name = `tessera_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  let fromTemplate = false;
  try {
    const [template] = await admin`select 1 from pg_database where datname = ${POSTGRES_TEMPLATE}`;
    fromTemplate = Boolean(template);
    await admin.unsafe(`create database ${name}${fromTemplate ? ` template ${POSTGRES_TEMPLATE}` : ""}`);
  } catch (error) {
    throw new Error(`PostgreSQL is required for the postgres test project (${TEST_POSTGRES_URL}): ${(error as Error).message}`);
  } finally {
    await admin.end();
  }
  const url = TEST_POSTGRES_URL.replace(/\/[^/]*$/, `/${name}`);
  const database = await openDatabase({ url, onQuery, maxConnections: 5 });
  if (!fromTemplate) await migrate(database, url);
  statements.length = 0;
  const close = database.close;
  return Object.assign(database, {
    statements,
    url,
    close: async () => {
      await close();
      const cleanup = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  });
}
