import { executePrepared } from "../db/prepared.js";
import { asc, desc, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.js";
import { sqlArray } from "../db/arrays.js";
import { firstRow } from "../db/rows.js";
import { logger } from "../lib/logger.js";
import { chainHash, GENESIS_HASH } from "./audit.chain.js";
import { auditEvents, auditPending, auditSeals, type AuditEventContent } from "./audit.table.js";
import { systemKey } from "./keys.js";

// Elects the one sealer among all processes on a database; appends never take it.
const SEAL_LOCK = 7_236_502;
export const SEAL_BATCH = 2_000;

export interface SealResult {
  sealed: number;
  /** Another process held the sealer lock (only when not waiting for it). */
  busy: boolean;
}

/**
 * Chains pending events into audit_seals, oldest seq first, in batches: under the sealer lock,
 * each batch reads the chain head, HMACs its events onto it, inserts the seals and removes the
 * seqs from the queue, in one transaction. An event whose transaction commits after a later seq
 * was sealed is sealed in the next batch: the chain's order is `pos`, which verification follows.
 * `wait`: block on the lock (shutdown, auditors' reads) instead of leaving the work to its holder.
 */
export async function sealPending(db: Db, options: { wait?: boolean; batchSize?: number } = {}): Promise<SealResult> {
  const batchSize = options.batchSize ?? SEAL_BATCH;
  const chainKey = await systemKey(db, "audit-chain");
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      if (options.wait) await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK})`);
      else if (!(await executePrepared<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as ok`))[0]?.ok) return -1;
      return sealBatch(tx, chainKey, batchSize);
    });
    if (n < 0) return { sealed, busy: true };
    sealed += n;
    if (n < batchSize) return { sealed, busy: false };
  }
}

async function sealBatch(tx: DbOrTx, chainKey: Buffer, batchSize: number): Promise<number> {
  // The batch's seqs first, then their events by primary key. A join let the planner trust the
  // queue's statistics, which are never right for a table that is emptied all the time: with
  // the queue estimated large it merge-joined from the first audit event, reading the whole
  // trail's index to reach the newest events (75-180 ms per batch at 90k events, growing with the trail).
  // The statements of a batch run prepared (db/prepared.ts).
  const events: AuditEventContent[] = await tx
    .select()
    .from(auditEvents)
    .where(sql`${auditEvents.seq} = any(array(select ${auditPending.seq} from ${auditPending} order by ${auditPending.seq} limit ${batchSize}))`)
    .orderBy(asc(auditEvents.seq))
    .prepare("seal_events")
    .execute();
  if (!events.length) return 0;
  const [head] = await tx.select({ pos: auditSeals.pos, hash: auditSeals.hash }).from(auditSeals).orderBy(desc(auditSeals.pos)).limit(1).prepare("seal_head").execute();
  let pos = head?.pos ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const sealedAt = new Date();
  const seals = events.map((event) => {
    pos++;
    const hash = chainHash(chainKey, prevHash, pos, event);
    const seal = { pos, seq: event.seq, prevHash, hash, sealedAt };
    prevHash = hash;
    return seal;
  });
  // One array per column, so the text is the same for any batch size and runs prepared.
  await executePrepared(
    tx,
    sql`insert into ${auditSeals} (pos, seq, prev_hash, hash, sealed_at)
      select * from unnest(${sqlArray(seals.map((x) => x.pos), "bigint")}, ${sqlArray(seals.map((x) => x.seq), "bigint")},
        ${sqlArray(seals.map((x) => x.prevHash), "text")}, ${sqlArray(seals.map((x) => x.hash), "text")}) as x(pos, seq, prev_hash, hash)
      cross join (select ${sealedAt.toISOString()}::timestamptz as sealed_at) t`,
  );
  await tx.delete(auditPending).where(sql`${auditPending.seq} = any(${sqlArray(events.map((e) => e.seq), "bigint")})`).prepare("seal_dequeue").execute();
  return events.length;
}

/**
 * The background sealer of one process: seals shortly after appends (coalescing a burst into
 * one batch) and on a timer for appends of other processes. Every process may run one; the lock
 * lets one work at a time. `stop` seals what is pending, waiting for the lock (graceful shutdown).
 */
export class AuditSealer {
  private timer: NodeJS.Timeout | undefined;
  private scheduled: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly options: { intervalMs: number; delayMs: number },
  ) {
    this.timer = setInterval(() => this.soon(), options.intervalMs);
    this.timer.unref();
  }

  /** Seal within delayMs (appends call this; many calls make one pass). */
  soon() {
    if (this.scheduled || !this.timer) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      void this.run();
    }, this.options.delayMs);
    this.scheduled.unref();
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = sealPending(this.db)
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, "audit sealing failed; retrying"))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.soon();
        }
      });
    return this.running;
  }

  async stop(): Promise<SealResult> {
    clearInterval(this.timer);
    clearTimeout(this.scheduled);
    this.timer = undefined;
    sealers.delete(this);
    await this.running;
    return sealPending(this.db, { wait: true });
  }
}

const sealers = new Set<AuditSealer>();

/**
 * A batch costs seven statements (BEGIN, lock, events, head, seals, dequeue, COMMIT) whatever
 * its size, so the sealer waits SEAL_DELAY_MS after an append to take a burst in one batch. At
 * 20 ms a lone console user paging at 100 requests/s had a batch every 2.6 requests (2.5 of its
 * 5.5 statements per request); at 200 ms, 0.3-0.4. Nothing waits on it: reads are answered once
 * their row is durable, and auditors' reads seal first.
 */
export const SEAL_DELAY_MS = 200;

export function startAuditSealer(db: Db, options: Partial<{ intervalMs: number; delayMs: number }> = {}): AuditSealer {
  const sealer = new AuditSealer(db, { intervalMs: options.intervalMs ?? 1_000, delayMs: options.delayMs ?? SEAL_DELAY_MS });
  sealers.add(sealer);
  return sealer;
}

/** Appends call this: the process's sealers pick the new rows up shortly. */
export function kickSealers() {
  for (const sealer of sealers) sealer.soon();
}

/** Events written and not yet chained. */
export async function countUnsealed(db: DbOrTx): Promise<number> {
  const row = firstRow<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from ${auditEvents} e where not exists (select 1 from ${auditSeals} s where s.seq = e.seq)`),
  );
  return row?.n ?? 0;
}
