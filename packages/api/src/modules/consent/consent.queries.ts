import { asc, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { consentEvents, type ConsentEventRow } from "./consent.table.js";

/**
 * The one definition of an effective grant: the latest ledger event for the key is GRANTED
 * and not expired at read time. Both the consent view and partner visibility use it.
 */
export function isEffectiveGrant(status: SQL | typeof consentEvents.status, expiresAt: SQL | typeof consentEvents.expiresAt): SQL<boolean> {
  return sql<boolean>`(${status} = 'GRANTED' and (${expiresAt} is null or ${expiresAt} > now()))`;
}

export type ConsentStateRow = ConsentEventRow & { granted: boolean; expired: boolean };

/** Latest event per (purpose, channel, partner) for each customer: the current consent state. */
export async function selectCurrentConsents(db: DbOrTx, customerIds: readonly string[]): Promise<ConsentStateRow[]> {
  const e = consentEvents;
  return db
    .selectDistinctOn([e.customerId, e.purpose, e.channel, e.partnerId], {
      id: e.id,
      customerId: e.customerId,
      purpose: e.purpose,
      channel: e.channel,
      partnerId: e.partnerId,
      status: e.status,
      legalBasis: e.legalBasis,
      source: e.source,
      policyVersion: e.policyVersion,
      capturedAt: e.capturedAt,
      expiresAt: e.expiresAt,
      evidence: e.evidence,
      receiptHash: e.receiptHash,
      recordedBy: e.recordedBy,
      granted: isEffectiveGrant(e.status, e.expiresAt),
      expired: sql<boolean>`(${e.expiresAt} is not null and ${e.expiresAt} <= now())`,
    })
    .from(e)
    .where(inArray(e.customerId, [...customerIds]))
    .orderBy(e.customerId, e.purpose, e.channel, e.partnerId, sql`${e.capturedAt} desc`, sql`${e.id} desc`);
}

export function selectConsentHistory(db: DbOrTx, customerIds: readonly string[]): Promise<ConsentEventRow[]> {
  return db
    .select()
    .from(consentEvents)
    .where(inArray(consentEvents.customerId, [...customerIds]))
    .orderBy(asc(consentEvents.capturedAt), asc(consentEvents.id));
}

export async function insertConsentEvent(db: DbOrTx, row: typeof consentEvents.$inferInsert): Promise<ConsentEventRow> {
  const [created] = await db.insert(consentEvents).values(row).returning();
  return created!;
}
