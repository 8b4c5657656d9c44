import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { sqlArray } from "../../db/arrays.js";
import { partnerApps, type PartnerAppRow } from "../partner/partner.table.js";
import { segments, type SegmentRow } from "../segment/segment.table.js";
import { audienceMembers, audiences, type AudienceRow } from "./audience.table.js";

/** An audience with the segment it publishes and the partner it is published to. */
export interface AudienceWith {
  audience: AudienceRow;
  segment: SegmentRow;
  partner: PartnerAppRow;
}

function selectWith(db: DbOrTx) {
  return db.select({ audience: audiences, segment: segments, partner: partnerApps }).from(audiences).innerJoin(segments, eq(segments.id, audiences.segmentId)).innerJoin(partnerApps, eq(partnerApps.id, audiences.partnerId));
}

export async function insertAudience(db: DbOrTx, row: typeof audiences.$inferInsert): Promise<AudienceRow> {
  const [created] = await db.insert(audiences).values(row).returning();
  return created!;
}

export async function selectAudience(db: DbOrTx, id: string): Promise<AudienceWith | undefined> {
  const [row] = await selectWith(db).where(eq(audiences.id, id));
  return row;
}

/** Live audiences (not unpublished), oldest first; of one partner when given, of one status when given. */
export function selectAudiences(db: DbOrTx, filter: { partnerId?: string; status?: AudienceRow["status"]; segmentId?: string } = {}): Promise<AudienceWith[]> {
  return selectWith(db)
    .where(
      and(
        ne(audiences.status, "UNPUBLISHED"),
        filter.partnerId ? eq(audiences.partnerId, filter.partnerId) : undefined,
        filter.status ? eq(audiences.status, filter.status) : undefined,
        filter.segmentId ? eq(audiences.segmentId, filter.segmentId) : undefined,
      ),
    )
    .orderBy(asc(audiences.createdAt), asc(audiences.id));
}

/** The live audience of a segment for a partner and purpose, if any (one at a time: audiences_live_idx). */
export async function selectLiveAudience(db: DbOrTx, segmentId: string, partnerId: string, purpose: AudienceRow["purpose"]): Promise<AudienceRow | undefined> {
  const [row] = await db
    .select()
    .from(audiences)
    .where(and(eq(audiences.segmentId, segmentId), eq(audiences.partnerId, partnerId), eq(audiences.purpose, purpose), ne(audiences.status, "UNPUBLISHED")));
  return row;
}

export async function updateAudience(db: DbOrTx, id: string, set: Partial<Pick<AudienceRow, "status" | "publishedAt" | "unpublishedAt">>): Promise<AudienceRow | undefined> {
  const [row] = await db.update(audiences).set(set).where(eq(audiences.id, id)).returning();
  return row;
}

/** The stored members of an audience (all, or among `customerIds`). */
export async function selectStoredMembers(db: DbOrTx, audienceId: string, customerIds?: readonly string[]): Promise<string[]> {
  const among = customerIds ? sql`${audienceMembers.customerId} = any(${sqlArray(customerIds, "uuid")})` : undefined;
  const rows = await db.select({ id: audienceMembers.customerId }).from(audienceMembers).where(and(eq(audienceMembers.audienceId, audienceId), among));
  return rows.map((r) => r.id);
}

export async function insertMembers(db: DbOrTx, audienceId: string, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length) await db.insert(audienceMembers).values(customerIds.map((customerId) => ({ audienceId, customerId }))).onConflictDoNothing();
}

export async function deleteMembers(db: DbOrTx, audienceId: string, customerIds?: readonly string[]): Promise<void> {
  if (customerIds && !customerIds.length) return;
  await db.delete(audienceMembers).where(and(eq(audienceMembers.audienceId, audienceId), customerIds ? sql`${audienceMembers.customerId} = any(${sqlArray(customerIds, "uuid")})` : undefined));
}
