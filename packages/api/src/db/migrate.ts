import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { migrationsDir } from "../lib/paths.js";
import type { Database } from "./client.js";
import { firstRow } from "./rows.js";

// Any fixed number: replicas starting together serialise their migrations on it.
const MIGRATION_LOCK = 7_236_501;

/** Applies the drizzle-kit migrations; on Postgres under an advisory lock so concurrent replicas are safe. */
export async function migrate(database: Database, url?: string): Promise<void> {
  const migrationsFolder = migrationsDir();
  if (database.driver === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  // A dedicated single connection: the advisory lock belongs to one session.
  const client = postgres(url!, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    // Up to date: nothing to create. The API may run as a role that cannot create anything
    // (`tessera db roles`); migrations then run as the owner (`tessera migrate`).
    if ((await appliedCount(client)) < journalEntries()) await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

function journalEntries(): number {
  return (JSON.parse(readFileSync(join(migrationsDir(), "meta/_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;
}

async function appliedCount(client: postgres.Sql): Promise<number> {
  try {
    const [row] = await client`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return (row?.n as number) ?? 0;
  } catch {
    return 0;
  }
}

/** Number of migrations in the journal vs applied; /readyz is ready only when they match. */
export async function migrationStatus(database: Database): Promise<{ expected: number; applied: number }> {
  const journal = JSON.parse(readFileSync(join(migrationsDir(), "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  let applied = 0;
  try {
    const rows = (await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown;
    applied = firstRow<{ n: number }>(rows)?.n ?? 0;
  } catch {
    applied = 0;
  }
  return { expected: journal.entries.length, applied };
}
