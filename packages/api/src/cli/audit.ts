import type { Command } from "commander";
import { verifyAuditChain } from "../audit/verify.js";
import { openConfiguredDatabase } from "../db/open.js";
import { CliError } from "./cli-error.js";
import { progress } from "./progress.js";

export function registerAudit(program: Command) {
  const audit = program.command("audit").description("Audit trail operations");
  audit
    .command("verify")
    .description("Re-compute the audit hash chain from the first event; exit 1 on any break")
    .option("--batch-size <n>", "events read per query", "5000")
    .addHelpText("after", "\nExamples:\n  tessera audit verify\n  DATABASE_URL=postgres://… tessera audit verify\n")
    .action(async (options: { batchSize: string }) => {
      const batchSize = Number(options.batchSize);
      if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new CliError(`--batch-size must be a positive integer, got "${options.batchSize}"`);
      const database = await openConfiguredDatabase();
      const bar = progress("events");
      const started = performance.now();
      try {
        const result = await verifyAuditChain(database.db, { batchSize, onProgress: (p) => bar.update(p.checked, p.total) }).finally(() => bar.stop());
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (!result.firstBroken) {
          process.stdout.write(`Audit chain OK: ${result.checked.toLocaleString("en-US")} events checked in ${seconds} s (head ${result.lastHash})\n`);
          return;
        }
        throw new CliError(`Audit chain BROKEN at event #${result.firstBroken.seq}: ${result.firstBroken.reason}`);
      } finally {
        await database.close();
      }
    });
}
