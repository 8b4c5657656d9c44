import type { Command } from "commander";
import { env } from "../config/env.js";
import { basename, resolve } from "node:path";
import { flushAudit } from "../audit/audit.writer.js";
import { masterKey } from "../audit/keys.js";
import { startAuditSealer } from "../audit/seal.js";
import { openDatabase } from "../db/client.js";
import { describeDatabase, openConfiguredDatabase } from "../db/open.js";
import { createApollo } from "../graphql/apollo.js";
import { logger } from "../lib/logger.js";
import { startTracing, stopTracing } from "../lib/tracing.js";
import { isDatabaseEmpty, seedDatabase } from "../seed/seed.js";
import { createHttpServer } from "../server/server.js";
import type { Database } from "../db/client.js";
import { DEMO_USERS, ensureDemoPrincipals, isDemoDatabase, markDemoDatabase } from "../modules/system/demo.js";
import { ensureDemoKeyAccounts } from "../modules/system/demo.accounts.js";
import { TokenService } from "../privacy/tokens.js";
import { CliError } from "./cli-error.js";
import { startDispatcher } from "../modules/webhook/webhook.dispatcher.js";

export const DEMO_CUSTOMERS = 2_000;
/** How long SIGTERM waits for in-flight requests (orchestrators usually allow 30 s before SIGKILL). */
const SHUTDOWN_GRACE_MS = 25_000;

/**
 * The demo partner key file names its database, so the PGlite demo and a PostgreSQL database
 * never overwrite each other's key: `.tessera/demo-partner-key.pglite-data` for the default
 * embedded directory, `.tessera/demo-partner-key.postgres-127.0.0.1-5432-tessera` for a server.
 */
export function demoKeyFile(): string {
  const { driver, label } = describeDatabase();
  const name = driver === "pglite" ? basename(resolve(label)) : label;
  return `.tessera/demo-partner-key.${driver}-${name.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "")}`;
}

/** Seeds an empty database as a demo and makes sure the demo logins exist; never touches a real one. */
async function prepareDemo(database: Database, password: string) {
  const DEMO_KEY_FILE = demoKeyFile();
  if (await isDatabaseEmpty(database)) {
    process.stdout.write(`Seeding ${DEMO_CUSTOMERS.toLocaleString("en")} demo customers…\n`);
    const started = Date.now();
    await seedDatabase(database, { customers: DEMO_CUSTOMERS, seed: 1 });
    await markDemoDatabase(database.db);
    process.stdout.write(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  }
  if (!(await isDemoDatabase(database.db))) {
    process.stdout.write("This database holds real data (not seeded by --demo): no demo logins are created.\n");
    return;
  }
  const { usersCreated, partnerKey } = await ensureDemoPrincipals(database.db, password, DEMO_KEY_FILE);
  if (usersCreated.length) process.stdout.write(`Created demo users: ${usersCreated.join(", ")}.\n`);
  const keyAccounts = await ensureDemoKeyAccounts(database.db);
  if (keyAccounts.accounts) process.stdout.write(`Made ${keyAccounts.accounts} demo key accounts (account manager: manager), ${keyAccounts.warnings} early warning(s) open.\n`);
  if (partnerKey) process.stdout.write(`Demo partner app demo-marketing, API key (shown once, also in ${DEMO_KEY_FILE}):\n  ${partnerKey}\n`);
}

export function registerServe(program: Command) {
  program
    .command("serve")
    .description("Migrate the database and serve the API (/graphql), the console (/) and health checks")
    .option("--demo", `seed ${DEMO_CUSTOMERS.toLocaleString("en")} demo customers into an empty database first`)
    .option("-p, --port <port>", "port to listen on (default: PORT or 4000)")
    .action(async (options: { demo?: boolean; port?: string }) => {
      const config = env();
      const port = options.port ? Number(options.port) : config.PORT;
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`--port must be a port number, got "${options.port}"`);
      const setup = await openConfiguredDatabase();
      if (options.demo) await prepareDemo(setup, config.TESSERA_DEMO_PASSWORD);
      // Migrations and the demo seed run without a statement timeout; requests run with one (the deadline).
      let database: Database = setup;
      if (config.DATABASE_URL) {
        await setup.close();
        database = await openDatabase({ url: config.DATABASE_URL, statementTimeoutMs: config.TESSERA_REQUEST_TIMEOUT_MS });
      }
      await startTracing();
      const apollo = await createApollo();
      const tokens = await TokenService.create(database.db, config.TESSERA_SECRET);
      masterKey(); // fail fast on a missing or unreadable master key, before taking traffic
      const server = createHttpServer(apollo, database, tokens);
      const sealer = startAuditSealer(database.db);
      await new Promise<void>((resolve, reject) => {
        server.once("error", (error: NodeJS.ErrnoException) =>
          reject(error.code === "EADDRINUSE" ? new CliError(`port ${port} is already in use; set PORT or --port`) : error),
        );
        server.listen(port, config.HOST, resolve);
      });
      const where = config.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite at ${config.TESSERA_DATA_DIR}`;
      process.stdout.write(
        [`Tessera is running on ${where}`, `  Console:  http://localhost:${port}/`, `  GraphQL:  http://localhost:${port}/graphql`, ""].join("\n"),
      );
      if (options.demo && (await isDemoDatabase(database.db))) {
        process.stdout.write(
          `  Demo logins: ${DEMO_USERS.map((u) => u.username).join(", ")} (password: ${config.TESSERA_DEMO_PASSWORD === "tessera-demo" ? "tessera-demo" : "TESSERA_DEMO_PASSWORD"})\n` +
            `  Demo partner key (demo-marketing): ${demoKeyFile()}\n`,
        );
      }
      // Outbound webhooks: the job queue (PostgreSQL) or the in-process loop (PGlite) over the outbox.
      const dispatcher = await startDispatcher(database, {
        url: config.DATABASE_URL,
        baseMs: config.TESSERA_WEBHOOK_BACKOFF_BASE_MS,
        timeoutMs: config.TESSERA_WEBHOOK_TIMEOUT_MS,
      });
      setup.lock?.setPort(port);
      logger.info({ port, database: database.driver }, "listening");
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) {
          logger.warn({ signal }, "second signal: exiting without draining");
          process.exit(1);
        }
        stopping = true;
        // /readyz turns 503 at once so the load balancer stops sending; in-flight requests finish.
        logger.info({ signal, inFlight: server.inFlight() }, "shutting down: draining requests");
        const drained = await server.drain(SHUTDOWN_GRACE_MS);
        if (!drained) logger.warn({ inFlight: server.inFlight() }, `requests still running after ${SHUTDOWN_GRACE_MS} ms; exiting anyway`);
        // Attempts in flight are aborted and stay due: the next start sends them again with the same Idempotency-Key.
        await dispatcher.stop();
        await flushAudit();
        // Pending audit events are chained before the connection closes (waiting for another replica's sealer if it holds the lock).
        await sealer.stop().catch((error: unknown) => logger.error({ err: { name: (error as Error).name } }, "sealing pending audit events at shutdown failed; the next sealer chains them"));
        await apollo.stop();
        await database.close();
        await stopTracing();
        logger.info({ signal }, "stopped");
        process.exit(drained ? 0 : 1);
      };
      process.once("SIGINT", () => void shutdown("SIGINT"));
      process.once("SIGTERM", () => void shutdown("SIGTERM"));
    });
}
