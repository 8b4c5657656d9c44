import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { schemaSdl } from "../graphql/schema.js";
import { accessTablePath, schemaSdlPath } from "../lib/paths.js";
import { renderAccessTable } from "../privacy/access-artefact.js";

export function registerSchema(program: Command) {
  program
    .command("schema")
    .description("Write the GraphQL SDL to packages/schema/schema.graphql and the access table to packages/schema/src/generated/access.ts (commit both)")
    .action(async () => {
      writeFileSync(schemaSdlPath(), await schemaSdl());
      writeFileSync(accessTablePath(), renderAccessTable());
      process.stdout.write(`Wrote ${schemaSdlPath()} and ${accessTablePath()}\n`);
    });
}
