import type { Context } from "../graphql/context.js";
import { customerRowsLoader } from "../graphql/batch.js";
import { pageSize, type Page } from "../graphql/connection.js";
import { cursorCodec, type CursorCodec } from "../graphql/cursor.js";
import { BadInputError } from "../graphql/errors.js";
import { isUuid } from "../lib/ids.js";
import { InputValidator } from "../lib/validation.js";
import { mayReadAccessLog } from "../privacy/permissions.js";
import type { AuditEventFilter } from "./audit.inputs.js";
import { auditEventCondition, countAccessLogs, countAuditEvents, selectAccessLogs, selectAuditPage } from "./audit.queries.js";
import type { AuditEventRow } from "./audit.table.js";
import { sealPending } from "./seal.js";
import { verifyAuditChain } from "./verify.js";

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Audit pages are keyed by seq, sealed like every cursor (graphql/cursor.ts). */
const cursorOf = (cursor: CursorCodec) => (row: AuditEventRow) => cursor.encode("auditEvents", [row.seq]);

function beforeSeq(cursor: CursorCodec, after: string | null | undefined): number | undefined {
  if (!after) return undefined;
  const [seq] = cursor.decode("auditEvents", after, 1);
  if (!Number.isSafeInteger(seq)) throw BadInputError.field("after", "is not a valid audit cursor");
  return seq as number;
}

function conditions(filter: AuditEventFilter | undefined) {
  if (!filter) return undefined;
  const v = new InputValidator("filter");
  for (const field of ["customerId", "partnerId"] as const) {
    const id = filter[field];
    if (id != null && !isUuid(id)) v.fail(field, "is not a valid id");
  }
  if (filter.from && filter.to && filter.from > filter.to) v.fail("to", "must not be before filter.from");
  v.done();
  return auditEventCondition({ ...filter, purpose: filter.purpose as AuditEventRow["purpose"], action: filter.action as AuditEventRow["action"] });
}

/** The audit trail, newest first (who may call it is decided in privacy/permissions.ts). */
export async function listAuditEvents(ctx: Context, args: PageArgs & { filter?: AuditEventFilter }): Promise<Page<AuditEventRow>> {
  const limit = pageSize(args.first);
  const where = conditions(args.filter);
  const cursor = await cursorCodec(ctx.db);
  // The trail shows sealed events: what is pending is sealed first (waiting for a busy sealer).
  await sealPending(ctx.db, { wait: true });
  const rows = await selectAuditPage(ctx.db, { where, beforeSeq: beforeSeq(cursor, args.after), limit: limit + 1 });
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit, cursorOf: cursorOf(cursor), count: () => countAuditEvents(ctx.db, where) };
}

const EMPTY_PAGE: Page<AuditEventRow> = { nodes: [], hasNextPage: false, cursorOf: () => "", count: async () => 0 };

/**
 * Who accessed a customer: the events naming it, newest first. Roles that may not read the trail
 * get an empty list, reported as a redaction so that it does not read as "nobody". Customers of a
 * page share one statement per distinct (first, after).
 */
export async function customerAccessLog(ctx: Context, customer: { id: string }, args: PageArgs): Promise<Page<AuditEventRow>> {
  const limit = pageSize(args.first);
  const cursor = await cursorCodec(ctx.db);
  const before = beforeSeq(cursor, args.after);
  if (!mayReadAccessLog(ctx.principal)) {
    ctx.policy.redactions.add("Customer.accessLog", ctx.principal.kind === "PARTNER" ? "NOT_IN_SCOPE" : "MASKED_BY_ROLE");
    return EMPTY_PAGE;
  }
  const variant = JSON.stringify([limit, before ?? null]);
  const logs = customerRowsLoader(
    ctx,
    "accessLogByCustomerId",
    async (ids) => {
      await sealPending(ctx.db, { wait: true });
      return selectAccessLogs(ctx.db, ids, { beforeSeq: before, limit: limit + 1 });
    },
    variant,
  );
  const rows = await logs.load(customer.id);
  const counts = customerRowsLoader(ctx, "accessLogCountByCustomerId", (ids) => countAccessLogs(ctx.db, ids));
  return {
    nodes: rows.slice(0, limit),
    hasNextPage: rows.length > limit,
    cursorOf: cursorOf(cursor),
    count: async () => (await counts.load(customer.id))[0]?.n ?? 0,
  };
}

export async function auditChainStatus(ctx: Context) {
  await sealPending(ctx.db, { wait: true });
  const { ok, checked, firstBroken, lastHash } = await verifyAuditChain(ctx.db);
  return { ok, checked, firstBrokenId: firstBroken?.seq ?? null, reason: firstBroken?.reason ?? null, lastHash };
}
