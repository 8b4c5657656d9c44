import { and, asc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { grantRequests, type GrantRequestRow } from "./grant.table.js";

export async function insertGrantRequest(db: DbOrTx, row: typeof grantRequests.$inferInsert): Promise<GrantRequestRow> {
  const [created] = await db.insert(grantRequests).values(row).returning();
  return created!;
}

export function selectPendingGrants(db: DbOrTx): Promise<GrantRequestRow[]> {
  return db.select().from(grantRequests).where(eq(grantRequests.status, "PENDING")).orderBy(asc(grantRequests.createdAt));
}

export async function selectGrant(db: DbOrTx, id: string): Promise<GrantRequestRow | undefined> {
  const [row] = await db.select().from(grantRequests).where(eq(grantRequests.id, id));
  return row;
}

/**
 * Decides a pending request in one statement: only while PENDING and only by someone other than
 * its requester, so two admins racing, or the requester, cannot both decide it.
 */
export async function decideGrant(db: DbOrTx, id: string, decision: { status: "APPROVED" | "REJECTED"; decidedById: string; decidedBy: string; reason?: string | null }) {
  const [row] = await db
    .update(grantRequests)
    .set({ status: decision.status, decidedById: decision.decidedById, decidedBy: decision.decidedBy, decidedAt: new Date(), reason: decision.reason ?? null })
    .where(and(eq(grantRequests.id, id), eq(grantRequests.status, "PENDING"), ne(grantRequests.requestedById, decision.decidedById)))
    .returning();
  return row;
}
