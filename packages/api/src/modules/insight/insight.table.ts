import { index, integer, jsonb, numeric, pgEnum, pgTable, smallint, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";
import type { ChurnReason } from "./insight.formulas.js";

export const valueTier = pgEnum("value_tier", ["HIGH", "MEDIUM", "LOW"]);
export const lifecycleStage = pgEnum("lifecycle_stage", ["PROSPECT", "NEW", "GROWING", "STABLE", "AT_RISK", "CHURNED", "REACTIVATED"]);
export const churnLevel = pgEnum("churn_level", ["LOW", "MEDIUM", "HIGH"]);

/**
 * Stored insight, one row per customer: what lists, segments and metrics filter, sort and
 * aggregate on. Derived data: recomputed by `tessera insight refresh` and, per customer, when
 * usage, feedback or cases change (insight.refresh.ts).
 */
export const customerInsight = pgTable(
  "customer_insight",
  {
    customerId: uuid("customer_id")
      .primaryKey()
      .references(() => customers.id, { onDelete: "cascade" }),
    arpu: numeric("arpu", { precision: 12, scale: 2, mode: "number" }),
    tenureMonths: integer("tenure_months").notNull(),
    clv: numeric("clv", { precision: 14, scale: 2, mode: "number" }),
    valueTier: valueTier("value_tier").notNull(),
    lifecycleStage: lifecycleStage("lifecycle_stage").notNull(),
    churnScore: smallint("churn_score").notNull(),
    churnLevel: churnLevel("churn_level").notNull(),
    reasons: jsonb("reasons").$type<ChurnReason[]>().notNull(),
    nps: smallint("nps"),
    csat: smallint("csat"),
    computedAt: timestamp("computed_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    // Filters and segment leaves on tier, stage and risk; (…, customer_id) lets them join back cheaply.
    index("customer_insight_tier_idx").on(t.valueTier, t.customerId),
    index("customer_insight_lifecycle_idx").on(t.lifecycleStage, t.customerId),
    index("customer_insight_churn_idx").on(t.churnLevel, t.churnScore),
    index("customer_insight_score_idx").on(t.churnScore, t.customerId),
  ],
);

export type CustomerInsightRow = typeof customerInsight.$inferSelect;
export type NewCustomerInsightRow = typeof customerInsight.$inferInsert;
