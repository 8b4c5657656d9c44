import type { FieldProblem } from "../../graphql/errors.js";
/**
 * The interaction feed (`ingestInteractions`, `tessera import interactions`): append-only,
 * idempotent on externalId (a re-delivered event is unchanged, never a second row), under the
 * rules of logInteraction (validateInteraction) and the marketing contact cap.
 */
import { sql } from "drizzle-orm";
import type { InputValidator } from "../../lib/validation.js";
import { marketingCapRefusals } from "../care/contact-cap.js";
import { checkCustomerRef } from "../feed/feed.customer-ref.js";
import type { FeedEntity, MergeRow } from "../feed/feed.run.js";
import { execRows } from "../feed/feed.sql.js";
import type { InteractionEventInput } from "./interaction.inputs.js";
import { validateInteraction } from "./interaction.service.js";
import { interactionChannel, interactionType, type InteractionRow } from "./interaction.table.js";

interface Item {
  externalId: string;
  occurredAt: Date;
  channel: InteractionRow["channel"];
  type: InteractionRow["type"];
  summary: string | null;
  agent: string | null;
  outcome: string | null;
  caseId: string | null;
}

export const interactionFeed: FeedEntity<InteractionEventInput, Item> = {
  name: "interactions",
  arg: "events",
  auditType: "Interaction",
  auditFields: ["Interaction.agent", "Interaction.channel", "Interaction.externalId", "Interaction.occurredAt", "Interaction.outcome", "Interaction.summary", "Interaction.type"],
  columns: [
    { name: "customer_id", type: "uuid" },
    { name: "external_id", type: "text" },
    { name: "occurred_at", type: "timestamptz" },
    { name: "channel", type: "text" },
    { name: "type", type: "text" },
    { name: "summary", type: "text" },
    { name: "agent", type: "text" },
    { name: "outcome", type: "text" },
    { name: "case_id", type: "uuid" },
  ],
  keyField: "externalId",
  repeats: "skip",
  externalIdOf: (input) => input.externalId ?? null,
  keyOf: (item) => item.externalId,
  prepare(v: InputValidator, input) {
    const occurredAt = input.occurredAt ?? new Date();
    v.text("externalId", input.externalId, { required: true, max: 200 });
    validateInteraction(v, { ...input, customerId: input.customerId ?? undefined });
    v.oneOf("channel", input.channel, interactionChannel.enumValues);
    v.oneOf("type", input.type, interactionType.enumValues);
    const ref = input.customerId != null && input.customer == null ? { id: input.customerId, at: occurredAt, field: "customerId" } : checkCustomerRef(v, "customer", input.customer, occurredAt);
    return {
      ref,
      item: {
        externalId: input.externalId,
        occurredAt,
        channel: input.channel as Item["channel"],
        type: input.type as Item["type"],
        summary: input.summary ?? null,
        agent: input.agent ?? null,
        outcome: input.outcome ?? null,
        caseId: input.caseId ?? null,
      },
    };
  },
  toRow: (item, customerId) => ({
    customer_id: customerId,
    external_id: item.externalId,
    occurred_at: item.occurredAt.toISOString(),
    channel: item.channel,
    type: item.type,
    summary: item.summary,
    agent: item.agent,
    outcome: item.outcome,
    case_id: item.caseId,
  }),
  // The marketing contact cap (care/contact-cap.ts): events over it are rejected one by one.
  async check(tx, items) {
    const marketing = items.flatMap((p, k) => (p.item.type === "MARKETING" ? [k] : []));
    const problems: (FieldProblem | undefined)[] = items.map(() => undefined);
    if (!marketing.length) return problems;
    const refusals = await marketingCapRefusals(
      tx,
      marketing.map((k) => ({ customerId: items[k]!.customerId!, occurredAt: items[k]!.item.occurredAt, externalId: items[k]!.item.externalId })),
    );
    refusals.forEach((refusal, j) => {
      const k = marketing[j]!;
      if (refusal) problems[k] = { field: `events[${items[k]!.index}].type`, ...refusal.problem };
    });
    return problems;
  },
  async merge(tx, source, items) {
    const inserted = await execRows<{ id: string; external_id: string; customer_id: string }>(
      tx,
      sql`insert into interactions (customer_id, external_id, occurred_at, channel, type, summary, agent, outcome, case_id)
        select x.customer_id, x.external_id, x.occurred_at, x.channel::interaction_channel, x.type::interaction_type, x.summary, x.agent, x.outcome, x.case_id
        from ${source.relation}
        on conflict (external_id) do nothing
        returning id, external_id, customer_id`,
    );
    const indexOf = new Map(items.map((p) => [p.item.externalId, p.index]));
    return inserted.map((r): MergeRow => ({ idx: indexOf.get(r.external_id)!, outcome: "inserted", customer_id: r.customer_id, id: r.id }));
  },
  // A complaint is a churn signal.
  refreshesInsight: (item) => item.type === "COMPLAINT",
};
