import { asc, inArray, sql } from "drizzle-orm";
import { isEffectiveGrant, latestConsentEvents } from "../../privacy/scope.js";
import type { DbOrTx } from "../../db/client.js";
import { consentEvents, type ConsentEventRow } from "./consent.table.js";

export type ConsentStateRow = ConsentEventRow & { granted: boolean; expired: boolean };

/**
 * The current consent state of each customer: the latest event per (purpose, channel, partner),
 * as privacy/scope.ts defines it, with whether it is an effective grant now.
 */
export async function selectCurrentConsents(db: DbOrTx, customerIds: readonly string[]): Promise<ConsentStateRow[]> {
  if (!customerIds.length) return [];
  const e = consentEvents;
  const ids = sql.join(customerIds.map((id) => sql`${id}::uuid`), sql`, `);
  const latest = sql`${e.id} in (select latest.id from (${latestConsentEvents(sql`e.customer_id in (${ids})`)}) latest)`;
  return db
    .select({
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
      externalId: e.externalId,
      granted: isEffectiveGrant(sql`consent_events`),
      expired: sql<boolean>`(${e.expiresAt} is not null and ${e.expiresAt} <= now())`,
    })
    .from(e)
    .where(latest)
    .orderBy(e.customerId, e.purpose, e.channel, e.partnerId);
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
