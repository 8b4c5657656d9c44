import { and, asc, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { customers, type CustomerRow } from "../customer/customer.table.js";
import { customerInsight } from "../insight/insight.table.js";
import { segments, type SegmentRow } from "./segment.table.js";

/** Members of a segment: customers left-joined to their insight, in the customer list's default order (created_at, id). */
/** `extra`: columns the policy needs to release the rows (privacy/scope.ts subjectColumns). */
export function selectMemberPage(db: DbOrTx, where: SQL, after: { createdAt: string; id: string } | undefined, limit: number, extra: Record<string, SQL> = {}): Promise<CustomerRow[]> {
  const keyset = after ? sql`(${customers.createdAt}, ${customers.id}) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined;
  return db
    .select({ ...getTableColumns(customers), ...extra })
    .from(customers)
    .leftJoin(customerInsight, eq(customerInsight.customerId, customers.id))
    .where(and(where, keyset))
    .orderBy(asc(customers.createdAt), asc(customers.id))
    .limit(limit);
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

/** Segments newest first, keyset on (created_at, id). */
export function selectSegmentPage(db: DbOrTx, after: { createdAt: string; id: string } | undefined, limit: number): Promise<SegmentRow[]> {
  const keyset = after ? sql`(${segments.createdAt}, ${segments.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined;
  return db.select().from(segments).where(keyset).orderBy(desc(segments.createdAt), desc(segments.id)).limit(limit);
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
