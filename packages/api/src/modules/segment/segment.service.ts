import { FIELD_LIMITS } from "@tessera/schema/limits";
import { and, type SQL } from "drizzle-orm";
import type { AuditChange } from "../../audit/audit.table.js";
import type { Context } from "../../graphql/context.js";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { keysetPage, timeAndId } from "../../graphql/keyset.js";
import { BadInputError, NotFoundError, type FieldProblem } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { principalLabel } from "../../privacy/principal.js";
import { customerCondition, release, subjectColumns } from "../../privacy/scope.js";
import { InputValidator } from "../../lib/validation.js";
import { segmentAudienceChanges, segmentAudiencesEnd } from "../audience/audience.membership.js";
import { emitEvents } from "../webhook/outbox.js";
import type { CustomerRow } from "../customer/customer.table.js";
import { assertMayFilter, compileDefinition, mayFilter, normaliseDefinition, type SegmentNode, type SegmentNodeInput } from "./segment.definition.js";
import {
  countMembers,
  countSegments,
  deleteSegmentRow,
  insertSegment,
  selectMemberPage,
  selectSegment,
  selectSegmentPage,
  updateSegmentCount,
  type CreatedKey,
} from "./segment.queries.js";
import type { SegmentRow } from "./segment.table.js";

/** The members condition: the tree, within what this principal may see at all. */
export function membersCondition(ctx: Context, definition: SegmentNode) {
  const condition = compileDefinition(definition, (customer) => customerCondition(ctx.policy, "MATCH", customer));
  return and(condition, customerCondition(ctx.policy, "MATCH")) ?? condition;
}

export async function createSegment(ctx: Context, name: string, definition: SegmentNodeInput): Promise<SegmentRow> {
  const v = new InputValidator("");
  v.text("name", name, { required: true, max: FIELD_LIMITS.Segment.name });
  let tree: SegmentNode | undefined;
  try {
    tree = normaliseDefinition(definition);
  } catch (error) {
    // Report the name's and the tree's problems together.
    if (!(error instanceof BadInputError)) throw error;
    v.problems.push(...(error.extensions.problems as FieldProblem[]));
  }
  v.done();
  assertMayFilter(ctx.policy, tree!);
  return ctx.db.transaction(async (tx) => {
    const memberCount = await countMembers(tx, membersCondition(ctx, tree!));
    const created = await insertSegment(tx, { name: name.trim(), definition: tree!, memberCount, createdBy: principalLabel(ctx.principal) });
    await ctx.audit.write(tx, segmentAudit("CREATE", created, [{ field: "name", before: null, after: created.name }, { field: "definition", before: null, after: created.definition }]));
    return created;
  });
}

/**
 * Segments hold no customer's values (a definition is a filter, its count an aggregate), so
 * their audit rows name no customer; the definition is kept as written.
 */
function segmentAudit(action: "CREATE" | "UPDATE" | "DELETE", segment: SegmentRow, changes: AuditChange[]) {
  return { action, customerIds: [], fields: [], changes: [{ field: "id", before: null, after: segment.id }, ...changes] };
}

export async function findSegment(ctx: Context, id: string): Promise<SegmentRow | null> {
  if (!isUuid(id)) return null;
  return (await selectSegment(ctx.db, id)) ?? null;
}

async function requireSegment(ctx: Context, id: string): Promise<SegmentRow> {
  const segment = await findSegment(ctx, id);
  if (!segment) throw new NotFoundError("Segment", id);
  return segment;
}

/** Recounts the members now (the count is stored with the time of the refresh). */
export async function refreshSegment(ctx: Context, id: string): Promise<SegmentRow> {
  const segment = await requireSegment(ctx, id);
  assertMayFilter(ctx.policy, segment.definition);
  return ctx.db.transaction(async (tx) => {
    const memberCount = await countMembers(tx, membersCondition(ctx, segment.definition));
    const updated = (await updateSegmentCount(tx, id, memberCount)) ?? segment;
    // Audiences publishing this segment: who entered or left is announced to their partner.
    await emitEvents(tx, await segmentAudienceChanges(tx, id));
    await ctx.audit.write(tx, segmentAudit("UPDATE", segment, [{ field: "memberCount", before: segment.memberCount, after: updated.memberCount }]));
    return updated;
  });
}

export async function deleteSegment(ctx: Context, id: string): Promise<boolean> {
  const segment = await requireSegment(ctx, id);
  return ctx.db.transaction(async (tx) => {
    await emitEvents(tx, await segmentAudiencesEnd(tx, id));
    const deleted = await deleteSegmentRow(tx, id);
    await ctx.audit.write(tx, segmentAudit("DELETE", segment, [{ field: "name", before: segment.name, after: null }]));
    return deleted;
  });
}

/** The (created_at, id) position of lists ordered by creation (segments, members, audiences), from its cursor values. */
function createdKeyOf(values: unknown[]): CreatedKey | undefined {
  const key = timeAndId(values);
  return key && { createdAt: key.at, id: key.id };
}

export async function listSegments(ctx: Context, args: PageArgs): Promise<Page<SegmentRow>> {
  return keysetPage(ctx, args, {
    list: "segments",
    connection: "SegmentConnection",
    arity: 2,
    positionOf: (row: SegmentRow) => [row.createdAt.toISOString(), row.id],
    fromCursor: createdKeyOf,
    read: ({ from, backward, limit }) => selectSegmentPage(ctx.db, from, limit, backward),
    count: () => countSegments(ctx.db),
  });
}

/**
 * The stored member count, for principals who may filter on every field of the definition
 * (segment.definition.ts mayFilter, the filter-reveals-field rule): a count of customers matching
 * `specialCare IN [...]` tells how many have special care. Others get null, reported as a redaction.
 */
export function visibleMemberCount(ctx: Context, segment: SegmentRow): number | null {
  if (mayFilter(ctx.policy, segment.definition)) return segment.memberCount;
  ctx.policy.redactions.add("Segment.memberCount", "MASKED_BY_ROLE");
  return null;
}

/**
 * The segment's members now, evaluated in one statement per page (plus one count when
 * selected). Filtering on a field needs the right to read it in full, checked for the reader
 * (who may not be the creator); rows leave masked by the policy and noted for the read audit,
 * like any customer list.
 */
export async function segmentMembers(ctx: Context, segment: SegmentRow, args: PageArgs): Promise<Page<CustomerRow>> {
  assertMayFilter(ctx.policy, segment.definition);
  return memberPage(ctx, `segment:${segment.id}`, membersCondition(ctx, segment.definition), args);
}

/**
 * A page of customers matching `where` (over customers left-joined to their insight) in creation
 * order, released like any customer list: masked by the policy and noted for the read audit.
 * Cursors are sealed from the unmasked rows.
 */
export async function memberPage(ctx: Context, list: string, where: SQL, args: PageArgs): Promise<Page<CustomerRow>> {
  return keysetPage(ctx, args, {
    list,
    connection: "CustomerConnection",
    arity: 2,
    positionOf: (row: CustomerRow) => [row.createdAt.toISOString(), row.id],
    fromCursor: createdKeyOf,
    read: ({ from, backward, limit }) => selectMemberPage(ctx.db, where, from, limit, backward, subjectColumns(ctx.policy)),
    release: (rows) => release(ctx, "Customer", rows, (r) => r, (r) => r.id),
    count: () => countMembers(ctx.db, where),
  });
}
