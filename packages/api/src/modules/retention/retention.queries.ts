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

const keyList = (keys: PgColumn[]) => sql.join(keys.map((k) => sql.identifier(k.name)), sql`, `);
const inBatch = (t: { table: PgTable; keys: PgColumn[] }, where: SQL, limit: number) =>
  sql`(${keyList(t.keys)}) in (select ${keyList(t.keys)} from ${t.table} where ${where} limit ${limit})`;

/**
 * Updates (or deletes) at most `limit` rows matching `where` and answers their customer ids.
 * The batch is chosen by key in a subquery, so each statement is short and locks little.
 */
export async function updateBatch(
  db: DbOrTx,
  t: { table: PgTable; keys: PgColumn[]; customerId: PgColumn },
  where: SQL,
  values: Record<string, unknown>,
  limit: number,
): Promise<string[]> {
  const rows = await db.update(t.table).set(values).where(inBatch(t, where, limit)).returning({ customerId: t.customerId });
  return rows.map((r) => r.customerId as string);
}

export async function deleteBatch(db: DbOrTx, t: { table: PgTable; keys: PgColumn[]; customerId: PgColumn }, where: SQL, limit: number): Promise<string[]> {
  const rows = await db.delete(t.table).where(inBatch(t, where, limit)).returning({ customerId: t.customerId });
  return rows.map((r) => r.customerId as string);
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
