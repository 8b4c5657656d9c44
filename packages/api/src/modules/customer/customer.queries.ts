import { executePrepared } from "../../db/prepared.js";
import { ESTIMATE_FROM_ROWS, ESTIMATE_KEPT_MS } from "./customer.count.js";
import { and, asc, desc, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { rowsOf } from "../../db/rows.js";
import { runCompiled, sqlKey, type Preparable } from "../../db/statements.js";
import { ExpiringMemo, weakMemo } from "../../lib/memo.js";
import { OrderDirection } from "../../graphql/order.js";
import { customers, type CustomerRow, type NewCustomerRow } from "./customer.table.js";
import { customerInsight, lifecycleStage, valueTier, type CustomerInsightRow } from "../insight/insight.table.js";
import { CustomerOrderField, type CustomerFilter } from "./customer.inputs.js";

/** Rank of an enum value in the given order (1, 2, …); 0 without a stored insight row. */
function insightRank(column: SQL, ordered: readonly string[]): SQL {
  const whens = ordered.map((value, i) => sql`when ${sql.raw(`'${value}'`)} then ${sql.raw(String(i + 1))}`);
  return sql`coalesce((select case ${column} ${sql.join(whens, sql` `)} end from ${customerInsight} where ${customerInsight.customerId} = ${customers.id}), 0)`;
}

/**
 * Sort keys on stored insight: an integer per customer, so one keyset (key, id) pages them. Tiers
 * rank LOW → HIGH (the enum is declared HIGH first); a customer not yet scored ranks 0 (−1 for the score).
 */
const INSIGHT_KEYS = {
  [CustomerOrderField.VALUE_TIER]: insightRank(sql`${customerInsight.valueTier}`, [...valueTier.enumValues].reverse()),
  [CustomerOrderField.LIFECYCLE_STAGE]: insightRank(sql`${customerInsight.lifecycleStage}`, lifecycleStage.enumValues),
  [CustomerOrderField.CHURN_SCORE]: sql`coalesce((select ${customerInsight.churnScore} from ${customerInsight} where ${customerInsight.customerId} = ${customers.id}), -1)`,
} as const;

const ORDER_COLUMNS = {
  [CustomerOrderField.CREATED_AT]: customers.createdAt,
  [CustomerOrderField.UPDATED_AT]: customers.updatedAt,
  [CustomerOrderField.NAME]: customers.name,
  ...INSIGHT_KEYS,
} as const;

export function orderColumn(field: CustomerOrderField) {
  return ORDER_COLUMNS[field];
}

/** How a cursor's sort value is bound back into the keyset comparison: typed, so both drivers agree. */
function boundSortValue(field: CustomerOrderField, value: ReturnType<typeof sql.placeholder>): SQL {
  if (field === CustomerOrderField.NAME) return sql`${value}`;
  if (field in INSIGHT_KEYS) return sql`${value}::int`;
  // Timestamps travel as ISO text with an explicit cast: both drivers bind them the same way.
  return sql`${value}::timestamptz`;
}

/** The sort key of a row as the page statement selected it (insight keys are computed, not columns). */
export const SORT_KEY = "__sortKey";

/** LIKE metacharacters in user text are matched literally. */
function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const SEARCH_FIELDS = ["name", "phone", "email"] as const;
/** A search term written as a phone number: digits with the separators people type (spaces, dashes, dots, parentheses). */
const PHONE_LIKE = /^\+?[\d\s().-]*\d[\d\s().-]*$/;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Text search matches the given fields only (the ones the caller may read). */
export function customerFilterCondition(filter: CustomerFilter | undefined, searchFields: readonly SearchField[] = SEARCH_FIELDS): SQL | undefined {
  if (!filter) return undefined;
  const conditions: (SQL | undefined)[] = [];
  if (filter.kind?.length) conditions.push(inArray(customers.kind, filter.kind as CustomerRow["kind"][]));
  if (filter.status?.length) conditions.push(inArray(customers.status, filter.status as CustomerRow["status"][]));
  if (filter.region?.length) conditions.push(inArray(customers.region, filter.region));
  if (filter.accountManager?.length) conditions.push(inArray(customers.accountManager, filter.accountManager));
  const insight = insightFilterCondition(filter);
  if (insight) conditions.push(insight);
  const search = filter.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    // Phone numbers are stored in E.164; a search typed without the country code still matches as a
    // substring, and one typed as people write numbers (`139 1234 5678`, `139-1234-5678`) by its digits.
    const phonePattern = PHONE_LIKE.test(search) ? likePattern(search.replace(/[\s().-]/g, "")) : pattern;
    conditions.push(or(...searchFields.map((field) => ilike(customers[field], field === "phone" ? phonePattern : pattern))));
  }
  return and(...conditions);
}

/** Filters on stored insight: one semi-join on customer_insight (its indexes lead with tier, stage, level). */
function insightFilterCondition(filter: CustomerFilter): SQL | undefined {
  const ci = customerInsight;
  const conditions: SQL[] = [];
  if (filter.valueTier?.length) conditions.push(inArray(ci.valueTier, filter.valueTier as CustomerInsightRow["valueTier"][]));
  if (filter.lifecycleStage?.length) conditions.push(inArray(ci.lifecycleStage, filter.lifecycleStage as CustomerInsightRow["lifecycleStage"][]));
  if (filter.churnLevel?.length) conditions.push(inArray(ci.churnLevel, filter.churnLevel as CustomerInsightRow["churnLevel"][]));
  if (!conditions.length) return undefined;
  return sql`exists (select 1 from ${ci} where ${ci.customerId} = ${customers.id} and ${and(...conditions)})`;
}

export interface CustomerPageParams {
  where?: SQL;
  orderBy: CustomerOrderField;
  direction: OrderDirection;
  /** Keyset position: rows strictly after (sortValue, id) in the chosen order. */
  after?: { sortValue: unknown; id: string };
  limit: number;
}

/** Extra columns of a customer SELECT: the nested fields planned from the selection (graphql/prefetch.ts). */
export type PlannedColumns = Record<string, SQL>;

const CUSTOMER_COLUMNS = getTableColumns(customers);

/**
 * A page of customers in keyset order. With `shape` — a key covering everything `p.where` and
 * `planned` are built from (db/statements.ts) — the statement is compiled once per shape, order,
 * direction, cursor presence and limit, and the cursor position is bound as its parameters.
 */
export async function selectCustomerPage(db: DbOrTx, p: CustomerPageParams, planned: PlannedColumns = {}, shape?: string): Promise<CustomerRow[]> {
  const column = orderColumn(p.orderBy);
  const ascending = p.direction === OrderDirection.ASC;
  const build = () => {
    let keyset: SQL | undefined;
    if (p.after) {
      const after = { value: sql.placeholder("afterValue"), id: sql.placeholder("afterId") };
      const value = boundSortValue(p.orderBy, after.value);
      // Row comparison keeps the keyset on the (column, id) index in either direction.
      keyset = ascending ? sql`(${column}, ${customers.id}) > (${value}, ${after.id})` : sql`(${column}, ${customers.id}) < (${value}, ${after.id})`;
    }
    const order = ascending ? [asc(column), asc(customers.id)] : [desc(column), desc(customers.id)];
    return db
      .select({ ...CUSTOMER_COLUMNS, ...planned, [SORT_KEY]: sql`${column}` })
      .from(customers)
      .where(and(p.where, keyset))
      .orderBy(...order)
      .limit(p.limit);
  };
  const values = p.after ? { afterValue: String(p.after.sortValue), afterId: p.after.id } : {};
  if (shape === undefined) return (await build().execute(values)) as CustomerRow[];
  const key = `customers.page\u0003${p.orderBy}\u0003${p.direction}\u0003${Boolean(p.after)}\u0003${p.limit}\u0003${shape}`;
  return runCompiled(db, key, build as () => Preparable<CustomerRow[]>, values);
}

export async function countCustomers(db: DbOrTx, where?: SQL): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(customers).where(where);
  return row?.n ?? 0;
}

async function plannerEstimate(db: DbOrTx, condition: SQL): Promise<number> {
  const [plan] = rowsOf<{ "QUERY PLAN": unknown }>(await db.execute(sql`explain (format json) select 1 from ${customers} where ${condition}`));
  const json = plan!["QUERY PLAN"];
  return Math.round(Number((typeof json === "string" ? JSON.parse(json) : json)[0].Plan["Plan Rows"]));
}

/**
 * The planner's estimate for a condition changes only when the table's statistics do (ANALYZE,
 * autovacuum): it is kept for ESTIMATE_KEPT_MS per database handle and condition (its SQL and
 * parameters), so paging through one filter asks the planner once, not once per page.
 */
const plannerEstimates = weakMemo((_db: DbOrTx) => new ExpiringMemo<number>(ESTIMATE_KEPT_MS));

/**
 * The customers matching `where`, counted exactly up to `cap`; above it, PostgreSQL's planner
 * estimate for the same condition (EXPLAIN, nothing is read), never below the cap. A count of
 * a million rows reads a million rows; the estimate costs one plan.
 *
 * An estimate is only as good as the table's statistics, so it is used only on a table that has
 * them and is large (`estimateFrom` rows by its last ANALYZE): PGlite has no autovacuum and a
 * freshly filled table none yet (reltuples -1), and the 2,000 demo customers showed as "1,001".
 * A small table is counted exactly, which is cheap there.
 */
export async function countCustomersUpTo(db: DbOrTx, where: SQL | undefined, cap: number, estimateFrom = ESTIMATE_FROM_ROWS): Promise<{ n: number; exact: boolean }> {
  const condition = where ?? sql`true`;
  // Prepared: its text follows the filter's shape, as the compiled page statement beside it does.
  const [row] = await executePrepared<{ n: number; tuples: number | string }>(
    db,
    sql`select (select count(*)::int from (select 1 from ${customers} where ${condition} limit ${cap + 1}) t) as n, (select reltuples::float8 from pg_class where oid = 'customers'::regclass) as tuples`,
  );
  if (row!.n <= cap) return { n: row!.n, exact: true };
  if (Number(row!.tuples) < estimateFrom) return { n: await countCustomers(db, where), exact: true };
  return { n: Math.max(cap + 1, await plannerEstimates(db).get(sqlKey(condition), () => plannerEstimate(db, condition))), exact: false };
}

export async function selectCustomersByIds(db: DbOrTx, ids: readonly string[], where?: SQL, planned: PlannedColumns = {}): Promise<CustomerRow[]> {
  if (!ids.length) return [];
  return db.select({ ...CUSTOMER_COLUMNS, ...planned }).from(customers).where(and(inArray(customers.id, [...ids]), where));
}

/** One customer by id, compiled once per `shape` (covering `where` and `planned`, db/statements.ts). */
export async function selectCustomerById(db: DbOrTx, id: string, where: SQL | undefined, planned: PlannedColumns, shape: string): Promise<CustomerRow | undefined> {
  const build = () => db.select({ ...CUSTOMER_COLUMNS, ...planned }).from(customers).where(and(eq(customers.id, sql.placeholder("id")), where));
  const [row] = await runCompiled(db, `customer.byId\u0003${shape}`, build as () => Preparable<CustomerRow[]>, { id });
  return row;
}

export async function insertCustomer(db: DbOrTx, row: NewCustomerRow): Promise<CustomerRow> {
  const [created] = await db.insert(customers).values(row).returning();
  return created!;
}

/** Compare-and-set on version: answers the new row, or undefined when the version was stale or the id unknown. */
export async function updateCustomerIfVersion(
  db: DbOrTx,
  id: string,
  expectedVersion: number,
  patch: Partial<NewCustomerRow>,
): Promise<CustomerRow | undefined> {
  const [updated] = await db
    .update(customers)
    .set({ ...patch, version: sql`${customers.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(customers.id, id), eq(customers.version, expectedVersion)))
    .returning();
  return updated;
}

export async function selectCustomerVersion(db: DbOrTx, id: string): Promise<number | undefined> {
  const [row] = await db.select({ version: customers.version }).from(customers).where(eq(customers.id, id));
  return row?.version;
}
