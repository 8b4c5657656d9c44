import type { Command } from "commander";
import { openConfiguredDatabase } from "../db/open.js";
import { selectInsightDistribution, type InsightDistribution } from "../modules/insight/insight.queries.js";
import { refreshAllInsight } from "../modules/insight/insight.refresh.js";
import { CliError } from "./cli-error.js";
import { progress } from "./progress.js";

interface RefreshOptions {
  batchSize: string;
  concurrency: string;
  json?: boolean;
}

export function registerInsight(program: Command) {
  const insight = program.command("insight").description("Customer insight: value, lifecycle, churn risk (SPEC §5)");
  insight
    .command("refresh")
    .description("Recompute every customer's stored insight (customer_insight) from usage, subscriptions, complaints and feedback")
    .option("--batch-size <n>", "customers per batch (one id range, a few statements)", "5000")
    .option("--concurrency <n>", "batches in flight at once on PostgreSQL (PGlite runs one)", "4")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Writes are per batch: an interrupted refresh leaves every customer with either the old or the new insight,",
        "and running it again completes it. Single customers are refreshed automatically when their usage, feedback,",
        "complaints or cases change; run this after bulk imports or a change to insight.config.ts.",
        "",
        "Examples:",
        "  tessera insight refresh",
        "  DATABASE_URL=postgres://… tessera insight refresh --batch-size 10000 --concurrency 4",
        "",
      ].join("\n"),
    )
    .action(async (options: RefreshOptions) => {
      const batchSize = integer("--batch-size", options.batchSize, 100, 100_000);
      const concurrency = integer("--concurrency", options.concurrency, 1, 16);
      const database = await openConfiguredDatabase();
      const bar = progress("customers");
      try {
        const result = await refreshAllInsight(database, { batchSize, concurrency, onProgress: (p) => bar.update(p.customersDone, p.customersTotal) });
        bar.stop();
        const distribution = await selectInsightDistribution(database.db);
        process.stdout.write(options.json ? `${JSON.stringify({ ...result, distribution }, null, 2)}\n` : summary(result, distribution));
      } finally {
        bar.stop();
        await database.close();
      }
    });
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < min || value > max) throw new CliError(`${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

function summary(result: { customers: number; elapsedMs: number }, d: InsightDistribution): string {
  const seconds = result.elapsedMs / 1000;
  const total = result.customers || 1;
  const share = (counts: Record<string, number>, order: string[]) =>
    order
      .filter((k) => counts[k])
      .map((k) => `${k} ${counts[k]!.toLocaleString("en-US")} (${((100 * counts[k]!) / total).toFixed(1)} %)`)
      .join(", ");
  return [
    `Refreshed the insight of ${result.customers.toLocaleString("en-US")} customers in ${seconds.toFixed(1)} s (${Math.round(result.customers / Math.max(seconds, 0.001)).toLocaleString("en-US")} customers/s).`,
    `  value tier:      ${share(d.valueTier, ["HIGH", "MEDIUM", "LOW"])}`,
    `  lifecycle stage: ${share(d.lifecycleStage, ["PROSPECT", "NEW", "GROWING", "STABLE", "AT_RISK", "CHURNED", "REACTIVATED"])}`,
    `  churn risk:      ${share(d.churnLevel, ["LOW", "MEDIUM", "HIGH"])}`,
    "",
  ].join("\n");
}
