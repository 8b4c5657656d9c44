/**
 * The transactional outbox (SPEC §8): services call `emitEvent(tx, …)` inside the transaction of
 * the change that causes the event, so an event exists exactly when its change committed. The
 * fan-out to partner webhooks is decided here too, in the same transaction, from the customer
 * scope as it stands at the change (privacy/scope.ts customerCondition): who may see the customer
 * then is who hears about it. Resolvers never emit.
 */
import type { DbOrTx } from "../../db/client.js";
import { customerCondition, rowVisible } from "../../privacy/scope.js";
import type { Purpose } from "../../privacy/principal.js";
import type { PartnerAppRow } from "../partner/partner.table.js";
import { partnerPrincipal } from "../partner/partner.service.js";
import { audienceChangesOf } from "../audience/audience.membership.js";
import { insertDeliveries, insertOutboxEvent, insertOutboxEvents, selectHolding, selectPartnersThatReceived, selectSubscribers } from "./webhook.queries.js";
import type { EventType } from "./webhook.table.js";

export interface OutboundEvent {
  type: EventType;
  customerId: string;
  /** Ids, enums and field names only: never a personal value (the payload's customer fields are read at delivery, by policy). */
  data?: Record<string, unknown>;
  /**
   * Notices that must reach these partners whatever they may see now (erasure and restriction:
   * every partner the audit shows received the customer's data, GDPR Art. 19).
   */
  to?: readonly string[];
  /** Partners that could see the customer before the change (a withdrawal reaches them, so they stop). */
  alsoTo?: readonly string[];
}

/** The principal's purposes under which each partner may see the customer now (the one visibility rule). */
export async function purposesSeeing(db: DbOrTx, customerId: string, partners: readonly PartnerAppRow[]): Promise<Map<string, Purpose[]>> {
  const checks = partners.flatMap((partner) =>
    partner.allowedPurposes.map((purpose) => ({
      partnerId: partner.id,
      purpose,
      condition: customerCondition({ principal: partnerPrincipal(partner, "outbound"), purpose }, "RECORD")!,
    })),
  );
  const seeing = new Map<string, Purpose[]>();
  for (const { partnerId, purpose } of await selectHolding(db, customerId, checks)) seeing.set(partnerId, [...(seeing.get(partnerId) ?? []), purpose as Purpose]);
  return seeing;
}

/** Partners with a webhook for `type` that may see the customer now: call before a change that may hide it (`alsoTo`). */
export async function partnersSeeing(db: DbOrTx, customerId: string, type: EventType): Promise<string[]> {
  const subscribers = await selectSubscribers(db, type);
  if (!subscribers.length) return [];
  return [...(await purposesSeeing(db, customerId, uniquePartners(subscribers.map((s) => s.partner)))).keys()];
}

/** Partners the audit trail shows received the customer's data: the addressees of erasure and restriction notices. */
export const partnersThatReceived = selectPartnersThatReceived;

function uniquePartners(partners: readonly PartnerAppRow[]): PartnerAppRow[] {
  return [...new Map(partners.map((p) => [p.id, p])).values()];
}

/** A consent event names a purpose (and for sharing a partner): only partners entitled to that row hear of it. */
function entitled(type: EventType, partner: PartnerAppRow, data: Record<string, unknown>): boolean {
  if (type !== "CONSENT_CHANGED") return true;
  return rowVisible({ principal: partnerPrincipal(partner, "outbound") }, "ConsentEvent", data);
}

type Subscribers = Awaited<ReturnType<typeof selectSubscribers>>;

/**
 * Writes the event and its deliveries in the caller's transaction. Answers the partners it was
 * fanned out to (erasure evidence lists them).
 */
export async function emitEvent(tx: DbOrTx, event: OutboundEvent): Promise<string[]> {
  const recipients = await emitTo(tx, event, await selectSubscribers(tx, event.type));
  await followAudiences(tx, [event]);
  return recipients;
}

const AUDIENCE_EVENTS: readonly EventType[] = ["AUDIENCE_MEMBER_ADDED", "AUDIENCE_MEMBER_REMOVED"];

/**
 * Every announced change to a customer (consent, profile, restriction, erasure, merge, churn) may
 * move it into or out of a published audience: membership is re-evaluated for those customers here,
 * in the same transaction, so no service has to remember to (modules/audience/audience.membership.ts).
 */
async function followAudiences(tx: DbOrTx, events: readonly OutboundEvent[]): Promise<void> {
  const ids = new Set<string>();
  for (const e of events) {
    if (AUDIENCE_EVENTS.includes(e.type)) continue;
    ids.add(e.customerId);
    // A merge moves the merged record's consents to the survivor: the merged id leaves too.
    if (typeof e.data?.mergedId === "string") ids.add(e.data.mergedId);
  }
  const changes = await audienceChangesOf(tx, [...ids]);
  if (changes.length) await emitEvents(tx, changes);
}

async function emitTo(tx: DbOrTx, event: OutboundEvent, subscribers: Subscribers): Promise<string[]> {
  const data = event.data ?? {};
  const partners = uniquePartners(subscribers.map((s) => s.partner)).filter((p) => entitled(event.type, p, data));
  let recipients: Set<string>;
  if (event.to) {
    const to = new Set(event.to);
    recipients = new Set(partners.filter((p) => to.has(p.id)).map((p) => p.id));
  } else {
    const seeing = partners.length ? await purposesSeeing(tx, event.customerId, partners) : new Map();
    const before = new Set(event.alsoTo ?? []);
    recipients = new Set(partners.filter((p) => seeing.has(p.id) || before.has(p.id)).map((p) => p.id));
  }
  const created = await insertOutboxEvent(tx, { type: event.type, customerId: event.customerId, data, recipients: [...recipients] });
  await insertDeliveries(
    tx,
    subscribers
      .filter((s) => recipients.has(s.partner.id))
      .map((s) => ({ eventId: created.id, webhookId: s.webhook.id, partnerId: s.partner.id, customerId: event.customerId, eventSeq: created.seq })),
  );
  return [...recipients];
}

/** Many events (bulk paths: feeds, insight refresh): subscribers are read once per type; with none, one insert. */
export async function emitEvents(tx: DbOrTx, events: readonly OutboundEvent[]): Promise<void> {
  await emitEach(tx, events);
  await followAudiences(tx, events);
}

async function emitEach(tx: DbOrTx, events: readonly OutboundEvent[]): Promise<void> {
  for (const type of new Set(events.map((e) => e.type))) {
    const ofType = events.filter((e) => e.type === type);
    const subscribers = await selectSubscribers(tx, type);
    if (!subscribers.length) {
      await insertOutboxEvents(tx, ofType.map((e) => ({ type: e.type, customerId: e.customerId, data: e.data ?? {}, recipients: [] })));
      continue;
    }
    for (const event of ofType) await emitTo(tx, event, subscribers);
  }
}

/** For each customer, the partners with a webhook for `type` that may see it now (before a bulk change). */
export async function partnersSeeingEach(db: DbOrTx, customerIds: readonly string[], type: EventType): Promise<Map<string, string[]>> {
  const seeing = new Map<string, string[]>();
  const subscribers = await selectSubscribers(db, type);
  if (!subscribers.length) return seeing;
  const partners = uniquePartners(subscribers.map((s) => s.partner));
  for (const id of new Set(customerIds)) seeing.set(id, [...(await purposesSeeing(db, id, partners)).keys()]);
  return seeing;
}
