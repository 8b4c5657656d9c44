import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Every test runs twice: on embedded PGlite and on the PostgreSQL server (TESSERA_TEST_DB).
 * Each test file gets its own fresh database, so files run in parallel safely.
 */
const DATABASES = ["pglite", "postgres"] as const;
/** Test files that use vi.mock (they run isolated; `--project 'pglite*'` runs both kinds). */
const MOCKING = ["src/modules/user/user.test.ts"];

export default defineConfig({
  // graphql ships CJS (main) and ESM (module); Node resolves dependencies to the CJS build, Vite
  // would pick the ESM one for our sources, and graphql refuses objects from "another realm".
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    testTimeout: 30_000,
    // vitest runs cores - 1 files at once: one at a time on a 2-core machine, while a file on the
    // PostgreSQL project spends much of its time waiting for the server or a spawned process
    // (a run at 2 used 1.25 cores of vitest's own).
    maxWorkers: Math.max(3, availableParallelism() - 1),
    hookTimeout: 60_000,
    setupFiles: ["./src/test/setup.ts"],
    globalSetup: ["./src/test/global-setup.ts"],
    projects: DATABASES.flatMap((db) => [
      // Files share one module graph per worker (isolate: false): every file imports the whole app,
      // and importing it again per file cost ~2.3 s of CPU each (400+ s summed per run). Files
      // still get their own database; module-level state is per process and keyed where it matters.
      { extends: true, test: { name: db, include: ["src/**/*.test.ts"], exclude: MOCKING, isolate: false, env: { TESSERA_TEST_DB: db } } },
      // Files that replace modules with vi.mock need a module graph of their own.
      { extends: true, test: { name: `${db}-mocking`, include: MOCKING, env: { TESSERA_TEST_DB: db } } },
    ]),
  },
});
