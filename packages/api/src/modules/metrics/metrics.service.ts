import { problem } from "@tessera/schema/problems";
import { and, sql } from "drizzle-orm";
import type { Context } from "../../graphql/context.js";
import { BadInputError } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import { PURPOSES } from "../../privacy/principal.js";
import { assertMayRead, customerCondition, declareArgumentReads, usesOf } from "../../privacy/scope.js";
import { customers } from "../customer/customer.table.js";
import { caseCategory } from "../case/case.table.js";
import { assertMayFilter, compileDefinition, mayFilter } from "../segment/segment.definition.js";
import { selectAllSegments, selectSegmentsByIds } from "../segment/segment.queries.js";
import { GROUPINGS, selectMetrics, type MetricsGrouping, type MetricsWindow } from "./metrics.queries.js";
import { MetricsGroupBy, type MetricsRow } from "./metrics.type.js";

const MAX_WINDOW_YEARS = 5;
const MAX_WINDOW_DAYS = MAX_WINDOW_YEARS * 366;
export const MAX_SEGMENTS = 50;

const monthOf = (d: Date) => `${d.toISOString().slice(0, 7)}-01`;

function window(from: Date, to: Date): MetricsWindow {
  const v = new InputValidator("");
  if (Number.isNaN(from.getTime())) v.fail("from", problem("INVALID_TIME"));
  if (Number.isNaN(to.getTime())) v.fail("to", problem("INVALID_TIME"));
  else if (to <= from) v.fail("to", problem("NOT_AFTER", { other: "from" }));
  else if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) v.fail("to", problem("WINDOW_TOO_LONG", { years: MAX_WINDOW_YEARS }));
  v.done();
  return { from: from.toISOString(), to: to.toISOString(), firstMonth: monthOf(from), lastMonth: monthOf(new Date(to.getTime() - 1)) };
}

async function segmentGrouping(ctx: Context, segmentIds: readonly string[] | undefined): Promise<MetricsGrouping> {
  if (segmentIds && segmentIds.length > MAX_SEGMENTS) throw BadInputError.field("segmentIds", problem("TOO_MANY_SEGMENTS", { max: MAX_SEGMENTS }));
  const invalid = segmentIds?.findIndex((id) => !isUuid(id)) ?? -1;
  if (invalid >= 0) throw BadInputError.field(`segmentIds[${invalid}]`, problem("INVALID_ID"));
  let rows = segmentIds ? await selectSegmentsByIds(ctx.db, segmentIds) : await selectAllSegments(ctx.db, MAX_SEGMENTS);
  if (segmentIds && rows.length !== new Set(segmentIds).size) throw BadInputError.field("segmentIds", problem("UNKNOWN_SEGMENT"));
  // Grouping by a segment filters on its fields: segments named are refused, by default they are left out.
  if (segmentIds) segmentIds.forEach((id, i) => assertMayFilter(ctx.policy, rows.find((s) => s.id === id)!.definition, `segmentIds[${i}]`));
  else rows = rows.filter((s) => mayFilter(ctx.policy, s.definition));
  return GROUPINGS.SEGMENT(rows.map((s) => ({ id: s.id, name: s.name, condition: compileDefinition(s.definition, (customer) => customerCondition(ctx.policy, "MATCH", customer)) })));
}

/** What grouping reveals: the value each group is keyed by. Segments are checked per definition. */
export const METRICS_READS = declareArgumentReads("metrics", {
  from: [],
  to: [],
  segmentIds: [],
  "groupBy:MONTH": [],
  "groupBy:REGION": ["Customer.region"],
  "groupBy:CHANNEL": ["Interaction.channel"],
  "groupBy:TIER": ["Insight.valueTier"],
  "groupBy:SEGMENT": [],
  "groupBy:CITY": ["Customer.city"],
  "groupBy:ASPECT": ["Feedback.aspect", "Case.category"],
});

/** Root causes by number of complaints, most first; ties in the CaseCategory order. */
export function rankRootCauses(counts: Record<string, number> | null): { cause: string; complaints: number }[] {
  const order = caseCategory.enumValues as readonly string[];
  return Object.entries(counts ?? {})
    .map(([cause, complaints]) => ({ cause, complaints: Number(complaints) }))
    .sort((a, b) => b.complaints - a.complaints || order.indexOf(a.cause) - order.indexOf(b.cause));
}

/**
 * Aggregates only: no customer record leaves, so no read is audited. Analytics leave out
 * processing-restricted customers (they may be used only to perform the contract) and
 * respect the principal's visibility like every customer query.
 */
export async function metrics(
  ctx: Context,
  args: { from: Date; to: Date; groupBy: MetricsGroupBy; segmentIds?: string[] | null },
): Promise<MetricsRow[]> {
  const w = window(args.from, args.to);
  assertMayRead(ctx.policy, usesOf(METRICS_READS, [`groupBy:${args.groupBy}`]));
  if (args.segmentIds && args.groupBy !== MetricsGroupBy.SEGMENT) throw BadInputError.field("segmentIds", problem("ONLY_FOR", { value: "groupBy SEGMENT" }));
  const grouping =
    args.groupBy === MetricsGroupBy.SEGMENT
      ? await segmentGrouping(ctx, args.segmentIds ?? undefined)
      : args.groupBy === MetricsGroupBy.MONTH || args.groupBy === MetricsGroupBy.CHANNEL || args.groupBy === MetricsGroupBy.ASPECT
        ? GROUPINGS[args.groupBy](w)
        : GROUPINGS[args.groupBy]();
  const scope = and(sql`${customers.processingRestricted} = false`, customerCondition(ctx.policy, "MATCH"))!;
  const rows = await selectMetrics(ctx.db, grouping, w, scope);
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    customers: Number(r.customers),
    nps: r.nps,
    npsResponses: Number(r.nps_responses),
    csat: r.csat,
    csatResponses: Number(r.csat_responses),
    satisfactionExpectation: r.satisfaction_expectation,
    complaints: Number(r.complaints),
    complaintRatePer1000: r.complaint_rate_per_1000,
    casesDue: Number(r.cases_due),
    slaCompliance: r.sla_compliance,
    churnRiskDistribution: { low: Number(r.low), medium: Number(r.medium), high: Number(r.high) },
    consentCoverage: PURPOSES.map((purpose) => ({ purpose, pct: r.coverage?.[purpose] ?? 0 })),
    activeAtStart: Number(r.active_at_start),
    churned: Number(r.churned),
    churnRate: r.churn_rate,
    retentionRate: r.churn_rate === null ? null : Math.round(1000 - 10 * r.churn_rate) / 10,
    firstResponses: Number(r.first_responses),
    firstResponseMeanHours: r.first_response_mean_hours,
    firstResponseMedianHours: r.first_response_median_hours,
    rootCauses: rankRootCauses(r.root_causes),
    contacts: Number(r.contacts),
    contactsSurveyed: Number(r.contacts_surveyed),
    surveyCoverage: r.survey_coverage,
  }));
}
