/**
 * Who is in an audience, and the events when that changes. A member is a customer matching the
 * segment's definition whom the audience's partner may see under the audience's purpose — the
 * partner's own customer scope (privacy/scope.ts customerCondition: effective consent, not
 * restricted, not erased), never a rule of its own. Reads evaluate it live; the stored snapshot
 * (audience_members) only tells what the partner was last told, so each entry and exit is
 * announced once.
 */
import { and, isNull, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { sqlArray } from "../../db/arrays.js";
import { customerCondition } from "../../privacy/scope.js";
import { customers } from "../customer/customer.table.js";
import { partnerPrincipal } from "../partner/partner.service.js";
import { compileDefinition } from "../segment/segment.definition.js";
import { selectMemberIds } from "../segment/segment.queries.js";
import type { OutboundEvent } from "../webhook/outbox.js";
import { deleteMembers, insertMembers, selectAudiences, selectStoredMembers, type AudienceWith } from "./audience.queries.js";

/** The members condition (over customers left-joined to their insight) of an audience, as its partner sees it. */
export function audienceCondition(a: Pick<AudienceWith, "segment" | "partner"> & { audience: { purpose: AudienceWith["audience"]["purpose"] } }): SQL {
  const policy = { principal: partnerPrincipal(a.partner, "audience"), purpose: a.audience.purpose };
  const scope = customerCondition(policy, "MATCH");
  // Merged records (tombstones) are represented by their survivor.
  return and(compileDefinition(a.segment.definition, (customer) => customerCondition(policy, "MATCH", customer)), isNull(customers.mergedInto), scope)!;
}

function memberEvent(type: "AUDIENCE_MEMBER_ADDED" | "AUDIENCE_MEMBER_REMOVED", a: AudienceWith, customerId: string): OutboundEvent {
  // Only to the audience's partner; the payload's customer fields are read at delivery, by its policy.
  return { type, customerId, data: { audienceId: a.audience.id, purpose: a.audience.purpose }, to: [a.partner.id] };
}

/**
 * Brings the snapshot of one audience up to date (all members, or only among `customerIds`) and
 * answers the events for who entered and who left. Runs in the caller's transaction.
 */
export async function syncAudience(tx: DbOrTx, a: AudienceWith, customerIds?: readonly string[]): Promise<OutboundEvent[]> {
  if (customerIds && !customerIds.length) return [];
  const among = customerIds ? sql`${customers.id} = any(${sqlArray(customerIds, "uuid")})` : undefined;
  const now = new Set(await selectMemberIds(tx, and(audienceCondition(a), among)!));
  const stored = new Set(await selectStoredMembers(tx, a.audience.id, customerIds));
  const added = [...now].filter((id) => !stored.has(id));
  const removed = [...stored].filter((id) => !now.has(id));
  await insertMembers(tx, a.audience.id, added);
  await deleteMembers(tx, a.audience.id, removed);
  return [...added.map((id) => memberEvent("AUDIENCE_MEMBER_ADDED", a, id)), ...removed.map((id) => memberEvent("AUDIENCE_MEMBER_REMOVED", a, id))];
}

/** The membership changes of every published audience among these customers (after a change to them). */
export async function audienceChangesOf(tx: DbOrTx, customerIds: readonly string[]): Promise<OutboundEvent[]> {
  if (!customerIds.length) return [];
  const events: OutboundEvent[] = [];
  for (const a of await selectAudiences(tx, { status: "PUBLISHED" })) events.push(...(await syncAudience(tx, a, customerIds)));
  return events;
}

/** Every member leaves (the audience is unpublished): the partner is told to drop each one. */
export async function clearAudience(tx: DbOrTx, a: AudienceWith): Promise<OutboundEvent[]> {
  const stored = await selectStoredMembers(tx, a.audience.id);
  await deleteMembers(tx, a.audience.id);
  return stored.map((id) => memberEvent("AUDIENCE_MEMBER_REMOVED", a, id));
}

/** A segment was re-evaluated (refreshSegment): the changes of every audience publishing it. */
export async function segmentAudienceChanges(tx: DbOrTx, segmentId: string): Promise<OutboundEvent[]> {
  const events: OutboundEvent[] = [];
  for (const a of await selectAudiences(tx, { segmentId, status: "PUBLISHED" })) events.push(...(await syncAudience(tx, a)));
  return events;
}

/** A segment is deleted (its audiences go with it): each partner is told every member left. */
export async function segmentAudiencesEnd(tx: DbOrTx, segmentId: string): Promise<OutboundEvent[]> {
  const events: OutboundEvent[] = [];
  for (const a of await selectAudiences(tx, { segmentId, status: "PUBLISHED" })) events.push(...(await clearAudience(tx, a)));
  return events;
}
