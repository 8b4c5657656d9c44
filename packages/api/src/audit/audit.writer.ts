import { executePrepared } from "../db/prepared.js";
import type { Db, DbOrTx } from "../db/client.js";
import type { Principal, Purpose } from "../privacy/principal.js";
import { principalLabel } from "../privacy/principal.js";
import { PersonalValue } from "./audit.collector.js";
import { kickSealers } from "./seal.js";
import { weakMemo } from "../lib/memo.js";
import { sql } from "drizzle-orm";
import type { AuditChange, AuditEventRow } from "./audit.table.js";
import { customerDataKeys, keyedHash, systemKey } from "./keys.js";

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

const hasPersonal = (changes: AuditChange[] | undefined) =>
  Boolean(changes?.some((c) => c.before instanceof PersonalValue || c.after instanceof PersonalValue));

/**
 * Personal values become HMACs under the key of the row's customer (the first it names: a write
 * names the customer it changed first), or under the unowned key when it names none.
 */
async function hashPersonalValues(db: DbOrTx, records: readonly AuditRecord[]): Promise<(AuditChange[] | null)[]> {
  const owners = records.filter((r) => hasPersonal(r.changes) && r.customerIds.length).map((r) => r.customerIds[0]!);
  const keys = await customerDataKeys(db, owners);
  const needsUnowned = records.some((r) => hasPersonal(r.changes) && !keys.has(r.customerIds[0] ?? ""));
  const unowned = needsUnowned ? await systemKey(db, "audit-unowned") : undefined;
  return records.map((r) => {
    if (!r.changes) return null;
    if (!hasPersonal(r.changes)) return r.changes;
    const key = keys.get(r.customerIds[0] ?? "") ?? unowned!;
    const hash = (v: unknown) => (v instanceof PersonalValue ? keyedHash(key, v.value) : v);
    return r.changes.map((c) => ({ ...c, before: hash(c.before), after: hash(c.after) }));
  });
}

/**
 * Writes records durably, without any lock: each event row and its seq in audit_pending, in one
 * statement (inside the caller's transaction when given one, so a write and its audit commit
 * together). Chaining happens later, in order, in the sealer (seal.ts); appends from any number of
 * requests and processes proceed in parallel.
 */
export async function appendAuditRecords(db: DbOrTx, records: readonly AuditRecord[]): Promise<void> {
  if (!records.length) return;
  const changes = await hashPersonalValues(db, records);
  const occurredAt = new Date().toISOString();
  const rows = records.map(({ actor, ...entry }, i) => ({
    ...actorColumns(actor),
    occurredAt,
    operation: entry.operation,
    action: entry.action,
    customerIds: entry.customerIds,
    fields: entry.fields,
    changes: changes[i]!,
  }));
  await executePrepared(db, sql`${APPEND_SQL}${JSON.stringify(rows)}::jsonb${APPEND_SQL_TAIL}`);
  kickSealers();
}

/**
 * The append as one statement whose text never changes, whatever the number of rows: the rows
 * travel as one JSON parameter, in order (their seqs follow it). Building drizzle's multi-row
 * insert of 31-field arrays cost more CPU than the database's work for the row (8 appenders
 * reached about 110 rows/s on a loaded 2-core machine where PostgreSQL commits about 1,900
 * single-row inserts a second).
 */
const APPEND_SQL = sql.raw(`with inserted as (
  insert into "audit_events" (occurred_at, request_id, principal, principal_kind, role, partner_id, purpose, operation, action, customer_ids, fields, changes)
  select (e.r->>'occurredAt')::timestamptz, e.r->>'requestId', e.r->>'principal', e.r->>'principalKind', e.r->>'role', (e.r->>'partnerId')::uuid,
    (e.r->>'purpose')::purpose, e.r->>'operation', (e.r->>'action')::audit_action,
    array(select c.v::uuid from jsonb_array_elements_text(e.r->'customerIds') with ordinality as c(v, i) order by c.i),
    array(select f.v from jsonb_array_elements_text(e.r->'fields') with ordinality as f(v, i) order by f.i),
    nullif(e.r->'changes', 'null'::jsonb)
  from jsonb_array_elements(`);
const APPEND_SQL_TAIL = sql.raw(`) with ordinality as e(r, n)
  order by e.n
  returning seq)
insert into "audit_pending" (seq) select seq from inserted`);

export function appendAudit(db: DbOrTx, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  return appendAuditRecords(db, entries.map((entry) => ({ ...entry, actor })));
}

/**
 * Group commit for read audits: requests that finish while a batch is being written wait for
 * the next batch and share its statement: no added latency when idle, one round trip for many
 * rows when busy. Each caller's
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
const groupOf = weakMemo((db: Db) => new AuditGroupCommit(db));

/** Appends a read audit row through the database's group commit. */
export function appendAuditGrouped(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  pendingRows++;
  return groupOf(db).append({ ...entry, actor }).finally(() => {
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
