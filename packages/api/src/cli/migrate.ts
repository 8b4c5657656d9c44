import type { Command } from "commander";
import { openConfiguredDatabase } from "../db/open.js";
import { migrationStatus } from "../db/migrate.js";

export function registerMigrate(program: Command) {
  program
    .command("migrate")
    .description("Apply pending database migrations (embedded PGlite, or DATABASE_URL)")
    .action(async () => {
      const database = await openConfiguredDatabase();
      const status = await migrationStatus(database);
      process.stdout.write(`Database is at migration ${status.applied}/${status.expected} (${database.driver}).\n`);
      await database.close();
    });
}
