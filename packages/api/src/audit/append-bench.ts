import { randomUUID } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import { chainHash, GENESIS_HASH } from "./audit.chain.js";
import { auditEvents, auditSeals } from "./audit.table.js";
import { appendAuditGrouped, appendAuditRecords, type AuditRecord } from "./audit.writer.js";
import { systemKey } from "./keys.js";
import { sealPending, startAuditSealer } from "./seal.js";

export interface AppendRate {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /**
   * CPU milliseconds of this process per row (the sealer included): on a shared machine the
   * rate above is mostly this process's share of the cores, this the work it does per row.
   */
  cpuMsPerRow: number;
}

export interface AppendBench {
  appenders: number;
  /** Each append chained in its own transaction under one lock (the design before the sealer). */
  locked: AppendRate;
  /** Appends to the pending queue without a lock, the sealer chaining behind them. */
  pending: AppendRate;
  /** The read path: each appender's row through the group commit (appendAuditGrouped), which shares one insert among the rows queued meanwhile. */
  grouped: AppendRate;
  /** From the last append until every row was sealed. */
  sealLagMs: number;
}

const record = (i: number): AuditRecord => ({
  actor: { requestId: `bench-${randomUUID()}`, principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" },
  action: "READ",
  operation: `AuditAppendBench${i}`,
  customerIds: [],
  fields: ["Customer.name", "Customer.phone"],
});

/** The append path before the sealer: chain lock, read the head, insert the event and its seal, commit. */
async function lockedAppend(db: Db, chainKey: Buffer, r: AuditRecord) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7236502)`);
    const [head] = await tx.select({ pos: auditSeals.pos, hash: auditSeals.hash }).from(auditSeals).orderBy(desc(auditSeals.pos)).limit(1);
    const { actor, ...entry } = r;
    const [event] = await tx
      .insert(auditEvents)
      .values({ requestId: actor.requestId, principal: "system", principalKind: "SYSTEM", purpose: "SERVICE", occurredAt: new Date(), ...entry, customerIds: [], fields: [...entry.fields] })
      .returning();
    const pos = (head?.pos ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    await tx.insert(auditSeals).values({ pos, seq: event!.seq, prevHash, hash: chainHash(chainKey, prevHash, pos, event!), sealedAt: new Date() });
  });
}

async function rate(appenders: number, rows: number, append: (i: number) => Promise<void>): Promise<AppendRate> {
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: appenders }, async () => {
      while (next < rows) await append(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rows, seconds, rowsPerSecond: rows / seconds, cpuMsPerRow: (used.user + used.system) / 1000 / rows };
}

/**
 * Audit appends with `appenders` concurrent writers, each row in its own transaction (as a
 * mutation's audit row is), before and after taking chaining off the request path, in one run on
 * the same database. The rows are real audit events of the `system` principal.
 */
export async function benchAuditAppends(db: Db, options: { appenders?: number; rows?: number } = {}): Promise<AppendBench> {
  const appenders = options.appenders ?? 8;
  const rows = options.rows ?? 2_000;
  await sealPending(db, { wait: true });
  const chainKey = await systemKey(db, "audit-chain");
  const locked = await rate(appenders, rows, (i) => lockedAppend(db, chainKey, record(i)));
  const sealer = startAuditSealer(db);
  const pending = await rate(appenders, rows, (i) => db.transaction((tx) => appendAuditRecords(tx, [record(i)])));
  const grouped = await rate(appenders, rows, (i) => {
    const { actor, ...entry } = record(i);
    return appendAuditGrouped(db, actor, entry);
  });
  const t = performance.now();
  await sealer.stop();
  return { appenders, locked, pending, grouped, sealLagMs: performance.now() - t };
}
