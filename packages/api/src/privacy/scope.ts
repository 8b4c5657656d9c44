/**
 * The customer scope: the one home of the rules every service and read model follows when it
 * touches customers (issue 10, "the mechanism").
 *
 * (a) `customerCondition` — one SQL condition for "this customer exists for this principal and
 *     purpose": the effective consent grant (expiry, channel-wide withdrawal, THIRD_PARTY_SHARING
 *     per partner), erased and restricted state. The latest-consent-per-key rule it rests on
 *     (`latestConsentEvents`, `isEffectiveGrant`) is defined here once; the consent view, care
 *     queue and metrics use it too.
 * (b) `assertMayRead` — filtering, searching, sorting, looking up or grouping by a field reveals
 *     its values, so each of those needs the right to read the field in full. Services name the
 *     fields their arguments read in an `ArgumentReads` table and call this once.
 * (c) `release` — rows leave the data layer through here: masked by the catalog-driven policy
 *     and noted for the read audit.
 */
import { CATALOG, identifierProfileField, type CatalogType, type PersonalField } from "@tessera/schema/catalog";
import { sql, type SQL } from "drizzle-orm";
import type { AuditCollector } from "../audit/audit.collector.js";
import { AppError, ErrorCode } from "../graphql/errors.js";
import type { Policy, Subject } from "./policy.js";
import type { Principal, Purpose } from "./principal.js";

/* ----------------------------------------------------------------------------------------- */
/* (a) Consent and the customer condition                                                     */
/* ----------------------------------------------------------------------------------------- */

/**
 * The latest ledger event per (customer, purpose, channel, partner) among the events matching
 * `where` (a condition over the alias `e` of consent_events): the current consent state.
 * Answers a SELECT with consent_events' columns.
 */
export function latestConsentEvents(where: SQL): SQL {
  return sql`select distinct on (e.customer_id, e.purpose, e.channel, e.partner_id) e.*
    from consent_events e where ${where}
    order by e.customer_id, e.purpose, e.channel, e.partner_id, e.captured_at desc, e.id desc`;
}

/**
 * The one definition of an effective grant, for a row of `latestConsentEvents` (alias `row`):
 * it is GRANTED, has not expired at read time, and no later channel-wide (channel null) denial
 * or withdrawal for the same purpose and partner supersedes it.
 */
export function isEffectiveGrant(row: SQL): SQL<boolean> {
  return sql<boolean>`(${row}.status = 'GRANTED' and (${row}.expires_at is null or ${row}.expires_at > now())
    and not exists (select 1 from consent_events blanket where blanket.customer_id = ${row}.customer_id
      and blanket.purpose = ${row}.purpose and blanket.partner_id is not distinct from ${row}.partner_id
      and blanket.channel is null and blanket.status <> 'GRANTED' and blanket.captured_at > ${row}.captured_at))`;
}

/** Which grants count: any partner's (undefined), the operator's own (null), or one partner's. */
export interface GrantFilter {
  partnerId?: string | null;
  /** Only grants covering this channel: a grant for the channel itself or a channel-wide one. */
  channel?: string;
}

/** True when customer `customerId` (SQL) holds an effective grant for `purpose`. */
export function hasEffectiveGrant(customerId: SQL, purpose: Purpose, filter: GrantFilter = {}): SQL<boolean> {
  const partner =
    filter.partnerId === undefined ? sql`` : filter.partnerId === null ? sql` and e.partner_id is null` : sql` and e.partner_id = ${filter.partnerId}::uuid`;
  const channel = filter.channel === undefined ? sql`` : sql` and (e.channel is null or e.channel = ${filter.channel}::contact_channel)`;
  return sql<boolean>`exists (select 1 from (${latestConsentEvents(sql`e.customer_id = ${customerId} and e.purpose = ${purpose}::purpose${partner}${channel}`)}) latest
    where ${isEffectiveGrant(sql`latest`)})`;
}

/**
 * The contact channels (text[]) customer `customerId` holds an effective grant for under a
 * per-channel purpose (MARKETING, any partner as customerCondition): a channel counts when its own
 * latest event is an effective grant, or when a channel-wide grant is effective and the channel's
 * own latest event (if any) is not a denial or withdrawal — a withdrawal for one channel
 * overrides a grant for all channels, and a channel-wide withdrawal every channel's grant
 * (isEffectiveGrant).
 */
function consentedChannels(customerId: SQL, purpose: Purpose): SQL<string[]> {
  const latest = latestConsentEvents(sql`e.customer_id = ${customerId} and e.purpose = ${purpose}::purpose`);
  return sql<string[]>`array(select ch::text from unnest(enum_range(null::contact_channel)) ch
    where exists (select 1 from (${latest}) own where own.channel = ch and ${isEffectiveGrant(sql`own`)})
      or (exists (select 1 from (${latest}) blanket_grant where blanket_grant.channel is null and ${isEffectiveGrant(sql`blanket_grant`)})
        and not exists (select 1 from (${latest}) own_denial where own_denial.channel = ch and own_denial.status <> 'GRANTED')))::text[]`;
}

/**
 * Extra columns of a customer SELECT that the policy needs when releasing the row and the rows
 * it owns (Subject): for a channel-gated principal (Policy.channelGated) the consented channels.
 * Every statement that reads customer rows for release adds them; without them contact values
 * are withheld (fail closed).
 */
export function subjectColumns(policy: Pick<Policy, "channelGated" | "purpose">, customer: SQL = sql`customers`): Record<string, SQL> {
  return policy.channelGated ? { consentedChannels: consentedChannels(sql`${customer}.id`, policy.purpose) } : {};
}

/**
 * How a query uses customers:
 * - RECORD: the caller names one customer (by id) and gets its record; per-customer state
 *   (restricted, erased) is applied when the row is released, as redactions.
 * - MATCH: the query selects, orders or counts customers (lists, filters, searches, identifier
 *   lookups, segments, queues, aggregates). Outside SERVICE a processing-restricted customer is
 *   never matched, ordered or counted: that would process its data for another purpose.
 */
export type CustomerUse = "RECORD" | "MATCH";

/**
 * The condition (over `customers`) a customer must meet to exist for this principal and purpose.
 * Partners see a customer only with an effective grant for the request's purpose (for
 * THIRD_PARTY_SHARING granted to this partner), not restricted and not erased; anything else is
 * indistinguishable from a missing customer. Undefined: no condition.
 *
 * Tenancy: when customers get a tenant, its condition joins here, once, for every principal.
 */
export function customerCondition(policy: Pick<Policy, "principal" | "purpose">, use: CustomerUse, customer: SQL = sql`customers`): SQL | undefined {
  const p = policy.principal;
  const conditions: SQL[] = [];
  // The record's required security level (DOMAIN.md: highest for police, government, military):
  // above the principal's clearance the record does not exist for it, by id or in any match.
  const clearance = clearanceOf(p);
  if (clearance !== undefined) conditions.push(sql`${customer}.security_level <= ${clearance}`);
  if (p.kind === "PARTNER") {
    const partnerId = policy.purpose === "THIRD_PARTY_SHARING" ? p.partnerId : undefined;
    conditions.push(
      sql`${customer}.processing_restricted = false`,
      sql`${customer}.erased_at is null`,
      hasEffectiveGrant(sql`${customer}.id`, policy.purpose, { partnerId }),
    );
  } else if (p.kind === "USER" && use === "MATCH" && policy.purpose !== "SERVICE") {
    conditions.push(sql`${customer}.processing_restricted = false`);
  }
  if (!conditions.length) return undefined;
  return sql`(${sql.join(conditions, sql` and `)})`;
}

/**
 * The highest customer security level a principal may open: a console user's clearance (1 when
 * unset, failing closed); partner apps only level 1, as a third party is never cleared for a
 * protected record; the system principal is not limited (undefined).
 */
export function clearanceOf(p: Principal): number | undefined {
  if (p.kind === "USER") return p.clearance ?? 1;
  if (p.kind === "PARTNER" || p.kind === "ANONYMOUS") return PARTNER_CLEARANCE;
  return undefined;
}

/** The security level partner apps see up to. */
export const PARTNER_CLEARANCE = 1;

/* ----------------------------------------------------------------------------------------- */
/* (b) Filters, searches, sorts, lookups and groupings are reads                              */
/* ----------------------------------------------------------------------------------------- */

/** A catalog field as `Type.field`. */
export type FieldRef = `${CatalogType}.${string}`;

/**
 * What each argument of an operation reads: the argument's path (`filter.region`,
 * `orderBy:NAME`, `groupBy:REGION`, `type:MSISDN`) → the catalog fields it reveals. An empty
 * list is a declared decision that the argument reveals no personal field. Every lookup,
 * filter, sort and grouping argument of the schema has an entry (scope.test.ts walks them).
 */
export type ArgumentReads = Record<string, readonly FieldRef[]>;

/** The Relay paging arguments (graphql/connection.ts ConnectionArgs): positions in a list, no field's value. */
export const PAGE_ARGUMENT_READS: ArgumentReads = { first: [], after: [], last: [], before: [] };

const ARGUMENT_READS = new Map<string, ArgumentReads>(
  Object.entries<ArgumentReads>({
    // Work queues, DSR records and the audit trail filter on their own bookkeeping (status, kind,
    // owner, dates of the record, customer id), none of it a catalog field of the customer.
    // Lookups by a surrogate id (pseudonymous, catalogued NONE) name a record; they match no value.
    customer: { id: [] },
    case: { id: [] },
    segment: { id: [] },
    dataSubjectRequest: { id: [] },
    dataSubjectExport: { requestId: [] },
    cases: { ...PAGE_ARGUMENT_READS, "filter.assignee": [], "filter.escalationDue": [], "filter.category": [], "filter.customerId": [], "filter.kind": [], "filter.overdue": [], "filter.owner": [], "filter.status": [] },
    dataSubjectRequests: {
      ...PAGE_ARGUMENT_READS,
      "filter.customerId": [],
      "filter.jurisdiction": [],
      "filter.overdue": [],
      "filter.status": [],
      "filter.type": [],
      "orderBy.field:DUE_AT": [],
      "orderBy.field:RECEIVED_AT": [],
      "orderBy.direction": [],
    },
    auditEvents: {
      ...PAGE_ARGUMENT_READS,
      "filter.action": [],
      "filter.customerId": [],
      "filter.from": [],
      "filter.to": [],
      "filter.partnerId": [],
      "filter.principal": [],
      "filter.purpose": [],
    },
    "Customer.accessLog": PAGE_ARGUMENT_READS,
    "Customer.usage": { months: [] },
    segments: PAGE_ARGUMENT_READS,
    // A segment's members are filtered by its definition, checked per field (segment.definition.ts assertMayFilter).
    "Segment.members": PAGE_ARGUMENT_READS,
  }),
);

/** Declares the argument reads of a root field (called by the module that owns it). */
export function declareArgumentReads(rootField: string, reads: ArgumentReads): ArgumentReads {
  ARGUMENT_READS.set(rootField, reads);
  return reads;
}

export function argumentReads(): ReadonlyMap<string, ArgumentReads> {
  return ARGUMENT_READS;
}

function split(ref: FieldRef): [CatalogType, string] {
  const dot = ref.indexOf(".");
  return [ref.slice(0, dot) as CatalogType, ref.slice(dot + 1)];
}

/**
 * What a value of an identifier type reveals: the profile field it mirrors (an MSISDN is a phone
 * number, catalog IDENTIFIER_PROFILE_FIELD), else the identifier's own value.
 */
export function identifierValueReads(identifierType: string): FieldRef[] {
  const profile = identifierProfileField(identifierType);
  return [profile ? `Customer.${profile}` : "Identifier.value"];
}

/** True when the principal reads every one of these fields in full under the request's purpose. */
export function mayRead(policy: Policy, fields: Iterable<FieldRef>): boolean {
  for (const ref of fields) {
    const [type, field] = split(ref);
    if (!policy.readsInFull(type, field)) return false;
  }
  return true;
}

/** A use of argument `arg` that reads `fields` (from an ArgumentReads table). */
export interface ArgumentUse {
  arg: string;
  fields: readonly FieldRef[];
}

/** The uses of the arguments present: `reads[key]` for each key given (unknown keys fail closed). */
export function usesOf(reads: ArgumentReads, keys: Iterable<string>): ArgumentUse[] {
  return [...keys].map((key) => {
    const fields = reads[key];
    if (!fields) throw new Error(`Argument ${key} has no declared reads (privacy/scope.ts ArgumentReads)`);
    return { arg: key.split(":")[0]!, fields };
  });
}

/**
 * Refuses the whole request (FORBIDDEN, naming every field) when any argument reads a field the
 * principal does not read in full. Decided from the principal and the arguments only, never from
 * data, so a refusal tells nothing about any customer.
 */
export function assertMayRead(policy: Policy, uses: readonly ArgumentUse[]): void {
  const denied = uses.filter((use) => !mayRead(policy, use.fields));
  if (!denied.length) return;
  const fields = [...new Set(denied.flatMap((d) => d.fields.filter((f) => !mayRead(policy, [f]))))];
  throw new AppError(ErrorCode.FORBIDDEN, `You may not filter, sort, look up or group by ${fields.join(", ")}: you do not read ${fields.length > 1 ? "these fields" : "this field"} in full`, {
    field: denied[0]!.arg,
    fields,
  });
}

/** The fields of `candidates` the principal reads in full (text search narrows to these). */
export function readableOf<F extends string>(policy: Policy, type: CatalogType, candidates: readonly F[]): F[] {
  return candidates.filter((f) => mayRead(policy, [`${type}.${f}` as FieldRef]));
}

/** True when `Type.field` is classified personal in the catalog. */
export function isPersonalField(ref: FieldRef): boolean {
  const [type, field] = split(ref);
  const entry = (CATALOG[type] as Record<string, PersonalField | { category: "NONE" }> | undefined)?.[field];
  return Boolean(entry && entry.category !== "NONE");
}

/* ----------------------------------------------------------------------------------------- */
/* (c) Release: masking and the read audit                                                    */
/* ----------------------------------------------------------------------------------------- */

/** What release needs of the request context. */
export interface ReleaseContext {
  policy: Policy;
  audit: Pick<AuditCollector, "read">;
}

/**
 * Rows of catalog type `type` leaving the data layer: rows the principal may not see at all are
 * dropped (rowVisible), the rest masked by the catalog for their customer's state, and their
 * customers noted for the read audit. Redactions are counted only for rows released.
 */
export function release<T extends object>(
  ctx: ReleaseContext,
  type: CatalogType,
  rows: readonly T[],
  subject: Subject | ((row: T) => Subject),
  customerIdOf?: (row: T) => string,
): T[] {
  const kept = rows.filter((row) => rowVisible(ctx.policy, type, row as Record<string, unknown>));
  if (customerIdOf) ctx.audit.read(kept.map(customerIdOf));
  return ctx.policy.shapeAll(type, kept, subject);
}

/**
 * Row-level rules of types whose rows relate a customer to a purpose or partner: a partner sees
 * only consent rows of the purposes it holds, and of THIRD_PARTY_SHARING only those naming it
 * (another partner's sharing relationship is not its business).
 */
export function rowVisible(policy: Pick<Policy, "principal">, type: CatalogType, row: Record<string, unknown>): boolean {
  const p = policy.principal;
  if (p.kind !== "PARTNER") return true;
  if (type === "ConsentState" || type === "ConsentEvent") {
    if (!p.allowedPurposes.includes(row.purpose as Purpose)) return false;
    if (row.purpose === "THIRD_PARTY_SHARING" && row.partnerId !== p.partnerId) return false;
  }
  return true;
}
