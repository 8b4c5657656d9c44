import { householdLoaders } from "./household.loaders.js";
import { problem } from "@tessera/schema/problems";
import { operatorToday as today } from "../../lib/days.js";
import { diffForAudit } from "../../audit/audit.collector.js";
import type { Context } from "../../graphql/context.js";
import { BadInputError, ConflictError, NotFoundError } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import type { Subject } from "../../privacy/policy.js";
import { customerCondition, declareArgumentReads, release } from "../../privacy/scope.js";
import { requireCustomer } from "../customer/customer.service.js";
import type { CustomerRow } from "../customer/customer.table.js";
import { selectInsightOfCustomers } from "../insight/insight.queries.js";
import type { AddHouseholdMemberInput, CreateHouseholdInput } from "./household.inputs.js";
import { HOUSEHOLD_KINDS, householdValue, MEMBERSHIP_RULES, type HouseholdRole, type MemberValue } from "./household.rules.js";
import * as q from "./household.queries.js";
import type { HouseholdMemberRow, HouseholdRow } from "./household.table.js";
import { Household, HouseholdMember, HouseholdValue } from "./household.type.js";

/** `household(id)` names a household by its surrogate id: it matches no customer value. */
export const HOUSEHOLD_READS = declareArgumentReads("household", { id: [] });

function toMember(row: q.MemberWithSubject): HouseholdMember {
  const { erasedAt: _e, processingRestricted: _r, leftOn: _l, ...rest } = row;
  return Object.assign(new HouseholdMember(), rest);
}

const subjectOf = (rows: readonly q.MemberWithSubject[]) => {
  const byId = new Map<string, Subject>(rows.map((r) => [r.customerId, { erasedAt: r.erasedAt, processingRestricted: r.processingRestricted }]));
  return (customerId: string): Subject => byId.get(customerId) ?? {};
};

/**
 * The current members of households that this principal may see (its customer scope, as a
 * MATCH: listing the family selects customers), batched per request. A member outside the scope
 * (no consent for the purpose, above the caller's clearance, restricted outside SERVICE) is not
 * in the rows at all: not listed, not counted, not in the value.
 */
function visibleMembers(ctx: Context) {
  return ctx.loaders.of(householdLoaders, ctx).visibleMembers;
}

/**
 * A household leaving the data layer: its visible members released as HouseholdMember (masked,
 * read-audited), their stored value figures released as Insight (so the value adds up exactly
 * what the caller could read on each member's own 360), and the household itself released
 * through the catalog (Household.name, memberCount, value).
 */
async function presentHousehold(ctx: Context, row: HouseholdRow, rows?: q.MemberWithSubject[], viewedThrough: Subject = {}): Promise<Household> {
  const memberRows = rows ?? (await visibleMembers(ctx).load(row.id));
  const subject = subjectOf(memberRows);
  const members = release(ctx, "HouseholdMember", memberRows.map(toMember), (m) => subject(m.customerId), (m) => m.customerId);
  const insight = await selectInsightOfCustomers(ctx.db, members.map((m) => m.customerId));
  const values: MemberValue[] = insight.flatMap((r) => release(ctx, "Insight", [{ clv: r.clv, arpu: r.arpu }], subject(r.customerId)));
  const household = Object.assign(new Household(), {
    id: row.id,
    version: row.version,
    name: row.name,
    planId: row.planId,
    members,
    memberCount: members.length,
    value: Object.assign(new HouseholdValue(), householdValue(values)),
    updatedAt: row.updatedAt,
  });
  // Reached through a customer's 360, the household is shaped as that customer's data: a
  // restricted or erased customer's family name and size are withheld with the rest of the record.
  return release(ctx, "Household", [household], viewedThrough)[0]!;
}

/** Customer.household: the household the customer is a current member of, null when none. */
export async function customerHousehold(ctx: Context, customer: Subject & { id: string }): Promise<Household | null> {
  const [membership] = await ctx.loaders.of(householdLoaders, ctx).currentMembershipsByCustomerId.load(customer.id);
  if (!membership) return null;
  const [row] = await q.selectHouseholds(ctx.db, [membership.householdId]);
  return row ? presentHousehold(ctx, row, undefined, customer) : null;
}

/** A household exists for this principal only through a member it may see; otherwise null, as for a missing id. */
export async function findHousehold(ctx: Context, id: string): Promise<Household | null> {
  if (!isUuid(id)) return null;
  const [row] = await q.selectHouseholds(ctx.db, [id]);
  if (!row) return null;
  const members = await visibleMembers(ctx).load(row.id);
  return members.length ? presentHousehold(ctx, row, members) : null;
}

/** The household for a write: NOT_FOUND unless a current member is visible to the caller (as a record). */
async function requireHousehold(ctx: Context, id: string): Promise<HouseholdRow> {
  const [row] = isUuid(id) ? await q.selectHouseholds(ctx.db, [id]) : [];
  const visible = row ? await q.selectCurrentMembers(ctx.db, [row.id], customerCondition(ctx.policy, "RECORD")) : [];
  if (!row || !visible.length) throw new NotFoundError("Household", id);
  return row;
}

/** Who may join: an individual, not merged or erased, not already in a household. */
async function requireJoinable(ctx: Context, customerId: string, field: string): Promise<CustomerRow> {
  if (!isUuid(customerId)) throw BadInputError.field(field, problem("INVALID_ID"));
  const customer = await requireCustomer(ctx, customerId);
  if (!(HOUSEHOLD_KINDS as readonly string[]).includes(customer.kind)) throw BadInputError.field(field, problem("NOT_A_HOUSEHOLD_KIND", { kind: customer.kind, allowed: HOUSEHOLD_KINDS.join(", ") }));
  if (customer.erasedAt) throw BadInputError.field(field, problem("CUSTOMER_ERASED"));
  const [current] = await q.selectCurrentMemberships(ctx.db, [customer.id]);
  if (current) throw BadInputError.field(field, problem("ALREADY_IN_HOUSEHOLD"));
  return customer;
}

function checkDate(v: InputValidator, field: string, value: string | null | undefined, notBefore?: string) {
  if (value == null) return;
  if (value > today()) v.fail(field, problem("IN_FUTURE"));
  if (notBefore && value < notBefore) v.fail(field, problem("BEFORE", { date: notBefore }));
}

const clean = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/** Creates a household with its head (the member holding the family account). Audited. */
export async function createHousehold(ctx: Context, input: CreateHouseholdInput): Promise<Household> {
  const v = new InputValidator("input");
  v.text("name", input.name, { max: MEMBERSHIP_RULES.maxNameLength });
  if (input.planId != null && !isUuid(input.planId)) v.fail("planId", problem("INVALID_ID"));
  checkDate(v, "joinedOn", input.joinedOn);
  v.done();
  const head = await requireJoinable(ctx, input.headCustomerId, "input.headCustomerId");
  if (input.planId && !(await q.selectPlan(ctx.db, input.planId))) throw BadInputError.field("input.planId", problem("NOT_A_PLAN"));
  const household = { name: clean(input.name), planId: input.planId ?? null };
  const member = { role: "HEAD" as const, familyNumber: input.familyNumber ?? false, joinedOn: input.joinedOn ?? today() };
  const saved = await ctx.db.transaction(async (tx) => {
    const created = await q.insertHousehold(tx, household);
    await q.insertMember(tx, { ...member, householdId: created.id, customerId: head.id });
    const changes = [...diffForAudit("Household", undefined, household), ...diffForAudit("HouseholdMember", undefined, member)];
    await ctx.audit.write(tx, { action: "CREATE", customerIds: [head.id], fields: ["Household.name", "HouseholdMember.role", "HouseholdMember.familyNumber", "HouseholdMember.joinedOn"], changes });
    return created;
  });
  return presentHousehold(ctx, saved);
}

/** Adds a member (not a second head) at `expectedVersion` of the household. Audited. */
export async function addHouseholdMember(ctx: Context, input: AddHouseholdMemberInput, expectedVersion: number): Promise<Household> {
  const v = new InputValidator("input");
  if (input.role === "HEAD") v.fail("role", problem("SECOND_HEAD"));
  checkDate(v, "joinedOn", input.joinedOn);
  v.done();
  const household = await requireHousehold(ctx, input.householdId);
  const customer = await requireJoinable(ctx, input.customerId, "input.customerId");
  const member = { role: input.role as HouseholdRole, familyNumber: input.familyNumber ?? false, joinedOn: input.joinedOn ?? today() };
  const saved = await ctx.db.transaction(async (tx) => {
    const bumped = await q.bumpVersion(tx, household.id, expectedVersion);
    if (!bumped) throw new ConflictError(`Household ${household.id} was changed by someone else (version ${household.version}, expected ${expectedVersion}); reload and retry`, { currentVersion: household.version });
    await q.insertMember(tx, { ...member, householdId: household.id, customerId: customer.id });
    const changes = diffForAudit("HouseholdMember", undefined, member);
    await ctx.audit.write(tx, { action: "CREATE", customerIds: [customer.id], fields: changes.map((c) => `HouseholdMember.${c.field}`), changes });
    return bumped;
  });
  return presentHousehold(ctx, saved);
}

/**
 * Ends a customer's membership (history stays, `leftOn` set). The head leaves last: while other
 * members remain, removing the head is refused. Audited.
 */
export async function removeHouseholdMember(ctx: Context, householdId: string, customerId: string, expectedVersion: number, leftOn?: string | null): Promise<Household> {
  const household = await requireHousehold(ctx, householdId);
  const customer = await requireCustomer(ctx, customerId);
  const all = await q.selectAllCurrentMembers(ctx.db, household.id);
  const membership = all.find((m: HouseholdMemberRow) => m.customerId === customer.id);
  if (!membership) throw BadInputError.field("customerId", problem("NOT_A_MEMBER"));
  const v = new InputValidator("");
  checkDate(v, "leftOn", leftOn, membership.joinedOn);
  if (membership.role === "HEAD" && all.length > 1) v.fail("customerId", problem("HEAD_LEAVES_LAST"));
  v.done();
  const saved = await ctx.db.transaction(async (tx) => {
    const bumped = await q.bumpVersion(tx, household.id, expectedVersion);
    if (!bumped) throw new ConflictError(`Household ${household.id} was changed by someone else (version ${household.version}, expected ${expectedVersion}); reload and retry`, { currentVersion: household.version });
    const ended = await q.endMembership(tx, membership.id, leftOn ?? today());
    if (!ended) throw new ConflictError(`The membership of ${customer.id} was ended by someone else; reload and retry`);
    await ctx.audit.write(tx, { action: "UPDATE", customerIds: [customer.id], fields: ["HouseholdMember.leftOn"], changes: [{ field: "leftOn", before: null, after: ended.leftOn }] });
    return bumped;
  });
  return presentHousehold(ctx, saved);
}

/** The family plan of a household (the operator's catalogue: not personal). */
export async function planOf(ctx: Context, household: Household) {
  return household.planId ? ((await q.selectPlan(ctx.db, household.planId)) ?? null) : null;
}
