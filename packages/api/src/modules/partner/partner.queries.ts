import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { runCompiled, type Preparable } from "../../db/statements.js";
import { apiKeys, partnerApps, type ApiKeyRow, type PartnerAppRow } from "./partner.table.js";

/** A key and its app: every partner request authenticates with it, so it is compiled once (db/statements.ts). */
export async function selectKeyWithPartner(db: DbOrTx, keyId: string): Promise<{ key: ApiKeyRow; partner: PartnerAppRow } | undefined> {
  const build = () => db.select({ key: apiKeys, partner: partnerApps }).from(apiKeys).innerJoin(partnerApps, eq(partnerApps.id, apiKeys.partnerId)).where(eq(apiKeys.keyId, sql.placeholder("keyId")));
  const [row] = await runCompiled(db, "partner.keyWithApp", build as () => Preparable<{ key: ApiKeyRow; partner: PartnerAppRow }[]>, { keyId });
  return row;
}

/** Records use at most once a minute per key, so authentication stays a read on the hot path. */
export async function touchKey(db: DbOrTx, id: string) {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
}

export async function insertPartner(db: DbOrTx, row: typeof partnerApps.$inferInsert): Promise<PartnerAppRow> {
  const [created] = await db.insert(partnerApps).values(row).returning();
  return created!;
}

export async function selectPartner(db: DbOrTx, idOrName: string): Promise<PartnerAppRow | undefined> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrName);
  const [row] = await db.select().from(partnerApps).where(byId ? eq(partnerApps.id, idOrName) : eq(partnerApps.name, idOrName));
  return row;
}

export function selectPartners(db: DbOrTx) {
  return db.select().from(partnerApps).orderBy(asc(partnerApps.name));
}

export function selectKeysOfPartners(db: DbOrTx, partnerIds: readonly string[]) {
  return db.select().from(apiKeys).where(sql`${apiKeys.partnerId} in ${partnerIds}`).orderBy(asc(apiKeys.createdAt));
}

export async function insertKey(db: DbOrTx, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [created] = await db.insert(apiKeys).values(row).returning();
  return created!;
}

export async function revokeKey(db: DbOrTx, keyId: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(eq(apiKeys.keyId, keyId))
    .returning();
  return row;
}

export async function updatePartner(db: DbOrTx, id: string, set: Partial<Pick<PartnerAppRow, "allowedPurposes" | "fieldAllowlist" | "capabilities" | "awaitingApproval">>) {
  const [row] = await db.update(partnerApps).set(set).where(eq(partnerApps.id, id)).returning();
  return row;
}
