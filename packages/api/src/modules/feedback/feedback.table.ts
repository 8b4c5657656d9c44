import { index, jsonb, pgEnum, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";
import { interactionChannel } from "../interaction/interaction.table.js";

export const feedbackKind = pgEnum("feedback_kind", ["NPS", "CSAT", "SURVEY"]);
export const feedbackAspect = pgEnum("feedback_aspect", ["NETWORK", "SERVICE", "PRODUCT", "PRICE", "OVERALL"]);

export const feedback = pgTable(
  "feedback",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    kind: feedbackKind("kind").notNull(),
    score: smallint("score"),
    aspect: feedbackAspect("aspect").notNull().default("OVERALL"),
    comment: text("comment"),
    answers: jsonb("answers").$type<Record<string, unknown>>(),
    channel: interactionChannel("channel").notNull(),
    interactionId: uuid("interaction_id"),
    caseId: uuid("case_id"),
    submittedAt: timestamp("submitted_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The answer's id in the survey system: re-delivering it stores nothing. */
    externalId: text("external_id").unique(),
  },
  (t) => [index("feedback_customer_idx").on(t.customerId, t.submittedAt)],
);

export type FeedbackRow = typeof feedback.$inferSelect;
