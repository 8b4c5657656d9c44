import { and, asc, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { customers, type CustomerRow } from "../customer/customer.table.js";
import { customerInsight } from "../insight/insight.table.js";
import { segments, type SegmentRow } from "./segment.table.js";

/** A position in a list ordered by (created_at, id). */
export interface CreatedKey {
  createdAt: string;
  id: string;
}

/**
 * Members of a segment: customers left-joined to their insight, in the customer list's default
 * order (created_at, id); `backward` reads from `from` towards the start (the caller reverses).
 * `extra`: columns the policy needs to release the rows (privacy/scope.ts subjectColumns).
 */
export function selectMemberPage(
  db: DbOrTx,
  where: SQL,
  from: CreatedKey | undefined,
  limit: number,
  backward = false,
  extra: Record<string, SQL> = {},
): Promise<CustomerRow[]> {
  const keyset = from ? sql`(${customers.createdAt}, ${customers.id}) ${sql.raw(backward ? "<" : ">")} (${from.createdAt}::timestamptz, ${from.id}::uuid)` : undefined;
  const dir = backward ? desc : asc;
  return db
    .select({ ...getTableColumns(customers), ...extra })
    .from(customers)
    .leftJoin(customerInsight, eq(customerInsight.customerId, customers.id))
    .where(and(where, keyset))
    .orderBy(dir(customers.createdAt), dir(customers.id))
    .limit(limit);
}

/** The ids of every member (for diffing a published audience's membership). */
export async function selectMemberIds(db: DbOrTx, where: SQL): Promise<string[]> {
  const rows = await db.select({ id: customers.id }).from(customers).leftJoin(customerInsight, eq(customerInsight.customerId, customers.id)).where(where);
  return rows.map((r) => r.id);
}

export async function countMembers(db: DbOrTx, where: SQL): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .leftJoin(customerInsight, eq(customerInsight.customerId, customers.id))
    .where(where);
  return Number(row?.n ?? 0);
}

export async function insertSegment(db: DbOrTx, row: typeof segments.$inferInsert): Promise<SegmentRow> {
  const [created] = await db.insert(segments).values(row).returning();
  return created!;
}

export async function updateSegmentCount(db: DbOrTx, id: string, memberCount: number): Promise<SegmentRow | undefined> {
  const [updated] = await db.update(segments).set({ memberCount, refreshedAt: sql`now()` }).where(eq(segments.id, id)).returning();
  return updated;
}

export async function deleteSegmentRow(db: DbOrTx, id: string): Promise<boolean> {
  const deleted = await db.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id });
  return deleted.length > 0;
}

export async function selectSegment(db: DbOrTx, id: string): Promise<SegmentRow | undefined> {
  const [row] = await db.select().from(segments).where(eq(segments.id, id));
  return row;
}

/** Segments newest first, keyset on (created_at, id); `backward` reads from `from` towards the newest. */
export function selectSegmentPage(db: DbOrTx, from: CreatedKey | undefined, limit: number, backward = false): Promise<SegmentRow[]> {
  const keyset = from ? sql`(${segments.createdAt}, ${segments.id}) ${sql.raw(backward ? ">" : "<")} (${from.createdAt}::timestamptz, ${from.id}::uuid)` : undefined;
  const dir = backward ? asc : desc;
  return db.select().from(segments).where(keyset).orderBy(dir(segments.createdAt), dir(segments.id)).limit(limit);
}

export async function countSegments(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(segments);
  return Number(row?.n ?? 0);
}

export function selectSegmentsByIds(db: DbOrTx, ids: readonly string[]): Promise<SegmentRow[]> {
  return db.select().from(segments).where(sql`${segments.id} in ${ids}`);
}

export function selectAllSegments(db: DbOrTx, limit: number): Promise<SegmentRow[]> {
  return db.select().from(segments).orderBy(asc(segments.createdAt), asc(segments.id)).limit(limit);
}
