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

/**
 * A customer's rows with every column as PostgreSQL's text form: keys compare and round-trip
 * exactly (a date stays '2026-09-01' whatever the session time zone) and go back as parameters.
 */
export async function selectOwnedRows(db: DbOrTx, table: string, customerId: string, all: readonly string[]): Promise<Record<string, unknown>[]> {
  const asText = sql.join(all.map((c) => sql`${sql.identifier(c)}::text as ${sql.identifier(c)}`), sql`, `);
  return rowsOf<Record<string, unknown>>(await db.execute(sql`select ${asText} from ${sql.identifier(table)} where customer_id = ${customerId}`));
}


export interface Combination {
  /** Keys of rows carried over to the survivor as they were. */
  moved: string[];
  /** Rows of both records for each key both held, as they were before the merge. */
  combined: { survivor: Record<string, unknown>; merged: Record<string, unknown> }[];
}

type CombineRule = { key: readonly string[]; sum: readonly string[]; all: readonly string[] };

const keyWhere = (rule: CombineRule, row: Record<string, unknown>, alias?: string) =>
  sql.join(rule.key.map((k) => sql`${alias ? sql.raw(`${alias}.`) : sql``}${sql.identifier(k)} = ${row[k]}`), sql` and `);
const keyMatch = (rule: CombineRule) => sql.join(rule.key.map((k) => sql`s.${sql.identifier(k)} = m.${sql.identifier(k)}`), sql` and `);
/** A stored row (text values) as a typed row of the table: PostgreSQL parses each value as its column's type. */
const typedRow = (table: string, row: Record<string, unknown>) => sql`jsonb_populate_record(null::${sql.identifier(table)}, ${JSON.stringify(row)}::jsonb)`;

/** Copies one row (by key) from one customer to another, as it is. */
async function copyRow(db: DbOrTx, table: string, rule: CombineRule, from: string, to: string, row: Record<string, unknown>) {
  const t = sql.identifier(table);
  await db.execute(sql`insert into ${t} (customer_id, ${columns(rule.all)}) select ${to}, ${columns(rule.all)} from ${t} where customer_id = ${from} and ${keyWhere(rule, row)}`);
}

/**
 * COMBINE, first step: where both records hold a row with the same key (both billed for one
 * month), the merged record's numbers are added into the survivor's row (paid only if both were
 * paid); its other rows are copied to the survivor. Rows are copied rather than re-pointed
 * because other tables reference them by (customer_id, key): parents are copied before children,
 * and `deleteCombinedRows` removes the merged record's rows afterwards, children first.
 */
export async function combineRows(db: DbOrTx, table: string, rule: CombineRule, from: string, to: string): Promise<Combination> {
  const [mine, theirs] = await Promise.all([selectOwnedRows(db, table, to, rule.all), selectOwnedRows(db, table, from, rule.all)]);
  const survivorByKey = new Map(mine.map((r) => [keyOf(r, rule.key), r]));
  const result: Combination = { moved: [], combined: [] };
  const t = sql.identifier(table);
  for (const row of theirs) {
    const survivor = survivorByKey.get(keyOf(row, rule.key));
    if (!survivor) {
      await copyRow(db, table, rule, from, to, row);
      result.moved.push(keyOf(row, rule.key));
      continue;
    }
    result.combined.push({ survivor, merged: row });
    const sets = rule.sum.map((c) => sql`${sql.identifier(c)} = s.${sql.identifier(c)} + m.${sql.identifier(c)}`);
    if (rule.all.includes("paid")) sets.push(sql`paid = s.paid and m.paid`);
    await db.execute(sql`update ${t} s set ${sql.join(sets, sql`, `)} from ${t} m
      where s.customer_id = ${to} and m.customer_id = ${from} and ${keyMatch(rule)} and ${keyWhere(rule, row, "s")}`);
  }
  return result;
}

export async function deleteOwnedRows(db: DbOrTx, table: string, customerId: string, rule: CombineRule, keys?: readonly string[]) {
  const t = sql.identifier(table);
  if (!keys) return void (await db.execute(sql`delete from ${t} where customer_id = ${customerId}`));
  for (const key of keys) {
    const values = JSON.parse(key) as string[];
    const row = Object.fromEntries(rule.key.map((k, i) => [k, values[i]]));
    await db.execute(sql`delete from ${t} where customer_id = ${customerId} and ${keyWhere(rule, row)}`);
  }
}

/**
 * Undoes a COMBINE, first step: moved rows are copied back to the merged record (their current
 * values), and for combined keys the merged record's numbers are subtracted from the survivor's
 * row (so anything written to it since the merge stays) and its own row re-inserted as it was.
 * The survivor's copies of the moved rows are deleted afterwards (deleteOwnedRows, children first).
 */
export async function uncombineRows(db: DbOrTx, table: string, rule: CombineRule, combination: Combination, survivorId: string, mergedId: string): Promise<number> {
  const t = sql.identifier(table);
  const current = await selectOwnedRows(db, table, survivorId, rule.all);
  const byKey = new Map(current.map((r) => [keyOf(r, rule.key), r]));
  let restored = 0;
  for (const key of combination.moved) {
    const row = byKey.get(key);
    if (!row) continue;
    await copyRow(db, table, rule, survivorId, mergedId, row);
    restored++;
  }
  for (const { survivor, merged } of combination.combined) {
    if (byKey.has(keyOf(survivor, rule.key))) {
      const sets = rule.sum.map((c) => sql`${sql.identifier(c)} = s.${sql.identifier(c)} - m.${sql.identifier(c)}`);
      // paid went to (survivor.paid and merged.paid); unless someone changed it since, it goes back.
      if (rule.all.includes("paid")) sets.push(sql`paid = case when s.paid = (o.paid and m.paid) then o.paid else s.paid end`);
      await db.execute(sql`update ${t} s set ${sql.join(sets, sql`, `)} from ${typedRow(table, merged)} m, ${typedRow(table, survivor)} o
        where s.customer_id = ${survivorId} and ${keyMatch(rule)}`);
    }
    await db.execute(sql`insert into ${t} (customer_id, ${columns(rule.all)}) select ${mergedId}, ${columns(rule.all)} from ${typedRow(table, merged)} r`);
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

/**
 * The records merged into this one (tombstones: the same person, by the merge) that are not
 * erased yet, found through the merge records (indexed by survivor; customers.merged_into is not).
 */
export async function selectUnerasedRecordsMergedInto(db: DbOrTx, survivorId: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`select distinct c.id from ${customerMerges} m join ${customers} c on c.id = m.merged_id
      where m.survivor_id = ${survivorId} and c.merged_into = ${survivorId} and c.erased_at is null order by c.id`),
  );
  return rows.map((r) => r.id);
}

/** Stored profile snapshots of merges involving an erased customer are cleared (the merge can then no longer be undone). */
export async function clearMergeSnapshotsOf(db: DbOrTx, customerId: string) {
  await db
    .update(customerMerges)
    .set({ survivorBefore: null, mergedBefore: null, fieldsSet: null, combined: {} })
    .where(sql`${customerMerges.survivorId} = ${customerId} or ${customerMerges.mergedId} = ${customerId}`);
}
