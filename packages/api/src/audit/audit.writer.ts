import { desc, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
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

/**
 * Appends entries to the hash chain. Runs in the caller's transaction when given one (a write
 * and its audit commit together), else in its own; the advisory lock is held to commit.
 */
export async function appendAudit(db: DbOrTx, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const run = async (tx: DbOrTx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    let prevHash = last?.hash ?? GENESIS_HASH;
    const occurredAt = new Date();
    const rows = entries.map((entry) => {
      const fields: ChainedFields = {
        ...actorColumns(actor),
        occurredAt,
        operation: entry.operation,
        action: entry.action,
        customerIds: [...entry.customerIds],
        fields: [...entry.fields],
        changes: entry.changes ?? null,
      };
      const hash = chainHash(prevHash, fields);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await tx.insert(auditEvents).values(rows);
  };
  // A transaction object has no `transaction` of its own in every driver; nesting uses savepoints.
  await db.transaction(run);
}
