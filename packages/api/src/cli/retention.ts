import type { Command } from "commander";
import { openConfiguredDatabase } from "../db/open.js";
import { AppError } from "../graphql/errors.js";
import { applyRetention, DEFAULT_BATCH_SIZE, previewRetention, type RetentionStepReport } from "../modules/retention/retention.service.js";
import { CliError } from "./cli-error.js";
import { steppedProgress } from "./progress.js";

interface RunOptions {
  apply?: boolean;
  batchSize: string;
  json?: boolean;
}

export function registerRetention(program: Command) {
  const retention = program.command("retention").description("Retention policies of the data catalog (SPEC §4.8)");
  retention
    .command("run")
    .description("Show what the retention policies make due now (dry run), or apply it with --apply")
    .option("--apply", "scrub and delete what is due, in audited batches (default: dry run, changes nothing)")
    .option("--batch-size <n>", "rows per transaction when applying", String(DEFAULT_BATCH_SIZE))
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Periods live in the retention_policies table (defaults from the migration). The audit trail is never",
        "touched (append-only; its retention is dropping old partitions); expired consents already stop counting",
        "at read time. Every applied batch is one transaction, audited as the `system` principal.",
        "",
        "Examples:",
        "  tessera retention run",
        "  tessera retention run --apply --batch-size 2000",
        "",
      ].join("\n"),
    )
    .action(async (options: RunOptions) => {
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
        throw new CliError(`--batch-size must be an integer from 1 to 100000, got "${options.batchSize}"`);
      }
      const database = await openConfiguredDatabase();
      const progress = steppedProgress("rows");
      try {
        const started = performance.now();
        const reports = options.apply
          ? await applyRetention(database.db, { batchSize, onProgress: progress.update })
          : await previewRetention(database.db);
        progress.stop();
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(options.json ? `${JSON.stringify(reports, null, 2)}\n` : formatReport(reports, Boolean(options.apply), seconds));
      } catch (error) {
        progress.stop();
        if (error instanceof AppError) throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });
}

/** A table of the steps: what is due (dry run) or what was done (--apply). */
export function formatReport(reports: RetentionStepReport[], applied: boolean, seconds: number): string {
  const rows = reports.map((r) => [
    r.key,
    r.action,
    r.periodMonths === null ? "-" : `${r.periodMonths} months`,
    r.cutoff ? r.cutoff.toISOString().slice(0, 10) : "-",
    r.action === "NONE" ? "-" : r.rows.toLocaleString("en-US"),
    r.elapsedMs === undefined ? "" : `${(r.elapsedMs / 1000).toFixed(1)} s`,
    r.note,
  ]);
  const header = ["KEY", "ACTION", "PERIOD", "BEFORE", applied ? "DONE" : "DUE", applied ? "TIME" : "", "WHAT"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const last = header.length - 1;
  const line = (cells: string[]) =>
    `  ${cells
      .map((c, i) => (i === 4 || i === 5 ? c.padStart(widths[i]!) : i === last ? c : c.padEnd(widths[i]!)))
      .filter((c, i) => widths[i]! > 0 || c)
      .join("  ")}`;
  const lines = [applied ? `Retention applied in ${seconds.toFixed(1)} s:` : "Retention dry run (nothing changed; run with --apply to apply):", "", line(header)];
  reports.forEach((r, i) => {
    lines.push(line(rows[i]!));
    const counted = r.action === "DELETE_ROWS" ? "rows" : "values";
    for (const f of r.fields) if (f.values) lines.push(line(["", "", "", "", f.values.toLocaleString("en-US"), "", `${counted} of ${f.field}`]));
  });
  return `${lines.join("\n")}\n`;
}
