/**
 * The satisfaction formulas of insight.formulas.ts as SQL aggregates, for metrics computed in
 * the database over many answers. Same definitions, same parameters (insight.config.ts), same
 * rounding; metrics.test.ts holds the two implementations equal on the same answers.
 */
import { sql, type SQL } from "drizzle-orm";
import { INSIGHT_CONFIG } from "./insight.config.js";

const s = INSIGHT_CONFIG.satisfaction;

/** NPS over the rows where `isNps`: % promoters (≥ 9) − % detractors (≤ 6), 1 decimal; null without answers. */
export function npsAggregate(score: SQL, isNps: SQL): SQL<number | null> {
  return sql<number | null>`round(100.0 * (count(*) filter (where ${isNps} and ${score} >= ${s.promoterMin}) - count(*) filter (where ${isNps} and ${score} <= ${s.detractorMax}))
    / nullif(count(*) filter (where ${isNps}), 0), 1)::float8`;
}

/** CSAT over the rows where `isCsat`: % of answers ≥ 4 on 1–5, 1 decimal; null without answers. */
export function csatAggregate(score: SQL, isCsat: SQL): SQL<number | null> {
  return sql<number | null>`round(100.0 * count(*) filter (where ${isCsat} and ${score} >= ${s.csatSatisfiedMin}) / nullif(count(*) filter (where ${isCsat}), 0), 1)::float8`;
}

/** Eξ = Σ i·Pᵢ over the 1–5 answers where `isCsat` (the mean answer), 2 decimals; null without answers. */
export function satisfactionExpectationAggregate(score: SQL, isCsat: SQL): SQL<number | null> {
  return sql<number | null>`round(avg(${score}) filter (where ${isCsat} and ${score} between 1 and 5), 2)::float8`;
}
