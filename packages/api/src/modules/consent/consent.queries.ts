import { asc, inArray, sql, type SQL } from "drizzle-orm";
import { isEffectiveGrant, latestConsentEvents } from "../../privacy/scope.js";
import type { DbOrTx } from "../../db/client.js";
import { allKeysBut, listRelation } from "../../graphql/prefetch.js";
import { consentEvents, type ConsentEventRow } from "./consent.table.js";

export type ConsentStateRow = ConsentEventRow & { granted: boolean; expired: boolean };

const e = consentEvents;

/** A current consent state: the latest event of its key, with whether it is an effective grant now. */
const CONSENT_STATE_FIELDS = {
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
};

/** The latest events of the customers matched by `customers` (a condition over the alias `e`). */
const isLatestOf = (customers: SQL) => sql`${e.id} in (select latest.id from (${latestConsentEvents(customers)}) latest)`;

const CONSENT_ORDER = sql`${e.purpose}, ${e.channel}, ${e.partnerId}`;

/**
 * `Customer.consents` planned into the customer's statement (graphql/prefetch.ts). A ConsentState
 * has no receipt, legal basis or recorder (those are the ledger's, `consentHistory`): the planned
 * rows leave them in PostgreSQL instead of carrying every receipt into the process (they were half
 * of a customer 360's planned JSON).
 */
const { evidence: _evidence, receiptHash: _receiptHash, recordedBy: _recordedBy, legalBasis: _legalBasis, externalId: _externalId, ...PLANNED_STATE_FIELDS } = CONSENT_STATE_FIELDS;
// A state's purpose and partner decide whether a partner sees the row at all (privacy/scope.ts rowVisible); its id is eventId.
export const consentsRelation = listRelation<Omit<ConsentStateRow, "evidence" | "receiptHash" | "recordedBy" | "legalBasis" | "externalId">>(
  PLANNED_STATE_FIELDS,
  (id: SQL) => sql`from ${e} where ${isLatestOf(sql`e.customer_id = ${id}`)}`,
  CONSENT_ORDER,
  undefined,
  allKeysBut(PLANNED_STATE_FIELDS, ["id", "customerId", "purpose", "channel", "partnerId"]),
);

/**
 * The current consent state of each customer: the latest event per (purpose, channel, partner),
 * as privacy/scope.ts defines it, with whether it is an effective grant now.
 */
export async function selectCurrentConsents(db: DbOrTx, customerIds: readonly string[]): Promise<ConsentStateRow[]> {
  if (!customerIds.length) return [];
  const ids = sql.join(customerIds.map((id) => sql`${id}::uuid`), sql`, `);
  return db
    .select(CONSENT_STATE_FIELDS)
    .from(e)
    .where(isLatestOf(sql`e.customer_id in (${ids})`))
    .orderBy(e.customerId, CONSENT_ORDER);
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
