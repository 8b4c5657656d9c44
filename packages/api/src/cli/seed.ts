import type { Command } from "commander";
import { openConfiguredDatabase } from "../db/open.js";
import { DEFAULT_INTERACTIONS_PER_CUSTOMER } from "../seed/generator.js";
import { isDatabaseEmpty, MAX_SEED_CUSTOMERS, SeedError, seedDatabase, type SeedResult } from "../seed/seed.js";
import { referenceDay } from "../seed/time.js";
import { CliError } from "./cli-error.js";
import { progress } from "./progress.js";

interface SeedCliOptions {
  customers: string;
  seed: string;
  now?: string;
  interactions: string;
  force?: boolean;
}

export function registerSeed(program: Command) {
  program
    .command("seed")
    .description("Fill the database with deterministic synthetic telecom customers (same --seed and --now, same data)")
    .requiredOption("-c, --customers <n>", `number of customers, 1 to ${MAX_SEED_CUSTOMERS.toLocaleString("en-US")}`)
    .option("-s, --seed <seed>", "any text or number; the same seed gives the same data", "1")
    .option("--now <date>", "reference day (YYYY-MM-DD) all dates are relative to (default: today, UTC)")
    .option("--interactions <n>", "mean interactions per customer", String(DEFAULT_INTERACTIONS_PER_CUSTOMER))
    .option("-f, --force", "seed even though the database already has customers (use another --seed than before)")
    .addHelpText(
      "after",
      "\nExamples:\n  tessera seed --customers 2000\n  DATABASE_URL=postgres://… tessera seed --customers 1000000 --seed 7\n",
    )
    .action(async (options: SeedCliOptions) => {
      const customers = positiveInteger("--customers", options.customers, MAX_SEED_CUSTOMERS);
      const interactionsPerCustomer = positiveInteger("--interactions", options.interactions, 1000);
      const now = options.now === undefined ? referenceDay() : parseDay(options.now);

      const database = await openConfiguredDatabase();
      try {
        if (!options.force && !(await isDatabaseEmpty(database))) {
          throw new CliError("the database already has customers; pass --force to add more (with a --seed not used before)");
        }
        process.stderr.write(
          `Seeding ${customers.toLocaleString("en-US")} customers (seed "${options.seed}", reference day ${now.toISOString().slice(0, 10)}, ${database.driver})…\n`,
        );
        const bar = progress("customers");
        let result: SeedResult;
        try {
          result = await seedDatabase(database, { customers, seed: options.seed, now, interactionsPerCustomer, onProgress: (p) => bar.update(p.customersWritten, customers, `${p.rowsWritten.toLocaleString("en-US")} rows`) });
        } catch (error) {
          if (error instanceof SeedError) throw new CliError(error.message);
          throw error;
        } finally {
          bar.stop();
        }
        process.stdout.write(summary(result));
      } finally {
        await database.close();
      }
    });
}

function positiveInteger(flag: string, raw: string, max: number): number {
  const value = /^\d+$/.test(raw.replaceAll("_", "")) ? Number(raw.replaceAll("_", "")) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new CliError(`${flag} must be a positive integer, got "${raw}"`);
  if (value > max) throw new CliError(`${flag} must be at most ${max.toLocaleString("en-US")}, got ${value.toLocaleString("en-US")}`);
  return value;
}

function parseDay(raw: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== raw) throw new CliError(`--now must be a date as YYYY-MM-DD, got "${raw}"`);
  return date;
}

function summary(result: SeedResult): string {
  const seconds = result.elapsedMs / 1000;
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  const width = Math.max(...Object.values(result.counts).map((n) => n.toLocaleString("en-US").length));
  const lines = Object.entries(result.counts).map(
    ([table, n]) => `  ${table.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).padEnd(15)} ${n.toLocaleString("en-US").padStart(width)}`,
  );
  return [
    `Seeded ${total.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s (${Math.round(total / seconds).toLocaleString("en-US")} rows/s), seed "${result.seed}", reference day ${result.now.toISOString().slice(0, 10)}:`,
    ...lines,
    "",
  ].join("\n");
}
