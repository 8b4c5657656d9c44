/**
 * Seeds a database with deterministic synthetic telecom data (SPEC §3.2).
 *
 * Batches of `BLOCK_SIZE` customers are written in their own transactions. If anything
 * fails, the customers already written are deleted again (their child rows go with them by
 * ON DELETE CASCADE) and a `SeedError` says what happened — a failed seed never leaves half a
 * data set behind without saying so. The ids to delete are recomputed from the seed rather
 * than remembered, so the undo costs no memory even at millions of customers.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { firstRow } from "../db/rows.js";
import { refreshAllInsight } from "../modules/insight/insight.refresh.js";
import { customers, plans } from "../db/schema.js";
import { BLOCK_SIZE, customerIdAt, DEFAULT_INTERACTIONS_PER_CUSTOMER, generateCustomers, type GenerateOptions } from "./generator.js";
import { seedHouseholds } from "./households.js";
import { PLAN_CATALOGUE, type PlanCode } from "./plans.js";
import { hashString, Random } from "./random.js";
import { SEED_TABLES, type SeedCounts, type SeedTable } from "./rows.js";
import { referenceDay } from "./time.js";
import { CopyBatch, CopyLayouts } from "./writer.js";

export const MAX_SEED_CUSTOMERS = 5_000_000;

export interface SeedOptions {
  customers: number;
  /** Any text or number (42 and "42" are the same seed); the same seed and reference day give the same data. Default "1". */
  seed?: string | number;
  /** Reference day; all timestamps are relative to it. Default: today (UTC). */
  now?: Date;
  /** Mean interactions per customer (case follow-ups come on top). Default 20. */
  interactionsPerCustomer?: number;
  /** Batches written concurrently on Postgres (one connection each). Default 2. */
  concurrency?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  customersWritten: number;
  customersTotal: number;
  rowsWritten: number;
}

export interface SeedResult {
  counts: SeedCounts;
  /** Demo households formed around family-account holders (seed/households.ts). */
  households: { households: number; members: number };
  elapsedMs: number;
  seed: string;
  now: Date;
}

/** An expected seeding failure, with a message fit for the operator. */
export class SeedError extends Error {}

/** True when the database holds no customers (`pnpm start` seeds the demo then). */
export async function isDatabaseEmpty(database: Database): Promise<boolean> {
  const result = await database.db.execute(sql`select exists (select 1 from ${customers}) as "any"`);
  return !firstRow<{ any: boolean }>(result)?.any;
}

export async function seedDatabase(database: Database, options: SeedOptions): Promise<SeedResult> {
  const startedAt = performance.now();
  if (!Number.isInteger(options.customers) || options.customers < 1 || options.customers > MAX_SEED_CUSTOMERS) {
    throw new SeedError(`customers must be an integer from 1 to ${MAX_SEED_CUSTOMERS.toLocaleString("en-US")}`);
  }
  const seed = String(options.seed ?? "1");
  const now = referenceDay(options.now);
  const planIds = await upsertPlans(database, seed);
  const generate: GenerateOptions = {
    seed,
    now,
    customers: options.customers,
    planIds,
    interactionsPerCustomer: options.interactionsPerCustomer ?? DEFAULT_INTERACTIONS_PER_CUSTOMER,
  };

  const counts = Object.fromEntries([...SEED_TABLES, "plans"].map((t) => [t, 0])) as SeedCounts;
  counts.plans = planIds.size;
  // First customer index of every batch that committed; the undo list if a later one fails.
  const committed: number[] = [];
  let customersWritten = 0;
  let rowsWritten = 0;
  const report = (batchCounts: Record<SeedTable, number>, firstIndex: number) => {
    committed.push(firstIndex);
    for (const table of SEED_TABLES) {
      counts[table] += batchCounts[table];
      rowsWritten += batchCounts[table];
    }
    customersWritten += batchCounts.customers;
    options.onProgress?.({ customersWritten, customersTotal: options.customers, rowsWritten });
  };

  let householdCounts = { households: 0, members: 0 };
  try {
    await writeBatches(database, generate, options.concurrency ?? 2, report);
    // Fresh statistics before households page through what was just copied: without them the
    // planner takes the freshly loaded tables for empty and rescans them for every page (the
    // households step then grew with the square of the customer count).
    await database.db.execute(sql`analyze customers, subscriptions, plans, household_members`);
    householdCounts = await seedHouseholds(database, seed, now);
  } catch (error) {
    throw await undo(database, generate, committed, error);
  }
  // Insight (tiers, lifecycle, churn risk) derives from what was just written, as of the reference day.
  await refreshAllInsight(database, { now, concurrency: options.concurrency });
  return { counts, households: householdCounts, elapsedMs: performance.now() - startedAt, seed, now };
}

type Report = (counts: Record<SeedTable, number>, firstIndex: number) => void;

/**
 * Generates and COPYs batch after batch. On Postgres, the next batch is generated while
 * earlier ones are copied (each on its own connection); generation is synchronous, so it
 * yields to the event loop every few customers, or the COPY in flight could not push its data
 * to the socket and the two would not overlap. PGlite is single-connection: one at a time.
 */
async function writeBatches(database: Database, generate: GenerateOptions, concurrency: number, report: Report): Promise<void> {
  const { postgres: sqlClient, pglite } = database.raw;
  const writeBatch = (batch: CopyBatch) => (sqlClient ? batch.writePostgres(sqlClient) : batch.writePglite(pglite!));
  if (!sqlClient) concurrency = 1;
  const layouts = new CopyLayouts();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;

  const submit = async (batch: CopyBatch) => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) return;
    const write: Promise<void> = writeBatch(batch)
      .then(() => report(batch.rowCounts, batch.firstIndex))
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  };

  let batch: CopyBatch | null = null;
  for (const record of generateCustomers(generate)) {
    if (record.index % BLOCK_SIZE === 0) {
      if (batch) await submit(batch);
      if (failure) break;
      batch = new CopyBatch(record.index, layouts);
    }
    batch!.add(record);
    if (record.index % 50 === 49) await yieldToEventLoop();
  }
  if (batch && !failure) await submit(batch);
  await Promise.all(inFlight);
  if (failure) throw failure;
}

/** Inserts the plan catalogue (existing codes are kept) and answers the stored id of every code. */
async function upsertPlans(database: Database, seed: string): Promise<Map<PlanCode, string>> {
  const random = new Random(hashString(seed), 0, 0x504c414e); // "PLAN": a stream apart from customers'
  const rows = PLAN_CATALOGUE.map((plan) => ({ ...plan, id: random.uuid() }));
  await database.db.insert(plans).values(rows).onConflictDoNothing({ target: plans.code });
  const stored = await database.db
    .select({ id: plans.id, code: plans.code })
    .from(plans)
    .where(
      inArray(
        plans.code,
        PLAN_CATALOGUE.map((p) => p.code),
      ),
    );
  return new Map(stored.map((p) => [p.code as PlanCode, p.id]));
}

/** Deletes the customers of committed batches, and turns the failure into a SeedError. */
async function undo(database: Database, generate: GenerateOptions, committed: number[], error: unknown): Promise<SeedError> {
  const reason = describe(error, generate.seed);
  if (committed.length === 0) return new SeedError(`seeding failed; nothing was written: ${reason}`);
  const seedHash = hashString(generate.seed);
  let removed = 0;
  try {
    for (const first of committed) {
      const ids: string[] = [];
      const end = Math.min(generate.customers, first + BLOCK_SIZE);
      for (let index = first; index < end; index++) ids.push(customerIdAt(seedHash, index));
      await database.db.delete(customers).where(inArray(customers.id, ids));
      removed += ids.length;
    }
  } catch (cleanupError) {
    return new SeedError(
      `seeding failed: ${reason}. Removing the customers already written also failed ` +
        `(${(cleanupError as Error).message}); ${(committed.length * BLOCK_SIZE - removed).toLocaleString("en-US")} or fewer seeded customers remain — ` +
        `drop the database or delete them before seeding again.`,
    );
  }
  return new SeedError(`seeding failed: ${reason}. The ${removed.toLocaleString("en-US")} customers already written were removed again.`);
}

function describe(error: unknown, seed: string): string {
  const e = error as { code?: string; message?: string; constraint_name?: string; constraint?: string };
  // 23505 unique_violation: ids and external ids are a function of the seed.
  if (e?.code === "23505") {
    return `data generated from seed "${seed}" is already in the database (${e.constraint_name ?? e.constraint ?? "unique constraint"}); seed with another --seed`;
  }
  if (e instanceof SeedError) return e.message;
  return e?.message ?? String(error);
}
