import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";

export const mergeStatus = pgEnum("merge_status", ["MERGED", "UNDONE"]);

/**
 * One merge of two customer records, with everything needed to undo it exactly: both profiles as
 * they were, the field choices, the ids of every row moved per table, usage months combined, and
 * the consent events the merge itself appended. It is also the source of the CUSTOMER_MERGED event.
 */
export const customerMerges = pgTable(
  "customer_merges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    survivorId: uuid("survivor_id")
      .notNull()
      .references(() => customers.id),
    mergedId: uuid("merged_id")
      .notNull()
      .references(() => customers.id),
    status: mergeStatus("status").notNull().default("MERGED"),
    /** Profile of each record before the merge (cleared if either customer is later erased). */
    survivorBefore: jsonb("survivor_before").$type<Record<string, unknown> | null>(),
    mergedBefore: jsonb("merged_before").$type<Record<string, unknown> | null>(),
    /** Survivor profile fields the merge changed, with the value it set. */
    fieldsSet: jsonb("fields_set").$type<Record<string, unknown> | null>(),
    /** Row ids moved from the merged record to the survivor, per table. */
    moved: jsonb("moved").$type<Record<string, string[]>>().notNull(),
    /** Per COMBINE table: keys moved as they were, and rows of both records for keys both held (usage months). */
    combined: jsonb("combined")
      .$type<Record<string, { moved: string[]; combined: { survivor: Record<string, unknown>; merged: Record<string, unknown> }[] }>>()
      .notNull(),
    /** Consent events the merge appended to carry the stricter state over. */
    consentEventsAdded: uuid("consent_events_added").array().notNull(),
    mergedBy: text("merged_by").notNull(),
    mergedAt: timestamp("merged_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    undoneBy: text("undone_by"),
    undoneAt: timestamp("undone_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("customer_merges_survivor_idx").on(t.survivorId), index("customer_merges_merged_idx").on(t.mergedId)],
);

/** Candidate pairs found by the match rules (identity.rules.ts); `customerA` < `customerB`. */
export const duplicateCandidates = pgTable(
  "duplicate_candidates",
  {
    customerA: uuid("customer_a")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    customerB: uuid("customer_b")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    reasons: text("reasons").array().notNull(),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerA, t.customerB] }), index("duplicate_candidates_score_idx").on(t.score, t.customerA, t.customerB)],
);

/**
 * Pairs a steward decided are two different customers ("not a duplicate"); `customerA` < `customerB`.
 * Refreshes never list them again. Only ids, who and when: no free text that could hold personal data.
 */
export const duplicateDismissals = pgTable(
  "duplicate_dismissals",
  {
    customerA: uuid("customer_a")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    customerB: uuid("customer_b")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    dismissedBy: text("dismissed_by").notNull(),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerA, t.customerB] })],
);

export type CustomerMergeRow = typeof customerMerges.$inferSelect;
