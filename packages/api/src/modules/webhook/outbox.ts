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
import { insertDeliveries, insertOutboxEvents, selectHolding, selectPartnersThatReceived, selectSubscribers } from "./webhook.queries.js";
import type { EventType } from "./webhook.table.js";

export interface OutboundEvent {
  type: EventType;
  customerId: string;
  /**
   * Ids, enums and field names only: never a personal value (the payload's customer fields are read
   * at delivery, by policy). Each key is named in webhook.rules.ts EVENT_DATA_FIELDS: what a
   * delivery of it discloses, as its audit row lists.
   */
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
  return (await purposesSeeingEach(db, [customerId], partners)).get(customerId) ?? new Map();
}

/** For each customer, the purposes under which each partner may see it now: one statement for the whole set. */
async function purposesSeeingEach(db: DbOrTx, customerIds: readonly string[], partners: readonly PartnerAppRow[]): Promise<Map<string, Map<string, Purpose[]>>> {
  const checks = partners.flatMap((partner) =>
    partner.allowedPurposes.map((purpose) => ({
      partnerId: partner.id,
      purpose,
      condition: customerCondition({ principal: partnerPrincipal(partner, "outbound"), purpose }, "RECORD")!,
    })),
  );
  const seeing = new Map<string, Map<string, Purpose[]>>();
  for (const { customerId, partnerId, purpose } of await selectHolding(db, customerIds, checks)) {
    const ofCustomer = seeing.get(customerId) ?? new Map<string, Purpose[]>();
    ofCustomer.set(partnerId, [...(ofCustomer.get(partnerId) ?? []), purpose as Purpose]);
    seeing.set(customerId, ofCustomer);
  }
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
  const [recipients] = await emitTo(tx, [event], await selectSubscribers(tx, event.type));
  await followAudiences(tx, [event]);
  return recipients!;
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

/**
 * Events of one type and their deliveries, set-based whatever their number: visibility of all
 * their customers in one statement, the events in one insert, the deliveries in one insert.
 * Answers each event's recipients, in order.
 */
async function emitTo(tx: DbOrTx, events: readonly OutboundEvent[], subscribers: Subscribers): Promise<string[][]> {
  if (!events.length) return [];
  const type = events[0]!.type;
  const subscribed = uniquePartners(subscribers.map((s) => s.partner));
  const open = events.filter((e) => !e.to).map((e) => e.customerId);
  const seeing = subscribed.length && open.length ? await purposesSeeingEach(tx, open, subscribed) : new Map<string, Map<string, Purpose[]>>();
  const recipients = events.map((event) => {
    const partners = subscribed.filter((p) => entitled(type, p, event.data ?? {}));
    if (event.to) {
      const to = new Set(event.to);
      return partners.filter((p) => to.has(p.id)).map((p) => p.id);
    }
    const sees = seeing.get(event.customerId);
    const before = new Set(event.alsoTo ?? []);
    return partners.filter((p) => sees?.has(p.id) || before.has(p.id)).map((p) => p.id);
  });
  const created = await insertOutboxEvents(
    tx,
    events.map((event, k) => ({ type: event.type, customerId: event.customerId, data: event.data ?? {}, recipients: recipients[k]! })),
  );
  await insertDeliveries(
    tx,
    events.flatMap((event, k) => {
      const to = new Set(recipients[k]);
      return subscribers
        .filter((s) => to.has(s.partner.id))
        .map((s) => ({ eventId: created[k]!.id, webhookId: s.webhook.id, partnerId: s.partner.id, customerId: event.customerId, eventSeq: created[k]!.seq }));
    }),
  );
  return recipients;
}

/** Many events (bulk paths: feeds, insight refresh): subscribers are read once per type; events and deliveries are written set-based. */
export async function emitEvents(tx: DbOrTx, events: readonly OutboundEvent[]): Promise<void> {
  for (const type of new Set(events.map((e) => e.type))) await emitTo(tx, events.filter((e) => e.type === type), await selectSubscribers(tx, type));
  await followAudiences(tx, events);
}

/** For each customer, the partners with a webhook for `type` that may see it now (before a bulk change). */
export async function partnersSeeingEach(db: DbOrTx, customerIds: readonly string[], type: EventType): Promise<Map<string, string[]>> {
  const subscribers = await selectSubscribers(db, type);
  if (!subscribers.length) return new Map();
  const seeing = await purposesSeeingEach(db, customerIds, uniquePartners(subscribers.map((s) => s.partner)));
  return new Map([...new Set(customerIds)].map((id) => [id, [...(seeing.get(id)?.keys() ?? [])]]));
}
