import { and, asc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.js";
import { customers } from "../customer/customer.table.js";
import { usageMonths } from "../usage/usage.table.js";
import { RETENTION_KEYS, retentionPolicies, type RetentionPolicyRow } from "./retention.table.js";

export async function selectPolicies(db: DbOrTx): Promise<RetentionPolicyRow[]> {
  const rows = await db.select().from(retentionPolicies);
  return rows.sort((a, b) => RETENTION_KEYS.indexOf(a.key) - RETENTION_KEYS.indexOf(b.key));
}

/** Rows matching `where`, and per condition how many of them match it too (fields holding a value). */
export async function countMatching(db: DbOrTx, table: PgTable, where: SQL, perField: SQL[] = []): Promise<{ rows: number; fields: number[] }> {
  const [row] = await db
    .select({
      rows: sql<number>`count(*)::int`,
      fields: sql<number[]>`array[${sql.join([...perField.map((c) => sql`count(*) filter (where ${c})::int`), sql`0`], sql`, `)}]`,
    })
    .from(table)
    .where(where);
  return { rows: row?.rows ?? 0, fields: (row?.fields ?? []).slice(0, perField.length).map(Number) };
}

/** A position in key order: the key values of the last row of the previous batch. */
export type KeyPosition = string[];

export interface BatchTarget {
  table: PgTable;
  keys: PgColumn[];
  customerId: PgColumn;
}

const keyList = (keys: PgColumn[]) => sql.join(keys.map((k) => sql.identifier(k.name)), sql`, `);

/**
 * The next `limit` rows matching `where` in key order, after `after`. Walking the primary key
 * keeps every batch an index range scan: rows already handled are never scanned again, so a run
 * over millions of rows stays linear.
 */
function inBatch(t: BatchTarget, where: SQL, limit: number, after?: KeyPosition): SQL {
  const position = after
    ? sql` and (${keyList(t.keys)}) > (${sql.join(
        t.keys.map((k, i) => sql`${after[i]}::${sql.raw(k.getSQLType())}`),
        sql`, `,
      )})`
    : sql``;
  return sql`(${keyList(t.keys)}) in (select ${keyList(t.keys)} from ${t.table} where ${where}${position} order by ${keyList(t.keys)} limit ${limit})`;
}

export interface BatchResult {
  customerIds: string[];
  /** Where the next batch starts; undefined when this one was empty. */
  last?: KeyPosition;
}

const keyColumns = (t: BatchTarget) => Object.fromEntries(t.keys.map((k, i) => [`k${i}`, k]));

/** The greatest key of a batch (uuids, dates as text compare like Postgres orders them). */
function lastKey(rows: Record<string, unknown>[], arity: number): KeyPosition | undefined {
  let last: KeyPosition | undefined;
  for (const row of rows) {
    const key = Array.from({ length: arity }, (_, i) => String(row[`k${i}`]));
    if (!last || compareKeys(key, last) > 0) last = key;
  }
  return last;
}

function compareKeys(a: KeyPosition, b: KeyPosition): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

/** Updates the next batch of rows matching `where`; answers their customer ids and the batch's last key. */
export async function updateBatch(db: DbOrTx, t: BatchTarget, where: SQL, values: Record<string, unknown>, limit: number, after?: KeyPosition): Promise<BatchResult> {
  const rows = await db
    .update(t.table)
    .set(values)
    .where(inBatch(t, where, limit, after))
    .returning({ customerId: t.customerId, ...keyColumns(t) });
  return { customerIds: rows.map((r) => r.customerId as string), last: lastKey(rows, t.keys.length) };
}

export async function deleteBatch(db: DbOrTx, t: BatchTarget, where: SQL, limit: number, after?: KeyPosition): Promise<BatchResult> {
  const rows = await db
    .delete(t.table)
    .where(inBatch(t, where, limit, after))
    .returning({ customerId: t.customerId, ...keyColumns(t) });
  return { customerIds: rows.map((r) => r.customerId as string), last: lastKey(rows, t.keys.length) };
}

/** Customers closed (by their last update) before `cutoff` and not yet erased. */
function closedBefore(cutoff: Date): SQL {
  return and(eq(customers.status, "CLOSED"), isNull(customers.erasedAt), sql`${customers.updatedAt} < ${cutoff.toISOString()}::timestamptz`)!;
}

export async function countClosedCustomersBefore(db: DbOrTx, cutoff: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(customers).where(closedBefore(cutoff));
  return row?.n ?? 0;
}

export async function selectClosedCustomersBefore(db: DbOrTx, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await db.select({ id: customers.id }).from(customers).where(closedBefore(cutoff)).orderBy(asc(customers.updatedAt), asc(customers.id)).limit(limit);
  return rows.map((r) => r.id);
}

/** Billing months still stored for erased customers: the ones kept under a legal hold at erasure. */
export async function selectUsageOfErasedCustomers(db: DbOrTx) {
  return db
    .select({ customerId: usageMonths.customerId, month: usageMonths.month, paid: usageMonths.paid, arrears: usageMonths.arrears })
    .from(usageMonths)
    .innerJoin(customers, eq(customers.id, usageMonths.customerId))
    .where(isNotNull(customers.erasedAt))
    .orderBy(asc(usageMonths.customerId), asc(usageMonths.month));
}

export async function deleteUsageMonth(db: DbOrTx, customerId: string, month: string): Promise<number> {
  const rows = await db
    .delete(usageMonths)
    .where(and(eq(usageMonths.customerId, customerId), eq(usageMonths.month, month)))
    .returning({ month: usageMonths.month });
  return rows.length;
}
