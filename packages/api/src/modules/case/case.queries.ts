import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, not, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { listRelation } from "../../graphql/prefetch.js";
import { customers } from "../customer/customer.table.js";
import { interactions } from "../interaction/interaction.table.js";
import type { CaseFilter } from "./case.inputs.js";
import { ACTIVE_STATUSES } from "./case.rules.js";
import { cases, type CaseRow, type CaseTransition } from "./case.table.js";

/** A case with what the policy needs to know about its customer (erased, restricted). */
export type CaseWithSubject = CaseRow & { erasedAt: Date | null; processingRestricted: boolean };

const withSubject = { ...getTableColumns(cases), erasedAt: customers.erasedAt, processingRestricted: customers.processingRestricted };

const CASE_ORDER = sql`${cases.openedAt} desc`;

/** `Customer.cases` planned into the customer's statement (graphql/prefetch.ts). */
/** A case's clocks and status feed its derived fields (overdue, breachedClocks, allowedActions); only its history is built when selected. */
export const casesRelation = listRelation<CaseRow>(getTableColumns(cases), (id: SQL) => sql`from ${cases} where ${cases.customerId} = ${id}`, CASE_ORDER, undefined, ["history"]);

export function selectCasesOfCustomers(db: DbOrTx, customerIds: readonly string[]): Promise<CaseRow[]> {
  return db.select().from(cases).where(inArray(cases.customerId, [...customerIds])).orderBy(CASE_ORDER);
}

/** Overdue: still running against its due time (the (status, due_at) index serves it). */
export function overdueCondition(): SQL {
  return and(inArray(cases.status, [...ACTIVE_STATUSES]), isNull(cases.resolvedAt), lt(cases.dueAt, sql`now()`))!;
}

/** SQL twin of case.rules `escalationDue`: a clock ran out after the last escalation. */
export function escalationDueCondition(): SQL {
  const responseBreach = sql`(${cases.firstResponseAt} is null and ${cases.responseDueAt} < now())`;
  const lastBreach = sql`greatest(case when ${responseBreach} then ${cases.responseDueAt} end, case when ${cases.dueAt} < now() then ${cases.dueAt} end)`;
  return and(
    inArray(cases.status, [...ACTIVE_STATUSES]),
    isNull(cases.resolvedAt),
    sql`(${responseBreach} or ${cases.dueAt} < now())`,
    sql`(${cases.escalatedAt} is null or ${cases.escalatedAt} < ${lastBreach})`,
  )!;
}

export function caseFilterCondition(filter?: CaseFilter): SQL | undefined {
  if (!filter) return undefined;
  return and(
    filter.status?.length ? inArray(cases.status, filter.status as CaseRow["status"][]) : undefined,
    filter.category?.length ? inArray(cases.category, filter.category as CaseRow["category"][]) : undefined,
    filter.kind?.length ? inArray(cases.kind, filter.kind as CaseRow["kind"][]) : undefined,
    filter.owner != null ? eq(cases.owner, filter.owner) : undefined,
    filter.assignee != null ? eq(cases.assignee, filter.assignee) : undefined,
    filter.escalationDue === true ? escalationDueCondition() : filter.escalationDue === false ? not(escalationDueCondition()) : undefined,
    filter.customerId != null ? eq(cases.customerId, filter.customerId) : undefined,
    filter.overdue === true ? overdueCondition() : filter.overdue === false ? not(overdueCondition()) : undefined,
  );
}

/**
 * One page of the case work queue, soonest due first, keyset on (due_at, id). `where` carries
 * the filter and the principal's customer visibility, which refers to the joined customer.
 */
export function selectCasePage(db: DbOrTx, p: { where?: SQL; from?: { dueAt: string; id: string }; backward?: boolean; limit: number }): Promise<CaseWithSubject[]> {
  // Backward pages read the reversed order from the `before` position (connection.ts windowed).
  const keyset = p.from ? sql`(${cases.dueAt}, ${cases.id}) ${sql.raw(p.backward ? "<" : ">")} (${p.from.dueAt}::timestamptz, ${p.from.id})` : undefined;
  const order = p.backward ? desc : asc;
  return db
    .select(withSubject)
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(and(p.where, keyset))
    .orderBy(order(cases.dueAt), order(cases.id))
    .limit(p.limit);
}

/** Counts the cases matching `where`; `visibility` (a condition on the customer) joins the customers. */
export async function countCases(db: DbOrTx, where?: SQL, visibility?: SQL): Promise<number> {
  const query = db.select({ n: sql<number>`count(*)::int` }).from(cases);
  const [row] = visibility ? await query.innerJoin(customers, eq(customers.id, cases.customerId)).where(and(where, visibility)) : await query.where(where);
  return row?.n ?? 0;
}

export async function selectCasesByIds(db: DbOrTx, ids: readonly string[], where?: SQL): Promise<CaseWithSubject[]> {
  if (!ids.length) return [];
  return db
    .select(withSubject)
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(and(inArray(cases.id, [...ids]), where));
}

export async function insertCase(db: DbOrTx, row: typeof cases.$inferInsert): Promise<CaseRow> {
  const [created] = await db.insert(cases).values(row).returning();
  return created!;
}

export type CasePatch = Partial<
  Pick<
    CaseRow,
    | "status"
    | "assignee"
    | "priority"
    | "resolvedAt"
    | "closedAt"
    | "rootCause"
    | "resolution"
    | "satisfaction"
    | "firstResponseAt"
    | "eta"
    | "dueAt"
    | "progressContacts"
    | "lastContactAt"
    | "escalationLevel"
    | "escalatedAt"
  >
>;

/**
 * Compare-and-set: applies the patch and appends the transition only while the case is still at
 * `expectedVersion`; answers undefined when someone else changed it first.
 */
export async function updateCaseIfVersion(db: DbOrTx, id: string, expectedVersion: number, patch: CasePatch, transition: CaseTransition): Promise<CaseRow | undefined> {
  const [updated] = await db
    .update(cases)
    .set({ ...patch, version: sql`${cases.version} + 1`, history: sql`${cases.history} || ${JSON.stringify([transition])}::jsonb` })
    .where(and(eq(cases.id, id), eq(cases.version, expectedVersion)))
    .returning();
  return updated;
}

export async function selectCaseVersion(db: DbOrTx, id: string): Promise<number | undefined> {
  const [row] = await db.select({ version: cases.version }).from(cases).where(eq(cases.id, id));
  return row?.version;
}

export async function selectInteractionLink(db: DbOrTx, id: string): Promise<{ customerId: string; caseId: string | null; type: string } | undefined> {
  const [row] = await db.select({ customerId: interactions.customerId, caseId: interactions.caseId, type: interactions.type }).from(interactions).where(eq(interactions.id, id));
  return row;
}

/** Links an intake interaction to its case, unless another case claimed it meanwhile. */
export async function linkInteractionToCase(db: DbOrTx, interactionId: string, customerId: string, caseId: string): Promise<boolean> {
  const rows = await db
    .update(interactions)
    .set({ caseId })
    .where(and(eq(interactions.id, interactionId), eq(interactions.customerId, customerId), isNull(interactions.caseId)))
    .returning({ id: interactions.id });
  return rows.length === 1;
}
