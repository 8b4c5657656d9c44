import { and, asc, desc, eq, getTableColumns, gt, gte, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { auditEvents, auditSeals, type AuditEventContent, type AuditEventRow } from "./audit.table.js";

export interface AuditEventConditions {
  customerId?: string;
  principal?: string;
  partnerId?: string;
  purpose?: AuditEventRow["purpose"];
  action?: AuditEventRow["action"];
  from?: Date;
  to?: Date;
}

/** `customer_ids @> array[id]` is the form the GIN index on customer_ids answers. */
function namesCustomer(customerId: string | SQL): SQL {
  return sql`${auditEvents.customerIds} @> array[${customerId}]::uuid[]`;
}

export function auditEventCondition(c: AuditEventConditions): SQL | undefined {
  const e = auditEvents;
  return and(
    c.customerId ? namesCustomer(c.customerId) : undefined,
    c.principal ? eq(e.principal, c.principal) : undefined,
    c.partnerId ? eq(e.partnerId, c.partnerId) : undefined,
    c.purpose ? eq(e.purpose, c.purpose) : undefined,
    c.action ? eq(e.action, c.action) : undefined,
    c.from ? gte(e.occurredAt, c.from) : undefined,
    c.to ? lt(e.occurredAt, c.to) : undefined,
  );
}

/** An event with its seal's hashes: the trail as auditors read it shows sealed events only. */
const sealedColumns = { ...getTableColumns(auditEvents), prevHash: auditSeals.prevHash, hash: auditSeals.hash };

/** Newest first, keyset on seq: rows strictly older than `beforeSeq`. */
/** A page position in the trail's order (newest first); backward reads the reversed order from it (graphql/connection.ts windowed). */
export interface SeqWindow {
  fromSeq?: number;
  backward?: boolean;
  limit: number;
}

/** Past the position in the window's direction: older (lower seq) forward, newer backward. */
function seqKeyset(p: SeqWindow): SQL | undefined {
  if (p.fromSeq === undefined) return undefined;
  return p.backward ? gt(auditEvents.seq, p.fromSeq) : lt(auditEvents.seq, p.fromSeq);
}

const seqOrder = (p: Pick<SeqWindow, "backward">) => (p.backward ? asc : desc);

export function selectAuditPage(db: DbOrTx, p: SeqWindow & { where?: SQL }): Promise<AuditEventRow[]> {
  return db
    .select(sealedColumns)
    .from(auditEvents)
    .innerJoin(auditSeals, eq(auditSeals.seq, auditEvents.seq))
    .where(and(p.where, seqKeyset(p)))
    .orderBy(seqOrder(p)(auditEvents.seq))
    .limit(p.limit);
}

export async function countAuditEvents(db: DbOrTx, where?: SQL): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).innerJoin(auditSeals, eq(auditSeals.seq, auditEvents.seq)).where(where);
  return row?.n ?? 0;
}

export async function countSeals(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditSeals);
  return row?.n ?? 0;
}

export interface ChainLink {
  pos: number;
  seq: number;
  prevHash: string;
  hash: string;
  /** The sealed event; null when it is missing from audit_events. */
  event: AuditEventContent | null;
}

/** The chain in pos order, one batch after `afterPos`; the query starts at once (verification prefetches). */
export async function selectChainBatch(db: DbOrTx, afterPos: number | undefined, limit: number): Promise<ChainLink[]> {
  const rows = await db
    .select({ pos: auditSeals.pos, seq: auditSeals.seq, prevHash: auditSeals.prevHash, hash: auditSeals.hash, event: auditEvents })
    .from(auditSeals)
    .leftJoin(auditEvents, eq(auditEvents.seq, auditSeals.seq))
    .where(afterPos === undefined ? undefined : gt(auditSeals.pos, afterPos))
    .orderBy(asc(auditSeals.pos))
    .limit(limit);
  return rows;
}

const uuidArray = (ids: readonly string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;

/**
 * The newest events naming each of several customers, in one statement: a lateral subquery per
 * requested id walks that customer's events newest first and stops at `limit`.
 */
export async function selectAccessLogs(
  db: DbOrTx,
  customerIds: readonly string[],
  p: SeqWindow,
): Promise<(AuditEventRow & { customerId: string })[]> {
  if (!customerIds.length) return [];
  const e = auditEvents;
  const events = db
    .select(sealedColumns)
    .from(e)
    .innerJoin(auditSeals, eq(auditSeals.seq, e.seq))
    .where(and(namesCustomer(sql`requested.customer_id`), seqKeyset(p)))
    .orderBy(seqOrder(p)(e.seq))
    .limit(p.limit)
    .as("events");
  // Every column of the subquery, through its alias (drizzle then maps types as for the table).
  const columns = Object.fromEntries(Object.keys(sealedColumns).map((k) => [k, events[k as keyof AuditEventRow]])) as {
    [K in keyof AuditEventRow]: (typeof events)[K];
  };
  return db
    .select({ ...columns, customerId: sql<string>`requested.customer_id` })
    .from(sql`unnest(${uuidArray(customerIds)}) as requested(customer_id)`)
    .crossJoinLateral(events)
    .orderBy(sql`requested.customer_id`, seqOrder(p)(events.seq));
}

export function countAccessLogs(db: DbOrTx, customerIds: readonly string[]): Promise<{ customerId: string; n: number }[]> {
  if (!customerIds.length) return Promise.resolve([]);
  return db
    .select({
      customerId: sql<string>`requested.customer_id`,
      n: sql<number>`(select count(*)::int from ${auditEvents} join ${auditSeals} using (seq) where ${namesCustomer(sql`requested.customer_id`)})`,
    })
    .from(sql`unnest(${uuidArray(customerIds)}) as requested(customer_id)`);
}
