import type { Command } from "commander";
import { env } from "../config/env.js";
import { openConfiguredDatabase } from "../db/open.js";
import { apiRoleStatements, applyApiRole, DEFAULT_API_ROLE } from "../db/roles.js";
import { CliError } from "./cli-error.js";

export function registerDb(program: Command) {
  const db = program.command("db").description("Database administration");
  db.command("roles")
    .description("Create (if missing) and grant the API's PostgreSQL role: SELECT/INSERT only on the audit tables; run as the tables' owner after `tessera migrate`")
    .option("--role <name>", "role the API connects as", DEFAULT_API_ROLE)
    .option("--print", "print the SQL instead of running it")
    .addHelpText("after", "\nThen run the API with DATABASE_URL=postgres://tessera_api:…@host/db (set its password with ALTER ROLE).\n")
    .action(async (options: { role: string; print?: boolean }) => {
      if (options.print) {
        process.stdout.write(`${apiRoleStatements(options.role).join(";\n")};\n`);
        return;
      }
      if (!env().DATABASE_URL) throw new CliError("database roles apply to PostgreSQL (DATABASE_URL); the embedded database has one user");
      const database = await openConfiguredDatabase();
      try {
        await applyApiRole(database.db, options.role);
        process.stdout.write(`Role ${options.role}: SELECT/INSERT on the audit tables (DELETE only on audit_pending and customer_keys), read/write elsewhere\n`);
      } finally {
        await database.close();
      }
    });
}
