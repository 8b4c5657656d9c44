import { diffForAudit } from "../../audit/audit.collector.js";
import type { Context } from "../../graphql/context.js";
import { decodeCursor, encodeCursor, pageSize, type Page } from "../../graphql/connection.js";
import { BadInputError, ConflictError } from "../../graphql/errors.js";
import { customerRowsLoader } from "../../graphql/batch.js";
import type { Subject } from "../../privacy/policy.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { assertUnderMarketingCap, marketingCapRefusals } from "../care/contact-cap.js";
import { existingCustomerIds, requireCustomer } from "../customer/customer.service.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import type { InteractionEventInput, InteractionFilter, LogInteractionInput } from "./interaction.inputs.js";
import {
  countInteractionsOfCustomers,
  insertInteraction,
  insertInteractionsIgnoringDuplicates,
  interactionExternalIdExists,
  interactionFilterCondition,
  selectRecentInteractions,
} from "./interaction.queries.js";
import type { InteractionRow } from "./interaction.table.js";

export const MAX_INGEST_BATCH = 5_000;

/** A customer's interactions, newest first; batched across all customers of the enclosing page. */
export async function customerInteractions(
  ctx: Context,
  customer: Subject & { id: string },
  args: { first?: number | null; after?: string | null; filter?: InteractionFilter },
): Promise<Page<InteractionRow>> {
  const limit = pageSize(args.first);
  let before: { occurredAt: Date; id: string } | undefined;
  if (args.after) {
    const [occurredAt, id] = decodeCursor(args.after, 2);
    if (typeof occurredAt !== "string" || typeof id !== "string" || !isUuid(id)) throw BadInputError.field("after", "is not a valid interaction cursor");
    before = { occurredAt: new Date(occurredAt), id };
  }
  const where = interactionFilterCondition(args.filter);
  // One loader per distinct argument set: each customer of the page shares the same statement.
  const variant = JSON.stringify([limit, args.after ?? null, args.filter ?? null]);
  const rows = await customerRowsLoader(ctx, "InteractionByCustomerId", (ids) => selectRecentInteractions(ctx.db, ids, { where, before, limit: limit + 1 }), variant).load(customer.id);
  // Cursors come from the raw rows: the policy may withhold occurredAt from this principal.
  const page = rows.slice(0, limit);
  const cursors = new Map(page.map((row) => [row.id, encodeCursor([row.occurredAt.toISOString(), row.id])]));
  const counts = customerRowsLoader(ctx, "interactionCountByCustomerId", (ids) => countInteractionsOfCustomers(ctx.db, ids, where), JSON.stringify(args.filter ?? null));
  return {
    nodes: ctx.policy.shapeAll("Interaction", page, customer),
    hasNextPage: rows.length > limit,
    cursorOf: (row) => cursors.get(row.id)!,
    count: async () => (await counts.load(customer.id))[0]?.n ?? 0,
  };
}

function validateInteraction(v: InputValidator, input: LogInteractionInput | InteractionEventInput) {
  if (!isUuid(input.customerId)) v.fail("customerId", "is not a valid id");
  if (input.occurredAt && input.occurredAt.getTime() > Date.now() + 5 * 60_000) v.fail("occurredAt", "must not be in the future");
  if (input.caseId != null && !isUuid(input.caseId)) v.fail("caseId", "is not a valid id");
  v.text("summary", input.summary, { max: 4000 });
  v.text("agent", input.agent, { max: 200 });
  v.text("outcome", input.outcome, { max: 500 });
  if (input.externalId !== undefined) v.text("externalId", input.externalId, { required: true, max: 200 });
}

function toRow(input: LogInteractionInput | InteractionEventInput) {
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

/** The interaction fields an ingested event writes (named in its audit row). */
const INGESTED_FIELDS = ["Interaction.agent", "Interaction.channel", "Interaction.externalId", "Interaction.occurredAt", "Interaction.outcome", "Interaction.summary", "Interaction.type"];

export async function logInteraction(ctx: Context, input: LogInteractionInput): Promise<InteractionRow> {
  const v = new InputValidator();
  validateInteraction(v, input);
  v.done();
  await requireCustomer(ctx, input.customerId);
  if (input.externalId && (await interactionExternalIdExists(ctx.db, input.externalId)))
    throw new ConflictError(`An interaction with externalId ${input.externalId} already exists`, { field: "input.externalId" });
  const row = toRow(input);
  return ctx.db.transaction(async (tx) => {
    // The marketing contact cap (care/contact-cap.ts), checked and written under its per-customer lock.
    if (row.type === "MARKETING") await assertUnderMarketingCap(tx, row);
    const created = await insertInteraction(tx, row);
    // A complaint is a churn signal: the stored insight is refreshed in the same transaction (insight/insight.refresh.ts).
    if (row.type === "COMPLAINT") await refreshInsightFor(tx, [row.customerId]);
    const changes = diffForAudit("Interaction", undefined, { id: created.id, ...row });
    await ctx.audit.write(tx, { action: "CREATE", customerIds: [row.customerId], fields: changes.map((c) => `Interaction.${c.field}`), changes });
    return created;
  });
}

/**
 * Batch ingestion, idempotent on externalId: valid new events are inserted in one transaction,
 * known externalIds (stored earlier or repeated in the batch) count as duplicates, invalid
 * events are rejected with their index and field. Re-sending a batch inserts nothing.
 */
export async function ingestInteractions(ctx: Context, events: InteractionEventInput[]) {
  if (events.length > MAX_INGEST_BATCH) throw BadInputError.field("events", `at most ${MAX_INGEST_BATCH} events per batch`);
  const errors: { index: number; externalId: string | null; field: string; message: string }[] = [];
  const known = await existingCustomerIds(ctx, events.map((e) => e.customerId));
  const seen = new Set<string>();
  const accepted: ReturnType<typeof toRow>[] = [];
  const acceptedIndex: number[] = [];
  let duplicate = 0;
  events.forEach((event, index) => {
    const v = new InputValidator(`events[${index}]`);
    validateInteraction(v, event);
    if (!v.problems.length && !known.has(event.customerId)) v.fail("customerId", "no such customer");
    if (v.problems.length) {
      for (const p of v.problems) errors.push({ index, externalId: event.externalId ?? null, ...p });
      return;
    }
    if (seen.has(event.externalId)) {
      duplicate++;
      return;
    }
    seen.add(event.externalId);
    accepted.push(toRow(event));
    acceptedIndex.push(index);
  });
  let overCap = 0;
  const inserted = await ctx.db.transaction(async (tx) => {
    // The marketing contact cap (care/contact-cap.ts): events over it are rejected one by one.
    const marketing = accepted.flatMap((row, i) => (row.type === "MARKETING" ? [i] : []));
    const refusals = await marketingCapRefusals(tx, marketing.map((i) => accepted[i]!));
    const refused = new Set<number>();
    refusals.forEach((refusal, k) => {
      if (!refusal) return;
      const i = marketing[k]!;
      refused.add(i);
      errors.push({ index: acceptedIndex[i]!, externalId: accepted[i]!.externalId, field: `events[${acceptedIndex[i]}].type`, message: refusal.message });
    });
    overCap = refused.size;
    const rows = await insertInteractionsIgnoringDuplicates(tx, refused.size ? accepted.filter((_, i) => !refused.has(i)) : accepted);
    await refreshInsightFor(tx, accepted.filter((r) => r.type === "COMPLAINT").map((r) => r.customerId));
    // One audit row per batch: which customers got events, and the ids of the events stored.
    const customerOf = new Map(accepted.map((r) => [r.externalId, r.customerId]));
    await ctx.audit.write(tx, {
      action: "CREATE",
      customerIds: [...new Set(rows.map((r) => customerOf.get(r.externalId!)!))].sort(),
      fields: INGESTED_FIELDS,
      changes: [{ field: "id", before: null, after: rows.map((r) => r.id) }],
    });
    return rows;
  });
  duplicate += accepted.length - overCap - inserted.length;
  errors.sort((a, b) => a.index - b.index);
  const rejected = new Set(errors.map((e) => e.index)).size;
  return { inserted: inserted.length, duplicate, rejected, errors };
}
