/**
 * The feedback feed (`ingestFeedback`, `tessera import feedback`): survey answers from survey
 * systems under submitFeedback's rules, idempotent on externalId. NPS and CSAT answers refresh the
 * customer's insight (they feed the churn risk).
 */
import { sql } from "drizzle-orm";
import { checkCustomerRef } from "../feed/feed.customer-ref.js";
import type { FeedEntity, MergeRow } from "../feed/feed.run.js";
import { execRows } from "../feed/feed.sql.js";
import type { FeedbackFeedInput } from "./feedback.inputs.js";
import { validateFeedback } from "./feedback.service.js";

type Item = FeedbackFeedInput & { submittedAt: Date };

export const feedbackFeed: FeedEntity<FeedbackFeedInput, Item> = {
  name: "feedback",
  arg: "feedback",
  auditType: "Feedback",
  auditFields: ["Feedback.score", "Feedback.comment", "Feedback.answers"],
  columns: [
    { name: "customer_id", type: "uuid" },
    { name: "external_id", type: "text" },
    { name: "kind", type: "text" },
    { name: "score", type: "int" },
    { name: "aspect", type: "text" },
    { name: "comment", type: "text" },
    { name: "answers", type: "jsonb" },
    { name: "channel", type: "text" },
    { name: "interaction_id", type: "uuid" },
    { name: "case_id", type: "uuid" },
    { name: "submitted_at", type: "timestamptz" },
  ],
  keyField: "externalId",
  repeats: "skip",
  externalIdOf: (input) => input.externalId ?? null,
  keyOf: (item) => item.externalId,
  prepare(v, input) {
    v.text("externalId", input.externalId, { required: true, max: 200 });
    validateFeedback(v, input);
    const submittedAt = input.submittedAt ?? new Date();
    return { item: { ...input, submittedAt }, ref: checkCustomerRef(v, "customer", input.customer, submittedAt) };
  },
  toRow: (item, customerId) => ({
    customer_id: customerId,
    external_id: item.externalId,
    kind: item.kind,
    score: item.score ?? null,
    aspect: item.aspect ?? "OVERALL",
    comment: item.comment ?? null,
    answers: item.answers ?? null,
    channel: item.channel,
    interaction_id: item.interactionId ?? null,
    case_id: item.caseId ?? null,
    submitted_at: item.submittedAt.toISOString(),
  }),
  async merge(tx, source, items) {
    const inserted = await execRows<{ id: string; external_id: string; customer_id: string }>(
      tx,
      sql`insert into feedback (customer_id, external_id, kind, score, aspect, comment, answers, channel, interaction_id, case_id, submitted_at)
        select x.customer_id, x.external_id, x.kind::feedback_kind, x.score, x.aspect::feedback_aspect, x.comment, x.answers,
          x.channel::interaction_channel, x.interaction_id, x.case_id, x.submitted_at
        from ${source.relation}
        on conflict (external_id) do nothing
        returning id, external_id, customer_id`,
    );
    const indexOf = new Map(items.map((p) => [p.item.externalId, p.index]));
    return inserted.map((r): MergeRow => ({ idx: indexOf.get(r.external_id)!, outcome: "inserted", customer_id: r.customer_id, id: r.id }));
  },
  refreshesInsight: (item) => item.kind === "NPS" || item.kind === "CSAT",
};
