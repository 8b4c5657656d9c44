import cliProgress from "cli-progress";
import type { Command } from "commander";
import { verifyAuditChain, type VerifyProgress } from "../audit/verify.js";
import { openConfiguredDatabase } from "../db/open.js";
import { CliError } from "./cli-error.js";

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
      const progress = progressReporter();
      const started = performance.now();
      try {
        const result = await verifyAuditChain(database.db, { batchSize, onProgress: progress.update }).finally(progress.stop);
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

/** A progress bar on an interactive stderr; otherwise a line every ~10 % (CI logs, pipes). */
function progressReporter() {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: "  {bar} {percentage}% | {value}/{total} events | {duration_formatted} (eta {eta_formatted})",
        hideCursor: true,
        formatValue: (value, _options, type) => (type === "value" || type === "total" ? value.toLocaleString("en-US") : String(value)),
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p: VerifyProgress) => {
        if (!started) bar.start(p.total, 0);
        started = true;
        bar.setTotal(p.total);
        bar.update(p.checked);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let nextTenth = 1;
  return {
    update: (p: VerifyProgress) => {
      if (p.checked * 10 < nextTenth * p.total || p.checked >= p.total) return;
      nextTenth = Math.floor((p.checked * 10) / p.total) + 1;
      process.stderr.write(`  ${Math.floor((100 * p.checked) / p.total)}% ${p.checked.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")} events\n`);
    },
    stop: () => {},
  };
}
