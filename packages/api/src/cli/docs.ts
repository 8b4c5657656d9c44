import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import type { Command } from "commander";
import { repoRoot } from "../lib/paths.js";
import { privacyDocsPath, renderPrivacyDocs } from "../privacy/privacy-docs.js";
import { CliError } from "./cli-error.js";

export function registerDocs(program: Command) {
  program
    .command("docs")
    .description("Regenerate the tables of docs/privacy.md from the data catalog and the permission table (commit the result)")
    .option("--check", "write nothing; exit 1 when docs/privacy.md is out of date")
    .action((options: { check?: boolean }) => {
      const path = privacyDocsPath();
      const shown = relative(repoRoot(), path);
      const current = readFileSync(path, "utf8");
      const rendered = renderPrivacyDocs(current);
      if (options.check) {
        if (rendered !== current) throw new CliError(`${shown} is out of date; run \`pnpm tessera docs\` and commit it`);
        process.stdout.write(`${shown} is up to date\n`);
        return;
      }
      writeFileSync(path, rendered);
      process.stdout.write(rendered === current ? `${shown} was already up to date\n` : `Wrote ${shown}\n`);
    });
}
