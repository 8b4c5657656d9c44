import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { BenchError, runBench } from "../bench/bench.js";
import { renderReport } from "../bench/report.js";
import { DEFAULT_DEPTHS, WORKLOAD_IDS, type WorkloadId } from "../bench/workloads.js";
import { env } from "../config/env.js";
import { logToStderr } from "../lib/logger.js";
import { CliError } from "./cli-error.js";

interface BenchCliOptions {
  workloads: string;
  requests: string;
  warmup: string;
  concurrency: string;
  duration: string;
  depths: string;
  json?: string;
  importRows: string;
}

export function registerBench(program: Command) {
  program
    .command("bench")
    .description("Benchmark the API against a raw-SQL lower bound on a seeded PostgreSQL database (DATABASE_URL)")
    .option("-w, --workloads <list>", `comma-separated, of ${WORKLOAD_IDS.join(",")}`, WORKLOAD_IDS.join(","))
    .option("-n, --requests <n>", "measured requests per workload and target (W4 at most 100)", "500")
    .option("--warmup <n>", "unmeasured requests first (W4 at most 10)", "50")
    .option("-c, --concurrency <n>", "requests in flight at once", "8")
    .option("-d, --duration <seconds>", "time cap of each measured run", "20")
    .option("--depths <list>", "W3 page depths (rows skipped)", DEFAULT_DEPTHS.join(","))
    .option("--import-rows <n>", "rows of W4's import file (0 skips the import)", "100000")
    .option("--json <file>", "also write the results as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Workloads: W1 customer 360 (steward); W1P the same as a partner under MARKETING; W2 100 customers with consents and last 5 interactions;",
        "W3 console list (filter + sort) at page depths; W4 ingestInteractions of 1,000 events;",
        "W5 DSR export and erasure. Each runs through the real server (in this process, over",
        "loopback HTTP) and through hand-written SQL behind node:http, and reports the ratio.",
        "The bench writes audit rows (append-only) and deletes the events W4 ingested.",
        "",
        "Examples:",
        "  DATABASE_URL=postgres://… tessera seed --customers 100000",
        "  DATABASE_URL=postgres://… tessera bench --json bench.json",
        "  DATABASE_URL=postgres://… tessera bench --workloads W1,W3 --concurrency 16 --duration 10",
        "",
      ].join("\n"),
    )
    .action(async (options: BenchCliOptions) => {
      // The table is the result on stdout; the in-process server's request log goes beside the progress lines.
      logToStderr();
      const workloads = options.workloads.split(",").map((w) => w.trim().toUpperCase()).filter(Boolean);
      const unknown = workloads.filter((w) => !(WORKLOAD_IDS as readonly string[]).includes(w));
      if (unknown.length || !workloads.length) throw new CliError(`--workloads must list some of ${WORKLOAD_IDS.join(", ")}; got "${options.workloads}"`);
      const requests = positiveInteger("--requests", options.requests);
      const warmup = positiveInteger("--warmup", options.warmup, 0);
      const concurrency = positiveInteger("--concurrency", options.concurrency);
      const durationS = positiveInteger("--duration", options.duration);
      const depths = options.depths.split(",").map((d) => positiveInteger("--depths", d.trim(), 0));

      const url = env().DATABASE_URL;
      if (!url) {
        throw new CliError(
          "tessera bench needs PostgreSQL: set DATABASE_URL=postgres://… to a database seeded with `tessera seed --customers 100000`",
        );
      }
      const log = (line: string) => process.stderr.write(`${line}\n`);
      let report;
      try {
        report = await runBench({
          url,
          workloads: workloads as WorkloadId[],
          requests,
          warmup,
          concurrency,
          durationS,
          depths,
          importCommand: program.commands.some((c) => c.name() === "import"),
          importRows: positiveInteger("--import-rows", options.importRows, 0),
          onProgress: log,
        });
      } catch (error) {
        if (error instanceof BenchError) throw new CliError(error.message);
        throw error;
      }
      process.stdout.write(`\n${renderReport(report)}`);
      if (options.json) {
        writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
        log(`Wrote ${options.json}`);
      }
    });
}

function positiveInteger(flag: string, raw: string, min = 1): number {
  const value = /^\d+$/.test(raw.replaceAll("_", "")) ? Number(raw.replaceAll("_", "")) : NaN;
  if (!Number.isSafeInteger(value) || value < min) throw new CliError(`${flag} must be an integer of at least ${min}, got "${raw}"`);
  return value;
}
