import { problem } from "@tessera/schema/problems";
import type { Context } from "../graphql/context.js";
import type { Page, PageArgs } from "../graphql/connection.js";
import { keysetPage } from "../graphql/keyset.js";
import { isUuid } from "../lib/ids.js";
import { InputValidator } from "../lib/validation.js";
import { mayReadAccessLog } from "../privacy/permissions.js";
import type { AuditEventFilter } from "./audit.inputs.js";
import { auditLoaders } from "./audit.loaders.js";
import { auditEventCondition, countAuditEvents, selectAuditPage } from "./audit.queries.js";
import type { AuditEventRow } from "./audit.table.js";
import { sealPending } from "./seal.js";
import { verifyAuditChain } from "./verify.js";

/** Audit pages are keyed by seq, sealed like every cursor (graphql/cursor.ts). */
/** The audit trail's keyset: its sequence number (the trail's own order). */
const bySeq = {
  list: "auditEvents",
  connection: "AuditEventConnection",
  arity: 1,
  positionOf: (row: AuditEventRow) => [row.seq],
  fromCursor: ([seq]: unknown[]) => (Number.isSafeInteger(seq) ? (seq as number) : undefined),
};

function conditions(filter: AuditEventFilter | undefined) {
  if (!filter) return undefined;
  const v = new InputValidator("filter");
  for (const field of ["customerId", "partnerId"] as const) {
    const id = filter[field];
    if (id != null && !isUuid(id)) v.fail(field, problem("INVALID_ID"));
  }
  if (filter.from && filter.to && filter.from > filter.to) v.fail("to", problem("BEFORE", { date: "filter.from" }));
  v.done();
  return auditEventCondition({ ...filter, purpose: filter.purpose as AuditEventRow["purpose"], action: filter.action as AuditEventRow["action"] });
}

/** The audit trail, newest first (who may call it is decided in privacy/permissions.ts). */
export async function listAuditEvents(ctx: Context, args: PageArgs & { filter?: AuditEventFilter }): Promise<Page<AuditEventRow>> {
  const where = conditions(args.filter);
  // The trail shows sealed events: what is pending is sealed first (waiting for a busy sealer),
  // once for the page and its count, which may run side by side.
  let sealed: Promise<unknown> | undefined;
  const sealFirst = () => (sealed ??= sealPending(ctx.db, { wait: true }));
  return keysetPage(ctx, args, {
    ...bySeq,
    read: async ({ from, backward, limit }) => {
      await sealFirst();
      return selectAuditPage(ctx.db, { where, fromSeq: from, backward, limit });
    },
    count: async () => {
      await sealFirst();
      return countAuditEvents(ctx.db, where);
    },
  });
}

const EMPTY_PAGE: Page<AuditEventRow> = { nodes: [], hasNextPage: false, hasPreviousPage: false, cursorOf: () => "", count: async () => 0 };

/**
 * Who accessed a customer: the events naming it, newest first. Roles that may not read the trail
 * get an empty list, reported as a redaction so that it does not read as "nobody". Customers of a
 * page share one statement per distinct window (first/after or last/before).
 */
export async function customerAccessLog(ctx: Context, customer: { id: string }, args: PageArgs): Promise<Page<AuditEventRow>> {
  if (!mayReadAccessLog(ctx.principal)) {
    ctx.policy.redactions.add("Customer.accessLog", ctx.principal.kind === "PARTNER" ? "NOT_IN_SCOPE" : "MASKED_BY_ROLE");
    return EMPTY_PAGE;
  }
  const loaders = ctx.loaders.of(auditLoaders, ctx);
  return keysetPage(ctx, args, {
    ...bySeq,
    read: ({ from, backward, limit }) => loaders.accessLogByCustomerId({ fromSeq: from, backward, limit }).load(customer.id),
    count: () => loaders.accessLogCountByCustomerId.load(customer.id),
  });
}

export async function auditChainStatus(ctx: Context) {
  await sealPending(ctx.db, { wait: true });
  const { ok, checked, firstBroken, lastHash } = await verifyAuditChain(ctx.db);
  return { ok, checked, firstBrokenId: firstBroken?.seq ?? null, reason: firstBroken?.reason ?? null, lastHash };
}
