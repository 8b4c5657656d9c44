import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { openDatabase } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { migrationsDir } from "../lib/paths.js";

/**
 * Migrated snapshots that every test file starts from, made once per run (vitest globalSetup).
 * A fresh PGlite runs initdb (seconds of CPU per test file on this machine) and every file would
 * then replay all migrations; loading a dumped, migrated data directory skips both. On PostgreSQL a
 * template database does the same. Both are named by a hash of the migrations, so a changed or
 * added migration can never be served from a stale snapshot.
 */
function migrationsHash(): string {
  const dir = migrationsDir();
  const hash = createHash("sha256");
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(path, entry.name);
      hash.update(full.slice(dir.length));
      if (entry.isDirectory()) walk(full);
      else hash.update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest("hex").slice(0, 16);
}

const hash = migrationsHash();
export const PGLITE_SNAPSHOT = join(tmpdir(), `tessera-test-pglite-${hash}.tar`);
export const POSTGRES_TEMPLATE = `tessera_test_template_${hash}`;

/** The migrated PGlite data directory, or undefined when the run made none (a fresh one is migrated then). */
export function pgliteSnapshot(): Blob | undefined {
  return existsSync(PGLITE_SNAPSHOT) ? new Blob([readFileSync(PGLITE_SNAPSHOT)]) : undefined;
}

export async function makePgliteSnapshot(): Promise<void> {
  if (existsSync(PGLITE_SNAPSHOT)) return;
  const database = await openDatabase();
  await migrate(database);
  const dump = await database.raw.pglite!.dumpDataDir("none");
  await database.close();
  // Written aside and renamed: a concurrent run never reads half a file.
  const partial = `${PGLITE_SNAPSHOT}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, PGLITE_SNAPSHOT);
}

/** Creates the template database once; true when it exists (false: the server is unreachable). */
export async function makePostgresTemplate(serverUrl: string): Promise<boolean> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 from pg_database where datname = ${POSTGRES_TEMPLATE}`;
    if (row) return true;
    // Built under another name and renamed, so a run that dies half-way leaves no broken template.
    const building = `${POSTGRES_TEMPLATE}_${process.pid}`;
    await admin.unsafe(`create database ${building}`);
    const url = serverUrl.replace(/\/[^/]*$/, `/${building}`);
    const database = await openDatabase({ url, maxConnections: 1 });
    try {
      await migrate(database, url);
    } finally {
      await database.close();
    }
    try {
      await admin.unsafe(`alter database ${building} rename to ${POSTGRES_TEMPLATE}`);
    } catch {
      await admin.unsafe(`drop database if exists ${building} with (force)`); // another run won the race
    }
    return true;
  } catch {
    return false;
  } finally {
    await admin.end();
  }
}
