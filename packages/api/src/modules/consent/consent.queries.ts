import { asc, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { consentEvents, type ConsentEventRow } from "./consent.table.js";

/**
 * The one definition of an effective grant: the latest ledger event for its (purpose, channel,
 * partner) is GRANTED, has not expired at read time, and no later channel-wide (channel null)
 * denial or withdrawal for the same purpose and partner supersedes it. The consent view and
 * partner visibility both use it.
 */
export function isEffectiveGrant(row: SQL): SQL<boolean> {
  return sql<boolean>`(${row}.status = 'GRANTED' and (${row}.expires_at is null or ${row}.expires_at > now())
    and not exists (select 1 from consent_events blanket where blanket.customer_id = ${row}.customer_id
      and blanket.purpose = ${row}.purpose and blanket.partner_id is not distinct from ${row}.partner_id
      and blanket.channel is null and blanket.status <> 'GRANTED' and blanket.captured_at > ${row}.captured_at))`;
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
      externalId: e.externalId,
      granted: isEffectiveGrant(sql`consent_events`),
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
