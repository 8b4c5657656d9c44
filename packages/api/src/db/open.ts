import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, env } from "../config/env.js";
import { CONNECT_TIMEOUT_SECONDS, openDatabase, type Database } from "./client.js";
import { lockDataDir, type DataDirLock } from "./lock.js";
import { migrate } from "./migrate.js";

export interface OpenOptions {
  migrate?: boolean;
  /** PostgreSQL statement_timeout for every connection (the server's request deadline). */
  statementTimeoutMs?: number;
}

/** Where the configured database is, for messages and file names; never the password. */
export function describeDatabase(): { driver: "pglite" | "postgres"; label: string } {
  const { DATABASE_URL, TESSERA_DATA_DIR } = env();
  if (!DATABASE_URL) return { driver: "pglite", label: TESSERA_DATA_DIR };
  const url = new URL(DATABASE_URL);
  return { driver: "postgres", label: `${url.hostname}:${url.port || 5432}${url.pathname}` };
}

function assertWritable(dataDir: string) {
  try {
    mkdirSync(dataDir, { recursive: true });
    const probe = join(dataDir, `.tessera-write-probe-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError([`TESSERA_DATA_DIR: cannot write to ${dataDir} (${code}); point it at a writable directory`]);
  }
}

/**
 * Opens the configured database (DATABASE_URL or embedded PGlite under TESSERA_DATA_DIR) and
 * migrates it. Fails fast, naming the variable, when the directory is not writable or the server
 * cannot be reached; an embedded directory is locked to this process (db/lock.ts).
 */
export async function openConfiguredDatabase(options: OpenOptions = {}): Promise<Database & { lock?: DataDirLock }> {
  const { DATABASE_URL, TESSERA_DATA_DIR } = env();
  let lock: DataDirLock | undefined;
  if (!DATABASE_URL) {
    assertWritable(TESSERA_DATA_DIR);
    lock = lockDataDir(TESSERA_DATA_DIR, process.argv[2] ?? "cli");
  }
  const database = await openDatabase({ url: DATABASE_URL, dataDir: TESSERA_DATA_DIR, statementTimeoutMs: options.statementTimeoutMs });
  if (DATABASE_URL) {
    try {
      await database.ping();
    } catch (error) {
      await database.close().catch(() => undefined);
      const reason = (error as { code?: string }).code ?? (error as Error).message.slice(0, 120);
      throw new ConfigError([
        `DATABASE_URL: cannot connect to PostgreSQL at ${describeDatabase().label} (${reason}) within ${CONNECT_TIMEOUT_SECONDS} s; check the host, port, credentials and that the server is running`,
      ]);
    }
  }
  if (options.migrate !== false) await migrate(database, DATABASE_URL);
  return Object.assign(database, { lock });
}
