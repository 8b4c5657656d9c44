import { problem } from "@tessera/schema/problems";
import { diffForAudit } from "../../audit/audit.collector.js";
import type { Context } from "../../graphql/context.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { requireCustomer } from "../customer/customer.service.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import { insertFeedback } from "./feedback.queries.js";
import { feedbackAspect, feedbackKind, type FeedbackRow } from "./feedback.table.js";
import { interactionChannel } from "../interaction/interaction.table.js";
import type { SubmitFeedbackInput } from "./feedback.inputs.js";
import { writeChannel } from "../partner/partner.writes.js";

/** Score ranges per kind: NPS 0–10, CSAT 1–5 (5 best). */
export const SCORE_RANGE = { NPS: [0, 10], CSAT: [1, 5] } as const;

/** The rules of a feedback answer, shared by submitFeedback and the feedback feed (feedback.feed.ts). */
export function validateFeedback(v: InputValidator, input: Omit<SubmitFeedbackInput, "customerId">) {
  v.oneOf("kind", input.kind, feedbackKind.enumValues);
  v.oneOf("aspect", input.aspect, feedbackAspect.enumValues);
  v.oneOf("channel", input.channel, interactionChannel.enumValues);
  if (input.kind === "NPS" || input.kind === "CSAT") {
    const [min, max] = SCORE_RANGE[input.kind];
    if (input.score == null) v.fail("score", problem("REQUIRED_FOR", { value: input.kind }));
    else v.intRange("score", input.score, min, max);
  } else if (!input.answers || !Object.keys(input.answers).length) {
    v.fail("answers", problem("ANSWERS_REQUIRED"));
  } else v.intRange("score", input.score, 0, 100);
  v.text("comment", input.comment, { max: 4000 });
  if (input.interactionId && !isUuid(input.interactionId)) v.fail("interactionId", problem("INVALID_ID"));
  if (input.caseId && !isUuid(input.caseId)) v.fail("caseId", problem("INVALID_ID"));
  if (input.submittedAt && input.submittedAt.getTime() > Date.now() + 60_000) v.fail("submittedAt", problem("IN_FUTURE"));
}

export async function submitFeedback(ctx: Context, input: SubmitFeedbackInput): Promise<FeedbackRow> {
  const v = new InputValidator();
  validateFeedback(v, input);
  const channel = writeChannel(v, ctx.principal, "channel", input.channel)!;
  v.done();
  await requireCustomer(ctx, input.customerId);
  // NPS/CSAT feed the churn risk: the stored insight is refreshed in the same transaction (insight/insight.refresh.ts).
  return ctx.db.transaction(async (tx) => {
    const row = await insertFeedback(tx, {
      customerId: input.customerId,
      kind: input.kind as FeedbackRow["kind"],
      score: input.score ?? null,
      aspect: (input.aspect ?? "OVERALL") as FeedbackRow["aspect"],
      comment: input.comment ?? null,
      answers: input.answers ?? null,
      channel: channel as FeedbackRow["channel"],
      interactionId: input.interactionId ?? null,
      caseId: input.caseId ?? null,
      submittedAt: input.submittedAt ?? new Date(),
    });
    await refreshInsightFor(tx, [row.customerId]);
    const changes = diffForAudit("Feedback", undefined, row as unknown as Record<string, unknown>);
    await ctx.audit.write(tx, { action: "CREATE", customerIds: [row.customerId], fields: changes.map((c) => `Feedback.${c.field}`), changes });
    return row;
  });
}
