/**
 * Sends the outbox's webhook deliveries (SPEC §8). Both databases share the delivery attempt
 * (webhook.delivery.ts); they differ in who decides that an attempt runs:
 * - PostgreSQL: graphile-worker, a maintained job queue. A pump hands each due delivery to it as
 *   a job in a named queue per webhook and customer (graphile-worker runs one job of a named queue
 *   at a time, across every replica), keyed by the delivery id, in the transaction that marks the
 *   delivery enqueued. Several API replicas therefore never send one delivery twice at once.
 * - PGlite (one process): an in-process loop over the same table, one attempt at a time per
 *   webhook and customer.
 * Retries are rows, not queue state: an attempt that fails writes its next time and clears
 * `enqueued_at`, and the pump (or loop) picks it up again.
 */
import { sql } from "drizzle-orm";
import { Logger, run, type Runner } from "graphile-worker";
import type { Database } from "../../db/client.js";
import { logger } from "../../lib/logger.js";
import { attemptDelivery, type DeliveryConfig } from "./webhook.delivery.js";
import { markEnqueued, selectDue } from "./webhook.queries.js";

export interface DispatcherOptions extends Partial<DeliveryConfig> {
  /** How often due deliveries are looked for (ms). */
  pollMs?: number;
  /** PostgreSQL URL for the job queue (required on PostgreSQL). */
  url?: string;
  /** Deliveries in flight at once. */
  concurrency?: number;
}

export interface Dispatcher {
  /** Stops taking work, aborts attempts in flight (they stay due, same idempotency key) and waits for them. */
  stop(): Promise<void>;
}

const TASK = "webhook.deliver";
const BATCH = 100;

function configOf(o: DispatcherOptions): DeliveryConfig {
  return { baseMs: o.baseMs ?? 30_000, maxDelayMs: o.maxDelayMs ?? 3_600_000, windowMs: o.windowMs ?? 24 * 3_600_000, timeoutMs: o.timeoutMs ?? 10_000 };
}

/** A loop that runs `tick` every `pollMs` until stopped; `tick` answers true when it found work (then it runs again at once). */
function loop(pollMs: number, tick: () => Promise<boolean>) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const done = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        busy = await tick();
      } catch (error) {
        logger.error({ err: { name: (error as Error).name } }, "webhook dispatcher tick failed");
      }
      if (!busy && !stopped) await new Promise<void>((resolve) => ((wake = resolve), (timer = setTimeout(resolve, pollMs))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await done;
    },
  };
}

export async function startDispatcher(database: Database, options: DispatcherOptions = {}): Promise<Dispatcher> {
  const config = configOf(options);
  const pollMs = options.pollMs ?? 500;
  const concurrency = options.concurrency ?? 8;
  const abort = new AbortController();
  const { db } = database;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  if (database.driver === "pglite") {
    const running = new Set<string>();
    const worker = loop(pollMs, async () => {
      const due = await selectDue(db, BATCH);
      // One attempt at a time per webhook and customer, the earliest event first.
      const heads = new Map<string, string>();
      for (const d of due) {
        const key = `${d.webhookId}:${d.customerId}`;
        if (!heads.has(key) && !running.has(key)) heads.set(key, d.id);
      }
      const batch = [...heads].slice(0, concurrency);
      await Promise.all(
        batch.map(([key, id]) => {
          running.add(key);
          return track(attemptDelivery(db, id, config, abort.signal)).finally(() => running.delete(key));
        }),
      );
      return batch.length > 0 && !abort.signal.aborted;
    });
    return {
      async stop() {
        abort.abort();
        await worker.stop();
        await Promise.allSettled([...inFlight]);
      },
    };
  }

  if (!options.url) throw new Error("The PostgreSQL webhook dispatcher needs the database URL for its job queue");
  const runner: Runner = await run({
    connectionString: options.url,
    concurrency,
    noHandleSignals: true,
    pollInterval: pollMs,
    logger: workerLogger,
    taskList: {
      [TASK]: async (payload) => {
        const { deliveryId } = payload as { deliveryId: string };
        await track(attemptDelivery(db, deliveryId, config, abort.signal));
      },
    },
  });
  const pump = loop(pollMs, async () => {
    const handed = await db.transaction(async (tx) => {
      const due = await selectDue(tx, BATCH, { notEnqueued: true });
      for (const d of due) {
        await tx.execute(sql`select graphile_worker.add_job(${TASK}, json_build_object('deliveryId', ${d.id}::text),
          queue_name := ${`webhook:${d.webhookId}:${d.customerId}`}, run_at := ${d.nextAttemptAt.toISOString()}::timestamptz,
          max_attempts := 5, job_key := ${d.id})`);
      }
      await markEnqueued(tx, due.map((d) => d.id));
      return due.length;
    });
    return handed === BATCH;
  });
  return {
    async stop() {
      await pump.stop();
      abort.abort();
      await Promise.allSettled([...inFlight]);
      await runner.stop();
    },
  };
}

/** graphile-worker's log lines at warn and above go to ours; its chatter is dropped. */
const workerLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") logger.warn({ component: "graphile-worker" }, message);
});
