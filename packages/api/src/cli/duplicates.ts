import type { Command } from "commander";
import { openConfiguredDatabase } from "../db/open.js";
import { refreshDuplicates } from "../modules/identity/duplicates.service.js";
import { DEFAULT_MIN_SCORE, MATCH_RULES } from "../modules/identity/identity.rules.js";
import { CliError } from "./cli-error.js";

export function registerDuplicates(program: Command) {
  const duplicates = program.command("duplicates").description("Identity resolution: records that may be one customer (SPEC §8 Identity)");
  duplicates
    .command("refresh")
    .description("Re-run the match rules over every live record in one set-based SQL pass and store the candidate pairs")
    .option("--min-score <n>", "lowest score (0–100) kept as a candidate", String(DEFAULT_MIN_SCORE))
    .addHelpText(
      "after",
      [
        "",
        "Match rules (weight, fields compared):",
        ...Object.entries(MATCH_RULES).map(([reason, rule]) => `  ${reason.padEnd(20)} ${String(rule.weight).padStart(3)}  ${rule.description}`),
        "",
        "Stewards work the pairs in the console (Duplicates) or through duplicateCandidates / mergePreview / mergeCustomers.",
        "",
      ].join("\n"),
    )
    .action(async (options: { minScore: string }) => {
      const minScore = Number(options.minScore);
      if (!Number.isInteger(minScore) || minScore < 0 || minScore > 100) throw new CliError(`--min-score must be an integer from 0 to 100, got "${options.minScore}"`);
      const database = await openConfiguredDatabase();
      try {
        process.stderr.write("Matching every live record…\n");
        const started = performance.now();
        const { pairs } = await refreshDuplicates(database, minScore);
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(`${pairs.toLocaleString("en-US")} candidate pairs (score ≥ ${minScore}) in ${seconds.toFixed(1)} s.\n`);
      } finally {
        await database.close();
      }
    });
}
