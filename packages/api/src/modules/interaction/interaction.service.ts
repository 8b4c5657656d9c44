import { problem } from "@tessera/schema/problems";
import type { GraphQLResolveInfo } from "graphql";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import { diffForAudit } from "../../audit/audit.collector.js";
import type { DbOrTx } from "../../db/client.js";
import type { Context } from "../../graphql/context.js";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { keysetPage } from "../../graphql/keyset.js";
import { BadInputError, ConflictError } from "../../graphql/errors.js";
import { plannedValue } from "../../graphql/prefetch.js";
import type { Subject } from "../../privacy/policy.js";
import { assertMayRead, declareArgumentReads, PAGE_ARGUMENT_READS, release, usesOf } from "../../privacy/scope.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { assertUnderMarketingCap } from "../care/contact-cap.js";
import { requireCustomer } from "../customer/customer.service.js";
import { feedWriter } from "../feed/feed.writer.js";
import { runFeed } from "../feed/feed.run.js";
import { interactionFeed } from "./interaction.feed.js";
import { refuseExternalId, writeChannel } from "../partner/partner.writes.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import type { InteractionEventInput, InteractionFilter, LogInteractionInput } from "./interaction.inputs.js";
import { interactionLoaders } from "./interaction.loaders.js";
import { insertInteraction, interactionExternalIdExists, interactionOrder, type PlannedInteractionPage } from "./interaction.queries.js";
import type { InteractionRow } from "./interaction.table.js";

export const MAX_INGEST_BATCH = 5_000;

/** What each argument of `Customer.interactions` reads: filtering on a field reveals it. */
export const INTERACTIONS_READS = declareArgumentReads("Customer.interactions", {
  ...PAGE_ARGUMENT_READS,
  "filter.type": ["Interaction.type"],
  "filter.channel": ["Interaction.channel"],
  "filter.from": ["Interaction.occurredAt"],
  "filter.to": ["Interaction.occurredAt"],
});

/** A customer's interactions, newest first, paged forward or backward; batched across all customers of the enclosing page. */
export async function customerInteractions(
  ctx: Context,
  customer: Subject & { id: string },
  args: PageArgs & { filter?: InteractionFilter },
  info?: GraphQLResolveInfo,
): Promise<Page<InteractionRow>> {
  const order = interactionOrder(ctx.policy);
  const filter = args.filter ?? {};
  assertMayRead(ctx.policy, usesOf(INTERACTIONS_READS, Object.keys(filter).filter((k) => filter[k as keyof InteractionFilter] != null).map((k) => `filter.${k}`)));
  // The first page may have been read by the customer's own statement (graphql/prefetch.ts), in this caller's order.
  const planned = plannedValue<PlannedInteractionPage>(customer, info);
  const loaders = ctx.loaders.of(interactionLoaders, ctx);
  return keysetPage(ctx, args, {
    // Cursors are sealed to the order ("interactions" or "interactions:id"): a cursor of one order is refused in the other.
    list: order === "TIME" ? "interactions" : "interactions:id",
    connection: "InteractionConnection",
    arity: 2,
    // From the raw rows: the policy may withhold occurredAt from this principal.
    positionOf: (row: InteractionRow) => [order === "TIME" ? row.occurredAt.toISOString() : null, row.id],
    fromCursor: ([occurredAt, id]) =>
      (order === "TIME" && typeof occurredAt !== "string") || typeof id !== "string" || !isUuid(id) ? undefined : { occurredAt: order === "TIME" ? new Date(occurredAt as string) : undefined, id },
    read: async ({ from, backward, limit }) =>
      (planned?.order === order ? planned.rows : undefined) ??
      // One loader per distinct argument set: each customer of the page shares the same statement.
      loaders.recentByCustomerId({ filter: args.filter, order, from, backward, limit }).load(customer.id),
    release: (rows) => release(ctx, "Interaction", rows, customer),
    count: async () => planned?.count ?? (await loaders.countByCustomerId(args.filter).load(customer.id)),
  });
}

/** The rules of an interaction, shared by logInteraction and the interaction feed. */
export function validateInteraction(v: InputValidator, input: Omit<LogInteractionInput, "customerId"> & { customerId?: string | null }) {
  if (input.customerId != null && !isUuid(input.customerId)) v.fail("customerId", problem("INVALID_ID"));
  if (input.occurredAt && input.occurredAt.getTime() > Date.now() + 5 * 60_000) v.fail("occurredAt", problem("IN_FUTURE"));
  if (input.caseId != null && !isUuid(input.caseId)) v.fail("caseId", problem("INVALID_ID"));
  v.text("summary", input.summary, { max: FIELD_LIMITS.Interaction.summary });
  v.text("agent", input.agent, { max: FIELD_LIMITS.Interaction.agent });
  v.text("outcome", input.outcome, { max: FIELD_LIMITS.Interaction.outcome });
  if (input.externalId !== undefined) v.text("externalId", input.externalId, { required: true, max: FIELD_LIMITS.Interaction.externalId });
}

function toRow(input: LogInteractionInput) {
  return {
    customerId: input.customerId,
    occurredAt: input.occurredAt ?? new Date(),
    channel: input.channel as InteractionRow["channel"],
    type: input.type as InteractionRow["type"],
    summary: input.summary ?? null,
    agent: input.agent ?? null,
    outcome: input.outcome ?? null,
    caseId: input.caseId ?? null,
    externalId: input.externalId ?? null,
  };
}


/** `within` runs in the same transaction after the insert (a care task's completion clears its work state). */
export async function logInteraction(ctx: Context, input: LogInteractionInput, within?: (tx: DbOrTx, created: InteractionRow) => Promise<void>): Promise<InteractionRow> {
  const v = new InputValidator();
  validateInteraction(v, input);
  const channel = writeChannel(v, ctx.principal, "channel", input.channel)!;
  refuseExternalId(v, ctx.principal, "externalId", input.externalId);
  v.done();
  await requireCustomer(ctx, input.customerId);
  if (input.externalId && (await interactionExternalIdExists(ctx.db, input.externalId)))
    throw new ConflictError(`An interaction with externalId ${input.externalId} already exists`, { field: "input.externalId" });
  const row = toRow({ ...input, channel });
  return ctx.db.transaction(async (tx) => {
    // The marketing contact cap (care/contact-cap.ts), checked and written under its per-customer lock.
    if (row.type === "MARKETING") await assertUnderMarketingCap(tx, row);
    const created = await insertInteraction(tx, row);
    // A complaint is a churn signal: the stored insight is refreshed in the same transaction (insight/insight.refresh.ts).
    if (row.type === "COMPLAINT") await refreshInsightFor(tx, [row.customerId]);
    const changes = diffForAudit("Interaction", undefined, { id: created.id, ...row });
    await ctx.audit.write(tx, { action: "CREATE", customerIds: [row.customerId], fields: changes.map((c) => `Interaction.${c.field}`), changes });
    await within?.(tx, created);
    return created;
  });
}

/**
 * Batch ingestion, idempotent on externalId, through the one feed write path (feed/feed.run.ts):
 * valid new events are inserted in one set-based statement, known externalIds (stored earlier or
 * repeated in the batch) are unchanged ("duplicate"), invalid events are rejected with their
 * index and field. Re-sending a batch inserts nothing.
 */
export async function ingestInteractions(ctx: Context, events: InteractionEventInput[]) {
  if (events.length > MAX_INGEST_BATCH) throw BadInputError.field("events", problem("BATCH_TOO_LARGE", { max: MAX_INGEST_BATCH }));
  const outcome = await runFeed(feedWriter(ctx), interactionFeed, events);
  return { ...outcome, duplicate: outcome.unchanged };
}
