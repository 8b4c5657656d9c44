import { desc, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.js";
import type { Principal, Purpose } from "../privacy/principal.js";
import { principalLabel } from "../privacy/principal.js";
import { chainHash, GENESIS_HASH, type ChainedFields } from "./audit.chain.js";
import { auditEvents, type AuditChange, type AuditEventRow } from "./audit.table.js";

// Serialises appends so that each row chains to the one before it, across processes.
const CHAIN_LOCK = 7_236_502;

export interface AuditEntry {
  action: AuditEventRow["action"];
  operation: string;
  customerIds: readonly string[];
  fields: readonly string[];
  changes?: AuditChange[];
}

export interface AuditActor {
  requestId: string;
  principal: Principal;
  purpose: Purpose;
}

function actorColumns(actor: AuditActor) {
  const p = actor.principal;
  return {
    requestId: actor.requestId,
    principal: principalLabel(p),
    principalKind: p.kind,
    role: p.kind === "USER" ? p.role : null,
    partnerId: p.kind === "PARTNER" ? p.partnerId : null,
    purpose: actor.purpose,
  };
}

/** One entry and who it is for: a batch may hold rows of many requests. */
export type AuditRecord = AuditEntry & { actor: AuditActor };

/**
 * Appends records to the hash chain in one transaction. Runs inside the caller's transaction
 * when given one (a write and its audit commit together, as a savepoint); the advisory lock is
 * held to commit so each row chains to the one before it, across processes.
 */
export async function appendAuditRecords(db: DbOrTx, records: readonly AuditRecord[]): Promise<void> {
  if (!records.length) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    let prevHash = last?.hash ?? GENESIS_HASH;
    const occurredAt = new Date();
    const rows = records.map(({ actor, ...entry }) => {
      const fields: ChainedFields = {
        ...actorColumns(actor),
        occurredAt,
        operation: entry.operation,
        action: entry.action,
        customerIds: [...entry.customerIds],
        fields: [...entry.fields],
        changes: entry.changes ?? null,
      };
      const row = { ...fields, prevHash, hash: chainHash(prevHash, fields) };
      prevHash = row.hash;
      return row;
    });
    await tx.insert(auditEvents).values(rows);
  });
}

export function appendAudit(db: DbOrTx, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  return appendAuditRecords(db, entries.map((entry) => ({ ...entry, actor })));
}

/**
 * Group commit for read audits. Every append takes the chain lock, so one transaction per
 * request caps audited reads at the lock's round trips (~100/s under load). Requests that
 * finish while a batch is being written wait for the next batch and share its transaction:
 * no added latency when idle, one lock acquisition for many rows when busy. Each caller's
 * promise settles when its row is committed, so no read is answered unaudited.
 */
class AuditGroupCommit {
  private queue: { record: AuditRecord; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private draining = false;

  constructor(private readonly db: Db) {}

  append(record: AuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain() {
    this.draining = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_GROUP);
      try {
        await appendAuditRecords(this.db, batch.map((b) => b.record));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.draining = false;
  }
}

const MAX_GROUP = 500;
const groups = new WeakMap<Db, AuditGroupCommit>();

/** Appends a read audit row through the database's group commit. */
export function appendAuditGrouped(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  let group = groups.get(db);
  if (!group) {
    group = new AuditGroupCommit(db);
    groups.set(db, group);
  }
  pendingRows++;
  return group.append({ ...entry, actor }).finally(() => {
    pendingRows--;
    if (pendingRows === 0) for (const wake of idleWaiters.splice(0)) wake();
  });
}

let pendingRows = 0;
const idleWaiters: (() => void)[] = [];

/** Read audit rows queued for a group commit and not yet committed (a /metrics gauge). */
export function pendingAuditRows(): number {
  return pendingRows;
}

/** Resolves once every queued read audit row is committed (or failed): graceful shutdown waits for it. */
export function flushAudit(): Promise<void> {
  return pendingRows === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
}
