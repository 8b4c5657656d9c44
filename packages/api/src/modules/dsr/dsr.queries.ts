import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, not, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.js";
import { OrderDirection } from "../../graphql/order.js";
import { auditEvents } from "../../audit/audit.table.js";
import { customers, type CustomerRow } from "../customer/customer.table.js";
import { partnerApps } from "../partner/partner.table.js";
import { plans, subscriptions } from "../subscription/subscription.table.js";
import { usageMonths, type UsageMonthRow } from "../usage/usage.table.js";
import { DataSubjectRequestOrderField, type DataSubjectRequestFilter } from "./dsr.inputs.js";
import { dataSubjectRequests, type DataSubjectRequestRow, type NewDataSubjectRequestRow } from "./dsr.table.js";

const r = dataSubjectRequests;
const OPEN = sql`${r.status} in ('RECEIVED', 'IN_PROGRESS')`;

export async function insertRequest(db: DbOrTx, row: NewDataSubjectRequestRow): Promise<DataSubjectRequestRow> {
  const [created] = await db.insert(r).values(row).returning();
  return created!;
}

export async function selectRequest(db: DbOrTx, id: string): Promise<DataSubjectRequestRow | undefined> {
  const [row] = await db.select().from(r).where(eq(r.id, id));
  return row;
}

/** The request, locked until the transaction ends: two fulfilments of one request serialise here. */
export async function selectRequestForUpdate(db: DbOrTx, id: string): Promise<DataSubjectRequestRow | undefined> {
  const [row] = await db.select().from(r).where(eq(r.id, id)).for("update");
  return row;
}

export async function updateRequest(db: DbOrTx, id: string, patch: Partial<NewDataSubjectRequestRow>): Promise<DataSubjectRequestRow> {
  const [row] = await db.update(r).set(patch).where(eq(r.id, id)).returning();
  return row!;
}

export async function selectOpenRequest(db: DbOrTx, customerId: string, type: DataSubjectRequestRow["type"]) {
  const [row] = await db
    .select({ id: r.id })
    .from(r)
    .where(and(eq(r.customerId, customerId), eq(r.type, type), OPEN))
    .limit(1);
  return row?.id;
}

export function requestFilterCondition(filter: DataSubjectRequestFilter | undefined, now: Date): SQL | undefined {
  if (!filter) return undefined;
  const overdue = sql`(${OPEN} and ${r.dueAt} < ${now.toISOString()}::timestamptz)`;
  return and(
    filter.status?.length ? inArray(r.status, filter.status as DataSubjectRequestRow["status"][]) : undefined,
    filter.type?.length ? inArray(r.type, filter.type as DataSubjectRequestRow["type"][]) : undefined,
    filter.jurisdiction?.length ? inArray(r.jurisdiction, filter.jurisdiction as DataSubjectRequestRow["jurisdiction"][]) : undefined,
    filter.customerId ? eq(r.customerId, filter.customerId) : undefined,
    filter.overdue === true ? overdue : filter.overdue === false ? not(overdue) : undefined,
  );
}

const ORDER_COLUMNS = { [DataSubjectRequestOrderField.DUE_AT]: r.dueAt, [DataSubjectRequestOrderField.RECEIVED_AT]: r.receivedAt } as const;

export async function selectRequestPage(
  db: DbOrTx,
  p: { where?: SQL; orderBy: DataSubjectRequestOrderField; direction: OrderDirection; after?: { sortValue: string; id: string }; limit: number },
): Promise<DataSubjectRequestRow[]> {
  const column = ORDER_COLUMNS[p.orderBy];
  const ascending = p.direction === OrderDirection.ASC;
  const keyset = p.after
    ? ascending
      ? sql`(${column}, ${r.id}) > (${p.after.sortValue}::timestamptz, ${p.after.id})`
      : sql`(${column}, ${r.id}) < (${p.after.sortValue}::timestamptz, ${p.after.id})`
    : undefined;
  return db
    .select()
    .from(r)
    .where(and(p.where, keyset))
    .orderBy(...(ascending ? [asc(column), asc(r.id)] : [desc(column), desc(r.id)]))
    .limit(p.limit);
}

export async function countRequests(db: DbOrTx, where?: SQL): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(r).where(where);
  return row?.n ?? 0;
}

/** Stored ACCESS exports of a customer are copies of their data: erasure drops them (hashes stay). */
export async function dropExportsOfCustomer(db: DbOrTx, customerId: string): Promise<number> {
  const rows = await db
    .update(r)
    .set({ exportDocument: null })
    .where(and(eq(r.customerId, customerId), isNotNull(r.exportDocument)))
    .returning({ id: r.id });
  return rows.length;
}

/** Exports of requests fulfilled before `before` (retention housekeeping). */
export function expiredExportCondition(before: Date): SQL {
  return and(isNotNull(r.exportDocument), sql`${r.fulfilledAt} < ${before.toISOString()}::timestamptz`)!;
}

export async function countExpiredExports(db: DbOrTx, before: Date): Promise<number> {
  return countRequests(db, expiredExportCondition(before));
}

export async function dropExpiredExports(db: DbOrTx, before: Date): Promise<{ id: string; customerId: string }[]> {
  return db.update(r).set({ exportDocument: null }).where(expiredExportCondition(before)).returning({ id: r.id, customerId: r.customerId });
}

export async function selectRequestsOfCustomer(db: DbOrTx, customerId: string) {
  return db
    .select({ id: r.id, type: r.type, jurisdiction: r.jurisdiction, status: r.status, receivedAt: r.receivedAt, dueAt: r.dueAt, fulfilledAt: r.fulfilledAt })
    .from(r)
    .where(eq(r.customerId, customerId))
    .orderBy(asc(r.receivedAt), asc(r.id));
}

// ---- The customer's data, for export and erasure ----------------------------------------------

/** The customer row, locked for the rest of the transaction (erasure and restriction). */
export async function selectCustomerForUpdate(db: DbOrTx, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id)).for("update");
  return row;
}

export async function selectCustomer(db: DbOrTx, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row;
}

export async function updateCustomerRow(db: DbOrTx, id: string, patch: Record<string, unknown>): Promise<CustomerRow> {
  const [row] = await db
    .update(customers)
    .set({ ...patch, version: sql`${customers.version} + 1`, updatedAt: sql`now()` })
    .where(eq(customers.id, id))
    .returning();
  return row!;
}

/** Every row of a customer-owned table for one customer. */
export function selectOwnedRows(
  db: DbOrTx,
  table: PgTable,
  customerId: PgColumn,
  id: string,
  orderBy: PgColumn[],
  options: { omit?: string[] } = {},
): Promise<Record<string, unknown>[]> {
  const columns = Object.fromEntries(Object.entries(getTableColumns(table)).filter(([name]) => !options.omit?.includes(name)));
  return db
    .select(columns)
    .from(table)
    .where(eq(customerId, id))
    .orderBy(...orderBy.map((c) => asc(c))) as Promise<Record<string, unknown>[]>;
}

/** Subscriptions with the plan they are on (the customer should see which plan, not a plan id). */
export async function selectSubscriptionsWithPlan(db: DbOrTx, customerId: string) {
  const rows = await db
    .select({ subscription: subscriptions, plan: { code: plans.code, name: plans.name, monthlyFee: plans.monthlyFee } })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.customerId, customerId))
    .orderBy(asc(subscriptions.startedOn), asc(subscriptions.id));
  return rows.map((row) => ({ ...row.subscription, plan: row.plan }));
}

/** Updates every row of a customer that `where` selects; answers the count. */
export async function updateOwnedRows(
  db: DbOrTx,
  table: PgTable,
  customerId: PgColumn,
  id: string,
  values: Record<string, unknown>,
  where: SQL,
  key: PgColumn,
): Promise<number> {
  const rows = await db.update(table).set(values).where(and(eq(customerId, id), where)).returning({ key });
  return rows.length;
}

export async function countOwnedRows(db: DbOrTx, table: PgTable, customerId: PgColumn, id: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(customerId, id));
  return row?.n ?? 0;
}

/** Deletes the rows `where` selects (a customer's, by dsr.catalog.ts ownRows); answers the count. */
export async function deleteRows(db: DbOrTx, table: PgTable, where: SQL, key: PgColumn): Promise<number> {
  const rows = await db.delete(table).where(where).returning({ key });
  return rows.length;
}

export async function countRows(db: DbOrTx, table: PgTable, where: SQL): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return row?.n ?? 0;
}

export function selectUsageOfCustomer(db: DbOrTx, customerId: string): Promise<UsageMonthRow[]> {
  return db.select().from(usageMonths).where(eq(usageMonths.customerId, customerId)).orderBy(asc(usageMonths.month));
}

export async function deleteUsageMonths(db: DbOrTx, customerId: string, months: string[]): Promise<number> {
  if (!months.length) return 0;
  const rows = await db
    .delete(usageMonths)
    .where(and(eq(usageMonths.customerId, customerId), inArray(usageMonths.month, months)))
    .returning({ month: usageMonths.month });
  return rows.length;
}

/**
 * The access log of a customer: every audit row naming them (who, when, under which purpose,
 * which catalog fields), oldest first, with the partner app's name.
 */
export function selectAccessLog(db: DbOrTx, customerId: string) {
  const a = auditEvents;
  return db
    .select({
      seq: a.seq,
      occurredAt: a.occurredAt,
      principal: a.principal,
      principalKind: a.principalKind,
      role: a.role,
      partnerId: a.partnerId,
      partnerName: partnerApps.name,
      purpose: a.purpose,
      operation: a.operation,
      action: a.action,
      fields: a.fields,
    })
    .from(a)
    .leftJoin(partnerApps, eq(partnerApps.id, a.partnerId))
    .where(sql`${a.customerIds} @> array[${customerId}]::uuid[]`)
    .orderBy(asc(a.seq));
}
