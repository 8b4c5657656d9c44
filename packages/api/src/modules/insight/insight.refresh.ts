/**
 * Keeping `customer_insight` fresh. Both paths load facts in batches (a handful of statements
 * per batch), run the one implementation of the formulas (`computeInsight`) and write the rows
 * back in one upsert: `refreshInsightFor` after a write that changes a customer's usage,
 * feedback, complaints or cases, and `refreshAllInsight` for a full recompute in id ranges.
 */
import type { Database, DbOrTx, Tx } from "../../db/client.js";
import { emitEvents } from "../webhook/outbox.js";
import { computeInsight } from "./insight.formulas.js";
import { countAllCustomers, selectBatchEnd, selectInsightFacts, upsertInsight, type InsightScope } from "./insight.queries.js";

const IDS_PER_STATEMENT = 2_000;

/** drizzle's transaction objects (PgTransaction) can roll back; a database handle cannot. */
const isTransaction = (db: DbOrTx): db is Tx => "rollback" in db;

async function refreshScope(db: DbOrTx, scope: InsightScope, now: Date): Promise<number> {
  const facts = await selectInsightFacts(db, scope, now);
  const rows = [...facts].map(([customerId, f]) => ({ customerId, values: computeInsight(f, now) }));
  // The stored insight and the CHURN_RISK_HIGH events it raises commit together: inside a
  // caller's transaction (a feed batch) they already do; otherwise in a transaction of their own.
  // (A savepoint there would cost two more round trips per batch and protect nothing: a failure
  // rolls the caller's whole transaction back anyway.)
  const write = async (tx: DbOrTx) => {
    const crossed = await upsertInsight(tx, rows, now);
    await emitEvents(tx, crossed.map((customerId) => ({ type: "CHURN_RISK_HIGH" as const, customerId, data: { churnLevel: "HIGH" } })));
  };
  if (isTransaction(db)) await write(db);
  else await db.transaction(write);
  return rows.length;
}

/**
 * Recomputes the insight of these customers now. Call it after a write that changes what the
 * formulas read (usage, feedback, complaints, cases, subscriptions), with the same `db` or
 * transaction, so the stored insight commits with the change.
 */
export async function refreshInsightFor(db: DbOrTx, customerIds: Iterable<string>, now: Date = new Date()): Promise<void> {
  const ids = [...new Set(customerIds)];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) await refreshScope(db, { ids: ids.slice(i, i + IDS_PER_STATEMENT) }, now);
}

export interface InsightRefreshProgress {
  customersDone: number;
  customersTotal: number;
}

export interface InsightRefreshOptions {
  /** Customers per batch (one id range). Default 5,000. */
  batchSize?: number;
  /** Batches in flight at once on Postgres (one connection each); PGlite runs one. Default 4. */
  concurrency?: number;
  now?: Date;
  onProgress?: (progress: InsightRefreshProgress) => void;
}

/**
 * Recomputes every customer's insight, id range after id range. The next range's upper bound is
 * found with an index-only scan while earlier ranges load and compute, so Postgres works on
 * several ranges at once while Node computes.
 */
export async function refreshAllInsight(database: Database, options: InsightRefreshOptions = {}): Promise<{ customers: number; elapsedMs: number }> {
  const started = performance.now();
  const { db } = database;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 5_000;
  const concurrency = database.driver === "pglite" ? 1 : Math.max(1, options.concurrency ?? 4);
  const customersTotal = await countAllCustomers(db);
  let customersDone = 0;
  options.onProgress?.({ customersDone, customersTotal });

  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let after: string | null = null;
  for (;;) {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) break;
    const upTo = await selectBatchEnd(db, after, batchSize);
    const scope: InsightScope = { after, upTo };
    const batch: Promise<void> = refreshScope(db, scope, now)
      .then((n) => {
        customersDone += n;
        options.onProgress?.({ customersDone, customersTotal: Math.max(customersTotal, customersDone) });
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(batch));
    inFlight.add(batch);
    if (!upTo) break;
    after = upTo;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  return { customers: customersDone, elapsedMs: performance.now() - started };
}
