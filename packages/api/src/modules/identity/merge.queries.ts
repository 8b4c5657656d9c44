import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { sqlArray } from "../../db/arrays.js";
import { rowsOf } from "../../db/rows.js";
import { customers, type CustomerRow } from "../customer/customer.table.js";
import { customerMerges, type CustomerMergeRow } from "./merge.table.js";

/** Every table of the schema with a `customer_id` column: what a merge must account for. */
export async function selectCustomerOwnedTables(db: DbOrTx): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select table_name as name from information_schema.columns
      where table_schema = current_schema() and column_name = 'customer_id' order by table_name`),
  );
  return rows.map((r) => r.name);
}

/** Both records, locked for the merge (in id order, so two merges of one pair cannot deadlock). */
export async function lockCustomers(db: DbOrTx, ids: readonly string[]): Promise<Map<string, CustomerRow>> {
  const rows = await db.select().from(customers).where(sql`${customers.id} = any(${sqlArray(ids, "uuid")})`).orderBy(customers.id).for("update");
  return new Map(rows.map((r) => [r.id, r]));
}

export async function countRowsOf(db: DbOrTx, table: string, customerId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where customer_id = ${customerId}`));
  return row!.n;
}

/** Re-points every row of `table` from one customer to another; answers the ids moved. */
export async function moveRows(db: DbOrTx, table: string, from: string, to: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(await db.execute(sql`update ${sql.identifier(table)} set customer_id = ${to} where customer_id = ${from} returning id`));
  return rows.map((r) => r.id);
}

/** Moves exactly these rows back (rows written to the survivor after the merge stay). */
export async function moveRowsBack(db: DbOrTx, table: string, ids: readonly string[], from: string, to: string): Promise<number> {
  if (!ids.length) return 0;
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`update ${sql.identifier(table)} set customer_id = ${to} where customer_id = ${from} and id = any(${sqlArray(ids, "uuid")}) returning id`),
  );
  return rows.length;
}

const keyOf = (row: Record<string, unknown>, key: readonly string[]) => JSON.stringify(key.map((k) => String(row[k])));
const columns = (names: readonly string[]) => sql.join(names.map((n) => sql.identifier(n)), sql`, `);

export async function selectOwnedRows(db: DbOrTx, table: string, customerId: string, all: readonly string[]): Promise<Record<string, unknown>[]> {
  return rowsOf<Record<string, unknown>>(await db.execute(sql`select ${columns(all)} from ${sql.identifier(table)} where customer_id = ${customerId}`));
}

export interface Combination {
  /** Keys of rows re-pointed to the survivor as they were. */
  moved: string[];
  /** Rows of both records for each key both held, as they were before the merge. */
  combined: { survivor: Record<string, unknown>; merged: Record<string, unknown> }[];
}

/**
 * COMBINE: where both records hold a row with the same key (both billed for one month), the
 * merged record's numbers are added into the survivor's row (paid only if both were paid); the
 * other rows move over. Everything needed to take it apart again is answered.
 */
export async function combineRows(
  db: DbOrTx,
  table: string,
  rule: { key: readonly string[]; sum: readonly string[]; all: readonly string[] },
  from: string,
  to: string,
): Promise<Combination> {
  const [mine, theirs] = await Promise.all([selectOwnedRows(db, table, to, rule.all), selectOwnedRows(db, table, from, rule.all)]);
  const survivorByKey = new Map(mine.map((r) => [keyOf(r, rule.key), r]));
  const result: Combination = { moved: [], combined: [] };
  for (const row of theirs) {
    const survivor = survivorByKey.get(keyOf(row, rule.key));
    if (survivor) result.combined.push({ survivor, merged: row });
    else result.moved.push(keyOf(row, rule.key));
  }
  const t = sql.identifier(table);
  const keyMatch = sql.join(rule.key.map((k) => sql`s.${sql.identifier(k)} = m.${sql.identifier(k)}`), sql` and `);
  const sums = sql.join(rule.sum.map((c) => sql`${sql.identifier(c)} = s.${sql.identifier(c)} + m.${sql.identifier(c)}`), sql`, `);
  const paid = rule.all.includes("paid") ? sql`, paid = s.paid and m.paid` : sql``;
  if (result.combined.length) {
    await db.execute(sql`update ${t} s set ${sums}${paid} from ${t} m where s.customer_id = ${to} and m.customer_id = ${from} and ${keyMatch}`);
    await db.execute(sql`delete from ${t} m using ${t} s where m.customer_id = ${from} and s.customer_id = ${to} and ${keyMatch}`);
  }
  await db.execute(sql`update ${t} set customer_id = ${to} where customer_id = ${from}`);
  return result;
}

/**
 * Undoes a COMBINE: moved rows go back by key; for combined keys the merged record's numbers are
 * subtracted from the survivor's row (so anything written to it since the merge stays) and the
 * merged record's row is re-inserted as it was.
 */
export async function uncombineRows(
  db: DbOrTx,
  table: string,
  rule: { key: readonly string[]; sum: readonly string[]; all: readonly string[] },
  combination: Combination,
  survivorId: string,
  mergedId: string,
): Promise<number> {
  const t = sql.identifier(table);
  let restored = 0;
  const current = await selectOwnedRows(db, table, survivorId, rule.all);
  const byKey = new Map(current.map((r) => [keyOf(r, rule.key), r]));
  const movedKeys = new Set(combination.moved);
  for (const row of current) {
    if (!movedKeys.has(keyOf(row, rule.key))) continue;
    const where = sql.join(rule.key.map((k) => sql`${sql.identifier(k)} = ${row[k]}`), sql` and `);
    await db.execute(sql`update ${t} set customer_id = ${mergedId} where customer_id = ${survivorId} and ${where}`);
    restored++;
  }
  for (const { survivor, merged } of combination.combined) {
    const now = byKey.get(keyOf(survivor, rule.key));
    const where = sql.join(rule.key.map((k) => sql`${sql.identifier(k)} = ${survivor[k]}`), sql` and `);
    if (now) {
      const sets = rule.sum.map((c) => sql`${sql.identifier(c)} = ${sql.identifier(c)} - ${merged[c]}`);
      // paid went to (survivor.paid and merged.paid); unless someone changed it since, it goes back.
      if (rule.all.includes("paid") && now.paid === (Boolean(survivor.paid) && Boolean(merged.paid))) sets.push(sql`paid = ${survivor.paid}`);
      await db.execute(sql`update ${t} set ${sql.join(sets, sql`, `)} where customer_id = ${survivorId} and ${where}`);
    }
    const values = sql.join(rule.all.map((c) => sql`${merged[c]}`), sql`, `);
    await db.execute(sql`insert into ${t} (customer_id, ${columns(rule.all)}) values (${mergedId}, ${values})`);
    restored++;
  }
  return restored;
}

export async function insertMerge(db: DbOrTx, row: typeof customerMerges.$inferInsert): Promise<CustomerMergeRow> {
  const [created] = await db.insert(customerMerges).values(row).returning();
  return created!;
}

export async function selectMerge(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<CustomerMergeRow | undefined> {
  const query = db.select().from(customerMerges).where(eq(customerMerges.id, id));
  const [row] = options.lock ? await query.for("update") : await query;
  return row;
}

export async function markMergeUndone(db: DbOrTx, id: string, undoneBy: string): Promise<CustomerMergeRow> {
  const [row] = await db.update(customerMerges).set({ status: "UNDONE", undoneBy, undoneAt: sql`now()` }).where(eq(customerMerges.id, id)).returning();
  return row!;
}

export async function setMergedInto(db: DbOrTx, id: string, survivorId: string | null) {
  await db
    .update(customers)
    .set({ mergedInto: survivorId, version: sql`${customers.version} + 1`, updatedAt: sql`now()` })
    .where(eq(customers.id, id));
}

export async function updateProfile(db: DbOrTx, id: string, patch: Partial<CustomerRow>) {
  await db
    .update(customers)
    .set({ ...patch, version: sql`${customers.version} + 1`, updatedAt: sql`now()` })
    .where(eq(customers.id, id));
}

export async function deleteConsentEvents(db: DbOrTx, ids: readonly string[]) {
  if (ids.length) await db.execute(sql`delete from consent_events where id = any(${sqlArray(ids, "uuid")})`);
}

export async function deleteInsightOf(db: DbOrTx, customerId: string) {
  await db.execute(sql`delete from customer_insight where customer_id = ${customerId}`);
}

/** Stored profile snapshots of merges involving an erased customer are cleared (the merge can then no longer be undone). */
export async function clearMergeSnapshotsOf(db: DbOrTx, customerId: string) {
  await db
    .update(customerMerges)
    .set({ survivorBefore: null, mergedBefore: null, fieldsSet: null, combined: {} })
    .where(sql`${customerMerges.survivorId} = ${customerId} or ${customerMerges.mergedId} = ${customerId}`);
}
