import "reflect-metadata";
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/env.js";
import { registerAudit } from "./audit.js";
import { registerBench } from "./bench.js";
import { registerDb } from "./db.js";
import { registerDocs } from "./docs.js";
import { registerDuplicates } from "./duplicates.js";
import { registerExport } from "./export.js";
import { registerImport } from "./import.js";
import { registerInsight } from "./insight.js";
import { registerMigrate } from "./migrate.js";
import { registerPartner } from "./partner.js";
import { registerRetention } from "./retention.js";
import { registerSchema } from "./schema.js";
import { registerSeed } from "./seed.js";
import { registerServe } from "./serve.js";
import { registerUser } from "./user.js";
import { CliError } from "./cli-error.js";

const program = new Command()
  .name("tessera")
  .description("Tessera customer-data platform: API server and operations CLI")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

registerServe(program);
registerMigrate(program);
registerDb(program);
registerSeed(program);
registerSchema(program);
registerBench(program);
registerAudit(program);
registerDocs(program);
registerUser(program);
registerPartner(program);
registerRetention(program);
registerInsight(program);
registerDuplicates(program);
registerImport(program);
registerExport(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError || error instanceof CliError) {
    process.stderr.write(`tessera: ${error.message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 2);
  }
  process.stderr.write(`tessera: unexpected failure: ${(error as Error).message}\n`);
  process.exit(1);
}
