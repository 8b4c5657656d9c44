import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { CliError } from "../cli/cli-error.js";

/**
 * One process owns an embedded PGlite data directory: PGlite is a database inside the process, so
 * a second process (`tessera user create` beside `tessera serve`) would read and write its own
 * diverging copy. The owner holds `<data dir>.lock` (pid, command, port); a live owner makes
 * others refuse, a stale lock (its pid is gone) is taken over.
 */
export interface LockOwner {
  pid: number;
  command: string;
  port?: number;
  startedAt: string;
}

export class DataDirLockedError extends CliError {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    const where = owner.port ? `, port ${owner.port}` : "";
    super(
      `The embedded database at ${dataDir} is in use by \`tessera ${owner.command}\` (pid ${owner.pid}${where}). ` +
        "PGlite allows one process per data directory: stop that process first, use the API it serves, or run Tessera on PostgreSQL (DATABASE_URL).",
    );
  }
}

export const lockPath = (dataDir: string) => `${resolve(dataDir).replace(/[\\/]+$/, "")}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

export interface DataDirLock {
  /** Records the port the owner serves on, so a refused process can name it. */
  setPort(port: number): void;
  release(): void;
}

let held: { path: string; owner: LockOwner } | undefined;

/** Takes the lock of `dataDir` for this process (idempotent within the process). */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const path = lockPath(dataDir);
  if (!held || held.path !== path) {
    const owner: LockOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, "wx");
        writeSync(fd, JSON.stringify(owner));
        closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
        const current = readOwner(path);
        if (current && current.pid !== process.pid && alive(current.pid)) throw new DataDirLockedError(dataDir, current);
        rmSync(path, { force: true }); // stale: its process is gone
      }
    }
    held = { path, owner };
    process.once("exit", () => rmSync(path, { force: true }));
  }
  const lock = held;
  return {
    setPort(port) {
      lock.owner.port = port;
      writeFileSync(lock.path, JSON.stringify(lock.owner));
    },
    release() {
      if (held === lock) held = undefined;
      rmSync(lock.path, { force: true });
    },
  };
}
