import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { schemaSdl } from "../graphql/schema.js";
import { schemaSdlPath } from "../lib/paths.js";

export function registerSchema(program: Command) {
  program
    .command("schema")
    .description("Write the GraphQL SDL to packages/schema/schema.graphql (commit the result)")
    .action(async () => {
      writeFileSync(schemaSdlPath(), await schemaSdl());
      process.stdout.write(`Wrote ${schemaSdlPath()}\n`);
    });
}
