import type { Command } from "commander";
import { env } from "../config/env.js";
import { openConfiguredDatabase } from "../db/open.js";
import { createApollo } from "../graphql/apollo.js";
import { logger } from "../lib/logger.js";
import { isDatabaseEmpty, seedDatabase } from "../seed/seed.js";
import { createHttpServer } from "../server/server.js";
import type { Database } from "../db/client.js";
import { DEMO_USERS, ensureDemoPrincipals, isDemoDatabase, markDemoDatabase } from "../modules/system/demo.js";
import { TokenService } from "../privacy/tokens.js";
import { CliError } from "./cli-error.js";

export const DEMO_CUSTOMERS = 2_000;

const DEMO_KEY_FILE = ".tessera/demo-partner-key";

/** Seeds an empty database as a demo and makes sure the demo logins exist; never touches a real one. */
async function prepareDemo(database: Database, password: string) {
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
      const database = await openConfiguredDatabase();
      if (options.demo) await prepareDemo(database, config.TESSERA_DEMO_PASSWORD);
      const apollo = await createApollo();
      const tokens = await TokenService.create(database.db, config.TESSERA_SECRET);
      const server = createHttpServer(apollo, database, tokens);
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
            `  Demo partner key (demo-marketing): ${DEMO_KEY_FILE}\n`,
        );
      }
      logger.info({ port, database: database.driver }, "listening");
      const shutdown = async (signal: string) => {
        logger.info({ signal }, "shutting down");
        server.close();
        await apollo.stop();
        await database.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void shutdown("SIGINT"));
      process.once("SIGTERM", () => void shutdown("SIGTERM"));
    });
}
