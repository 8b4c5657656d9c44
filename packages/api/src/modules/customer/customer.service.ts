import { problem } from "@tessera/schema/problems";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import { refreshDuplicatesOf } from "../identity/duplicates.service.js";
import { emitEvent } from "../webhook/outbox.js";
import type { Context } from "../../graphql/context.js";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { keysetPage } from "../../graphql/keyset.js";
import { customerLoaders } from "./customer.loaders.js";
import { EXACT_COUNT_UP_TO } from "./customer.count.js";
import { ConflictError, NotFoundError } from "../../graphql/errors.js";
import { diffForAudit } from "../../audit/audit.collector.js";
import { and, isNull, type SQL } from "drizzle-orm";
import { OrderDirection, reversed } from "../../graphql/order.js";
import { isUuid } from "../../lib/ids.js";
import { assertMayRead, customerCondition, release, declareArgumentReads, PAGE_ARGUMENT_READS, identifierValueReads, readableOf, subjectColumns, usesOf } from "../../privacy/scope.js";
import { InputValidator } from "../../lib/validation.js";
import { attachPlanned, plannedColumns, planKey, takePlanned, type PlannedField, type PlannedRow } from "../../graphql/prefetch.js";
import { columnsKey, sqlKey } from "../../db/statements.js";
import type { DbOrTx } from "../../db/client.js";
import { closeIdentifier, identifierHeldByOther, insertIdentifier, selectCustomerIdByIdentifier } from "../identity/identity.queries.js";
import { identifierType, type IdentifierRow } from "../identity/identity.table.js";
import { CustomerOrderField, type CreateCustomerInput, type CustomerFilter, type CustomerOrder, type UpdateCustomerInput } from "./customer.inputs.js";
import {
  countCustomers,
  countCustomersUpTo,
  customerFilterCondition,
  SEARCH_FIELDS,
  SORT_KEY,
  type SearchField,
  insertCustomer,
  selectCustomerById,
  selectCustomerPage,
  selectCustomersByIds,
  selectCustomerVersion,
  updateCustomerIfVersion,
} from "./customer.queries.js";
import { customerKind, customers, customerStatus, gender, specialCareFlag, type CustomerRow, type NewCustomerRow } from "./customer.table.js";

/** Customer rows leave the data layer here: masked by the policy and noted for the read audit. */
function present(ctx: Context, rows: CustomerRow[]): CustomerRow[] {
  return release(ctx, "Customer", rows, (r) => r, (r) => r.id);
}

/** A visible customer, unmasked: for services that act on the record (writes, checks). */
async function loadCustomer(ctx: Context, id: string): Promise<CustomerRow | null> {
  if (!isUuid(id)) return null;
  return ctx.loaders.of(customerLoaders, ctx).byId.load(id);
}

/**
 * A customer for a read. A root read passes its plan (the nested fields selected below it,
 * planned by customer.relations.ts; possibly none): the record and those fields come from one
 * compiled statement, and the field resolvers release the planned rows. Without a plan (a
 * customer nested under other rows) it is loaded through the request's loader, batched with its
 * siblings.
 */
export async function findCustomer(ctx: Context, id: string, plan?: readonly PlannedField[]): Promise<CustomerRow | null> {
  if (!plan) {
    const row = await loadCustomer(ctx, id);
    return row ? present(ctx, [row])[0]! : null;
  }
  if (!isUuid(id)) return null;
  const where = customerCondition(ctx.policy, "RECORD");
  const subject = subjectColumns(ctx.policy);
  const row = await selectCustomerById(ctx.db, id, where, { ...subject, ...plannedColumns(plan) }, compiledShape(where, subject, plan));
  const [read] = takePlanned(row ? [row] : [], plan);
  return read ? attachPlanned(present(ctx, [read.row])[0]!, read.values) : null;
}

/** The customer or NOT_FOUND; writes use it so that they never act on a missing record. */
export async function requireCustomer(ctx: Context, id: string): Promise<CustomerRow> {
  const customer = await loadCustomer(ctx, id);
  if (!customer) throw new NotFoundError("Customer", id);
  // A merged record is a tombstone: what happens to the customer is written to the survivor.
  if (customer.mergedInto) throw new ConflictError(`Customer ${id} was merged into ${customer.mergedInto}; use that record`, { mergedInto: customer.mergedInto });
  return customer;
}

/**
 * The customer an identifier resolves to. A lookup by value is a read of the field holding it
 * (refused unless read in full) and a match (restricted customers are not matched outside SERVICE).
 */
export async function findCustomerByIdentifier(ctx: Context, type: IdentifierRow["type"], value: string, at?: Date) {
  assertMayRead(ctx.policy, usesOf(LOOKUP_READS, [`type:${type}`]));
  const normalised = normaliseIdentifier(type, value);
  if (normalised === undefined) return null;
  const customerId = await selectCustomerIdByIdentifier(ctx.db, type, normalised, at ?? new Date());
  if (!customerId) return null;
  const [row] = await selectCustomersByIds(ctx.db, [customerId], customerCondition(ctx.policy, "MATCH"), subjectColumns(ctx.policy));
  return row ? present(ctx, [row])[0]! : null;
}

/** Identifier values are stored normalised (E.164 numbers, lower-case email), so lookups normalise too. */
export function normaliseIdentifier(type: IdentifierRow["type"], value: string): string | undefined {
  const v = new InputValidator("");
  const normalised = type === "MSISDN" ? v.msisdn("value", value) : type === "EMAIL" ? v.email("value", value) : value.trim();
  return v.problems.length ? undefined : normalised;
}

/**
 * The compiled-statement key of a customer read (db/statements.ts): the visibility condition and
 * subject columns as the scope wrote them (their SQL and parameters, so principals whose scope
 * differs never share a statement) and the plan's shape.
 */
function compiledShape(where: SQL | undefined, subject: Record<string, SQL>, plan: readonly PlannedField[]): string {
  return `${sqlKey(where)}\u0004${columnsKey(subject)}\u0004${planKey(plan)}`;
}

export async function listCustomers(
  ctx: Context,
  args: PageArgs & { filter?: CustomerFilter; orderBy?: CustomerOrder },
  plan: readonly PlannedField[] = [],
): Promise<Page<CustomerRow>> {
  const orderBy = args.orderBy?.field ?? CustomerOrderField.CREATED_AT;
  const direction = args.orderBy?.direction ?? OrderDirection.ASC;
  const searchable = searchableFields(ctx, args.filter, orderBy);
  // Merged records (tombstones) answer by id only; lists show the survivor.
  const where = and(customerFilterCondition(args.filter, searchable), isNull(customers.mergedInto), customerCondition(ctx.policy, "MATCH"));
  const subject = subjectColumns(ctx.policy);
  // A free-text search or a region list would make a statement per value: those are built per request.
  const shape = args.filter?.search?.trim() || args.filter?.region?.length ? undefined : compiledShape(where, subject, plan);
  const sortValueOf = (row: CustomerRow) => {
    if (orderBy === CustomerOrderField.NAME) return row.name;
    if (orderBy === CustomerOrderField.CREATED_AT) return row.createdAt.toISOString();
    if (orderBy === CustomerOrderField.UPDATED_AT) return row.updatedAt.toISOString();
    // Insight keys are computed by the page statement; drivers answer integers as numbers or text.
    return Number((row as CustomerRow & { [SORT_KEY]: unknown })[SORT_KEY]);
  };
  return keysetPage(ctx, args, {
    list: "customers",
    connection: "CustomerConnection",
    arity: 3,
    // Cursors come from the unmasked rows (a masked name would not be a position in the order).
    positionOf: (r: PlannedRow<CustomerRow>) => [orderBy, sortValueOf(r.row), r.row.id],
    fromCursor: ([field, sortValue, id]) => (field === orderBy && typeof id === "string" && isUuid(id) ? { sortValue, id } : undefined),
    invalidCursor: problem("CURSOR_OF_OTHER_ORDER"),
    read: async ({ from, backward, limit }) =>
      takePlanned(
        await selectCustomerPage(ctx.db, { where, orderBy, direction: backward ? reversed(direction) : direction, after: from, limit }, { ...subject, ...plannedColumns(plan) }, shape),
        plan,
      ),
    release: (read) => present(ctx, read.map((r) => r.row)).map((node, i) => attachPlanned(node, read[i]!.values)),
    // SPEC §3: a partner learns no count of customers it cannot see, and a planner estimate is
    // taken from statistics over the whole table: partners' counts stay exact over their scope.
    count: async () => (ctx.principal.kind === "PARTNER" ? countCustomers(ctx.db, where) : (await countCustomersUpTo(ctx.db, where, EXACT_COUNT_UP_TO)).n),
  });
}

/** What each argument of `customers` reads (privacy/scope.ts): filtering or sorting on a field reveals it. */
export const CUSTOMERS_READS = declareArgumentReads("customers", {
  ...PAGE_ARGUMENT_READS,
  "filter.kind": [],
  "filter.status": [],
  "filter.region": ["Customer.region"],
  // Search matches only the fields the caller reads in full; reading none of them, it is refused.
  "filter.search": ["Customer.name", "Customer.phone", "Customer.email"],
  "filter.valueTier": ["Insight.valueTier"],
  "filter.lifecycleStage": ["Insight.lifecycleStage"],
  "filter.churnLevel": ["Insight.churnRisk"],
  "filter.accountManager": ["Customer.accountManager"],
  "orderBy.field:CREATED_AT": [],
  "orderBy.field:UPDATED_AT": [],
  "orderBy.field:NAME": ["Customer.name"],
  "orderBy.field:VALUE_TIER": ["Insight.valueTier"],
  "orderBy.field:CHURN_SCORE": ["Insight.churnRisk"],
  "orderBy.field:LIFECYCLE_STAGE": ["Insight.lifecycleStage"],
  "orderBy.direction": [],
});

/** What `customerByIdentifier` reads: a lookup by a value is a read of the field that holds it. */
export const LOOKUP_READS = declareArgumentReads("customerByIdentifier", {
  ...Object.fromEntries(identifierType.enumValues.map((type) => [`type:${type}`, identifierValueReads(type)])),
  value: [],
  at: [],
});

/**
 * Checks the list's filter and order against the scope and answers the fields text search
 * covers (those the principal reads in full).
 */
function searchableFields(ctx: Context, filter: CustomerFilter | undefined, orderBy: CustomerOrderField): SearchField[] {
  const readable = readableOf(ctx.policy, "Customer", SEARCH_FIELDS);
  const present = Object.entries(filter ?? {})
    .filter(([key, value]) => value != null && (!Array.isArray(value) || value.length) && (key !== "search" || (String(value).trim() && !readable.length)))
    .map(([key]) => `filter.${key}`);
  assertMayRead(ctx.policy, usesOf(CUSTOMERS_READS, [...present, `orderBy.field:${orderBy}`]));
  return readable;
}

export type CustomerPatch = Partial<Omit<NewCustomerRow, "id" | "version" | "createdAt" | "updatedAt">>;
type CustomerProfileInput = Omit<UpdateCustomerInput, never>;

/** Validates and normalises profile input; every problem is reported at once. */
function validateProfile(input: CreateCustomerInput | UpdateCustomerInput, creating: boolean): CustomerPatch {
  const v = new InputValidator();
  const patch = profilePatch(v, input, creating);
  v.done();
  return patch;
}

/**
 * The profile rules, shared by createCustomer, updateCustomer and the customer feed
 * (customer.feed.ts): problems go to `v`; answers the normalised patch, absent fields left out.
 */
export function profilePatch(v: InputValidator, input: CustomerProfileInput, creating: boolean): CustomerPatch {
  if (creating || input.name !== undefined) v.text("name", input.name, { required: true, max: FIELD_LIMITS.Customer.name });
  const patch: CustomerPatch = {
    kind: input.kind as CustomerPatch["kind"],
    status: input.status as CustomerPatch["status"],
    name: input.name?.trim(),
    phone: v.msisdn("phone", input.phone),
    email: v.email("email", input.email),
    nationalId: v.nationalId("nationalId", input.nationalId),
    birthDate: input.birthDate,
    gender: input.gender as CustomerPatch["gender"],
    address: input.address,
    city: input.city,
    region: input.region,
    occupation: input.occupation,
    language: input.language,
    specialCare: input.specialCare as CustomerPatch["specialCare"],
    securityLevel: input.securityLevel,
    accountManager: input.accountManager,
    jurisdiction: (input.jurisdiction ?? undefined) as CustomerPatch["jurisdiction"],
  };
  v.oneOf("kind", input.kind, customerKind.enumValues);
  v.oneOf("status", input.status, customerStatus.enumValues);
  v.oneOf("gender", input.gender, gender.enumValues);
  v.oneOf("specialCare", input.specialCare, specialCareFlag.enumValues);
  if (input.birthDate != null && !/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate)) v.fail("birthDate", problem("NOT_A_DAY", { value: input.birthDate }));
  else v.pastDate("birthDate", input.birthDate, { notBefore: "1900-01-01" });
  v.intRange("securityLevel", input.securityLevel, 1, 5);
  for (const field of ["address", "city", "region", "occupation", "accountManager"] as const) v.text(field, input[field], { max: FIELD_LIMITS.Customer[field] });
  if (input.language != null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(input.language)) v.fail("language", problem("LANGUAGE_TAG"));
  // Absent fields stay absent so an update only touches what the client sent.
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as CustomerPatch;
}

/** Identifiers follow the profile: the primary phone and email resolve to the customer while they hold them. */
async function syncContactIdentifiers(db: DbOrTx, customerId: string, before: Partial<CustomerRow>, after: CustomerRow) {
  for (const [type, field] of [
    ["MSISDN", "phone"],
    ["EMAIL", "email"],
  ] as const) {
    const old = before[field];
    const now = after[field];
    if (old === now) continue;
    if (old) await closeIdentifier(db, customerId, type, old);
    if (now) await insertIdentifier(db, { customerId, type, value: now, source: "PROFILE" });
  }
}

async function assertContactsFree(db: DbOrTx, patch: CustomerPatch, customerId?: string) {
  const v = new InputValidator();
  if (patch.phone && (await identifierHeldByOther(db, "MSISDN", patch.phone, customerId)))
    v.fail("phone", problem("CONTACT_TAKEN", { what: "number" }));
  if (patch.email && (await identifierHeldByOther(db, "EMAIL", patch.email, customerId)))
    v.fail("email", problem("CONTACT_TAKEN", { what: "email" }));
  if (v.problems.length) throw new ConflictError(v.problems.map((p) => `${p.field} ${p.message}`).join("; "), { field: v.problems[0]!.field });
}

const changedFields = (patch: object) => Object.keys(patch).map((f) => `Customer.${f}`);

export async function createCustomer(ctx: Context, input: CreateCustomerInput): Promise<CustomerRow> {
  const patch = validateProfile(input, true);
  return ctx.db.transaction(async (tx) => {
    await assertContactsFree(tx, patch);
    const created = await insertCustomer(tx, patch as NewCustomerRow);
    await syncContactIdentifiers(tx, created.id, {}, created);
    await refreshDuplicatesOf(tx, [created.id]);
    await ctx.audit.write(tx, { action: "CREATE", customerIds: [created.id], fields: changedFields(patch), changes: diffForAudit("Customer", undefined, patch) });
    return created;
  }).then((row) => present(ctx, [row])[0]!);
}

/** Optimistic update: a stale expectedVersion is CONFLICT and nothing is written. */
export async function updateCustomer(ctx: Context, id: string, input: UpdateCustomerInput, expectedVersion: number): Promise<CustomerRow> {
  const patch = validateProfile(input, false);
  const before = await requireCustomer(ctx, id);
  const stale = (current: number) =>
    new ConflictError(`Customer ${id} was changed by someone else (version ${current}, expected ${expectedVersion}); reload and retry`, {
      currentVersion: current,
      expectedVersion,
    });
  if (before.version !== expectedVersion) throw stale(before.version);
  return ctx.db.transaction(async (tx) => {
    await assertContactsFree(tx, patch, id);
    // Compare-and-set: a concurrent writer between our read and this update also ends in CONFLICT.
    const updated = await updateCustomerIfVersion(tx, id, expectedVersion, patch);
    if (!updated) {
      const current = await selectCustomerVersion(tx, id);
      if (current === undefined) throw new NotFoundError("Customer", id);
      throw stale(current);
    }
    await syncContactIdentifiers(tx, id, before, updated);
    await refreshDuplicatesOf(tx, [id]);
    const changes = diffForAudit("Customer", before, patch);
    await ctx.audit.write(tx, { action: "UPDATE", customerIds: [id], fields: changes.map((c) => `Customer.${c.field}`), changes });
    if (changes.length) await emitEvent(tx, { type: "CUSTOMER_UPDATED", customerId: id, data: { fields: changes.map((c) => c.field), version: updated.version } });
    return updated;
  }).then((row) => present(ctx, [row])[0]!);
}

/** Which of these ids are customers (batch validation of ingested events). */
export async function existingCustomerIds(ctx: Context, ids: readonly string[]): Promise<Set<string>> {
  const valid = [...new Set(ids.filter(isUuid))];
  const rows = await Promise.all(valid.map((id) => loadCustomer(ctx, id)));
  return new Set(rows.filter((r): r is CustomerRow => r !== null).map((r) => r.id));
}
